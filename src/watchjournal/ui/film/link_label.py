"""A label of plain-text pieces, some of them links: names on a film's page you can click.

Every piece is user text (a director's name, a tag, a list's name), so it is
escaped before it goes into the label's rich text: it shows exactly as
written and can never become markup, an image or a link of its own. A link's
href is only the piece's number; what it leads to (a query, a film id) stays
in Python and comes back through ``activated``. Links can be reached with Tab
and followed with Enter, and the text wraps between words, never inside one.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from watchjournal.ui.common.widgets import shown

MAX_WORD_WIDTH = 220  # a word wider than this (a long URL) may still break inside


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


def pieces_html(pieces: Sequence[Piece], link_colour: str | None = None) -> str:
    """Rich text for the pieces: each text escaped, links numbered ``0``, ``1``..."""
    style = "text-decoration: none;" + (f" color: {link_colour};" if link_colour else "")
    parts = []
    for number, piece in enumerate(pieces):
        text = html.escape(shown(piece.text)).replace("\n", "<br>")
        if piece.target is None:
            parts.append(text)
        else:
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
        """Follow the link showing ``text`` (as a click does); for tests and accessibility."""
        number = next(i for i, p in enumerate(self._pieces) if p.text == text and p.target)
        self._follow(str(number))

    def _show(self) -> None:
        link = self.palette().color(QPalette.ColorRole.Link).name()
        self.setText(pieces_html(self._pieces, link))
        words = self.plain_text().split()
        widest = max((self.fontMetrics().horizontalAdvance(w) for w in words), default=0)
        # The column never gets narrower than the widest word: lines break between words.
        self.setMinimumWidth(min(widest, MAX_WORD_WIDTH) + 2)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._show()  # the link colour follows light and dark

    def _follow(self, href: str) -> None:
        if href.isdigit() and int(href) < len(self._pieces):
            target = self._pieces[int(href)].target
            if target is not None:
                self.activated.emit(target)
