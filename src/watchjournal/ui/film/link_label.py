"""A label of plain-text pieces, some of them links: names on a film's page you can click.

Every piece is user text (a director's name, a tag, a list's name), so it is
escaped before it goes into the label's rich text: it shows exactly as
written and can never become markup, an image or a link of its own. A link's
href is only the piece's number; what it leads to (a query, a film id) stays
in Python and comes back through ``activated``. Links can be reached with Tab
and followed with Enter. Lines break between names, and inside a name only at
a space when the name is wider than ``WHOLE_WIDTH`` (never inside a word,
unless one word alone is wider than that).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from watchjournal.ui.common.widgets import shown

WHOLE_WIDTH = 160  # pixels: a link narrower than this is never broken across lines
NBSP = "\u00a0"


@dataclass(frozen=True)
class Piece:
    """``text`` as written; ``target`` (a query, a film id) makes it a link."""

    text: str
    target: object = None


def joined(pieces: Iterable[Piece], separator: str = ", ") -> list[Piece]:
    """The pieces with a plain ``separator`` between each two."""
    result: list[Piece] = []
    for piece in pieces:
        if result:
            result.append(Piece(separator))
        result.append(piece)
    return result


def pieces_html(
    pieces: Sequence[Piece],
    link_colour: str | None = None,
    keep_whole: Callable[[str], bool] = lambda _text: False,
) -> str:
    """Rich text for the pieces: each text escaped, links numbered ``0``, ``1``...;
    a link that ``keep_whole`` says fits on a line gets no-break spaces."""
    style = "text-decoration: none;" + (f" color: {link_colour};" if link_colour else "")
    parts = []
    for number, piece in enumerate(pieces):
        text = html.escape(shown(piece.text)).replace("\n", "<br>")
        if piece.target is None:
            parts.append(text)
            continue
        if keep_whole(piece.text):
            text = text.replace(" ", NBSP)
        parts.append(f'<a href="{number}" style="{style}">{text}</a>')
    return "".join(parts)


class LinkLabel(QLabel):
    activated = Signal(object)  # the target of the link followed

    def __init__(self, parent: QWidget | None = None, *, muted: bool = False) -> None:
        super().__init__(parent)
        self._pieces: list[Piece] = []
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setOpenExternalLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        if muted:
            self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.linkActivated.connect(self._follow)

    @property
    def pieces(self) -> tuple[Piece, ...]:
        return tuple(self._pieces)

    def plain_text(self) -> str:
        return "".join(piece.text for piece in self._pieces)

    def link_texts(self) -> list[str]:
        return [piece.text for piece in self._pieces if piece.target is not None]

    def set_pieces(self, pieces: Iterable[Piece]) -> None:
        self._pieces = list(pieces)
        self._show()

    def follow(self, text: str) -> None:
        """Follow the link showing ``text``, as a click does (tests, the render script)."""
        number = next(i for i, p in enumerate(self._pieces) if p.text == text and p.target)
        self._follow(str(number))

    def _width(self, text: str) -> int:
        return self.fontMetrics().horizontalAdvance(text)

    def _keep_whole(self, text: str) -> bool:
        return self._width(text) <= WHOLE_WIDTH

    def _show(self) -> None:
        link = self.palette().color(QPalette.ColorRole.Link).name()
        self.setText(pieces_html(self._pieces, link, self._keep_whole))
        # Never narrower than the widest thing the text will not break inside.
        unbroken = [
            part
            for piece in self._pieces
            for part in (
                [piece.text]
                if piece.target is not None and self._keep_whole(piece.text)
                else piece.text.split()
            )
        ]
        widest = max((self._width(part) for part in unbroken), default=0)
        self.setMinimumWidth(min(widest, WHOLE_WIDTH) + 2)

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab and Shift+Tab step through the links, then leave the label. Going backwards
        # QLabel wraps round to its last link instead of leaving, so Shift+Tab never got
        # out of a label: leave once there is no earlier link.
        before = self.selectionStart()  # -1: the label has the focus, no link yet
        moved = super().focusNextPrevChild(next)
        after = self.selectionStart()
        if next or (moved and after >= 0 and (before < 0 or after < before)):
            return moved
        return QWidget.focusNextPrevChild(self, next)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._show()  # the link colour follows light and dark; widths follow the font

    def _follow(self, href: str) -> None:
        if href.isdigit() and int(href) < len(self._pieces):
            target = self._pieces[int(href)].target
            if target is not None:
                self.activated.emit(target)
