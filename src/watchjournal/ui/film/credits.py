"""The facts beside a film's poster: directors, cast, genres, countries, runtime, where
to watch, content notes and the watchlist entry.

Names are links: a click asks for the search that shows those films
(``director:"Len Wiseman"``, built by ``search.terms.field_term``) through
``search_requested``. Each row is a muted name on the left and the value,
wrapping between words, on the right; the watchlist row has an "Edit Note…"
button (``watchlist_note_requested``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from watchjournal.journal import FilmRecord
from watchjournal.search.terms import field_term
from watchjournal.ui.common.formatting import count_text, day_text, stamp_text
from watchjournal.ui.common.widgets import plain_label
from watchjournal.ui.film.link_label import LinkLabel, Piece, joined


def search_pieces(field: str, values: Iterable[str], separator: str = ", ") -> list[Piece]:
    """Each value a link to the search for films with it in ``field``."""
    return joined((_searchable(field, value) for value in values), separator)


def _searchable(field: str, value: str) -> Piece:
    try:
        return Piece(value, field_term(field, value))
    except ValueError:  # only quotes and spaces: nothing a search could find
        return Piece(value)


def where_pieces(film: FilmRecord) -> list[Piece]:
    pieces: list[Piece] = []
    for option in film.fields.where_to_watch:
        if pieces:
            pieces.append(Piece("\n"))
        pieces.append(_searchable("where", option.service))
        if option.checked_on:
            pieces.append(Piece(f"  (checked {day_text(option.checked_on)})"))
    return pieces


def credit_rows(film: FilmRecord) -> list[tuple[str, list[Piece]]]:
    """The rows the page shows for ``film``, by name; rows with nothing in them left out."""
    f = film.fields
    rows = [
        ("Directed by", search_pieces("director", f.directors)),
        ("Cast", search_pieces("cast", f.cast)),
        ("Genres", search_pieces("genre", f.genres)),
        ("Countries", search_pieces("country", f.countries)),
        ("Runtime", [Piece(f"{count_text(f.runtime)} min")] if f.runtime else []),
        ("Where to watch", where_pieces(film)),
        ("Content notes", search_pieces("content", f.content_notes, " · ")),
    ]
    if film.watchlist is not None:
        note = f" — {film.watchlist.note}" if film.watchlist.note else ""
        rows.append(("Watchlist", [Piece(f"since {stamp_text(film.watchlist.added_at)}{note}")]))
    return [(name, pieces) for name, pieces in rows if pieces]


def with_button(
    text: QWidget, button_text: str, accessible: str, clicked: Callable[[], None]
) -> QWidget:
    """``text`` with a small button under it (edit what it shows).

    Under, not beside: the text's longest word and the button side by side made
    the row wider than the pane at 800 px, and the page was cut at its right edge."""
    row = QWidget()
    layout = QVBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(text)
    button = QPushButton(button_text)
    button.setAccessibleName(accessible)
    button.clicked.connect(lambda: clicked())  # not clicked(checked): it takes no argument
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
    return row


class CreditsGrid(QWidget):
    search_requested = Signal(str)
    watchlist_note_requested = Signal()  # the watchlist row's "Edit Note…"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(4)
        self._grid.setColumnStretch(1, 1)
        self.values: dict[str, LinkLabel] = {}  # by row name, for tests and accessibility

    def set_film(self, film: FilmRecord) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.values = {}
        for row, (name, pieces) in enumerate(credit_rows(film)):
            label: QLabel = plain_label(name, muted=True, selectable=False, wrap=False)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value = LinkLabel()
            value.setAccessibleName(name)
            value.set_pieces(pieces)
            value.activated.connect(lambda query: self.search_requested.emit(str(query)))
            shown_value: QWidget = value
            if name == "Watchlist":
                shown_value = with_button(
                    value,
                    "Edit Note…",
                    f"Edit the watchlist note of {film.label}",
                    self.watchlist_note_requested.emit,
                )
            self._grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(shown_value, row, 1)
            self.values[name] = value
