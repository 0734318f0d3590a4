""" "On these lists" on a film's page: the lists you made that hold the film, each a link
that opens the list in the Lists view (``list_requested``), with the film's
place on a ranked list."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from watchjournal.journal.lists import ListMembership
from watchjournal.ui.common.formatting import count_text
from watchjournal.ui.common.widgets import plain_label
from watchjournal.ui.film.link_label import LinkLabel, Piece


def membership_pieces(membership: ListMembership) -> list[Piece]:
    """``Revenge (No. 2 of 4)`` for a ranked list, ``Revenge (4 films)`` otherwise."""
    size = membership.size
    if membership.ranked:
        where = f"No. {count_text(membership.position + 1)} of {count_text(size)}"
    else:
        where = f"{count_text(size)} film{'s' if size != 1 else ''}"
    pieces = [Piece(membership.name, membership.list_id), Piece(f"  ({where})")]
    if membership.note:
        pieces.append(Piece(f" — {membership.note}"))
    return pieces


class ListsSection(QWidget):
    list_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[LinkLabel] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(plain_label("On these lists", point_delta=2, bold=True))
        self._rows = QVBoxLayout()
        self._rows.setSpacing(2)
        layout.addLayout(self._rows)

    def set_lists(self, memberships: list[ListMembership]) -> None:
        for row in self.rows:
            row.hide()
            row.deleteLater()
        self.rows = []
        for membership in memberships:
            row = LinkLabel()
            row.setAccessibleName(f"Open the list {membership.name}")
            row.set_pieces(membership_pieces(membership))
            row.activated.connect(lambda list_id: self.list_requested.emit(int(list_id)))
            self._rows.addWidget(row)
            self.rows.append(row)
        self.setVisible(bool(memberships))
