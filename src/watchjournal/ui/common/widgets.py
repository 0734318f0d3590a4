"""Small widget helpers: labels that always show user text as plain text, an error
label in the theme's error colour, and ``shown`` for user text placed next to
other text (isolated, so a bidi override or a right-to-left title cannot reorder
what surrounds it)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from watchjournal.ui.common.theme import error_color
from watchjournal.user_text import isolate


def shown(text: str) -> str:
    """User text (a title, a headline, a review) as the GUI shows it: as written,
    but wrapped in FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE when it holds
    bidi controls or right-to-left letters, so it takes its own direction and
    cannot reorder the year, rating or labels around it, nor flip its label."""
    return isolate(text)


def plain_label(
    text: str = "",
    parent: QWidget | None = None,
    *,
    point_delta: float = 0,
    bold: bool = False,
    italic: bool = False,
    muted: bool = False,
    wrap: bool = True,
    selectable: bool = True,
) -> QLabel:
    """A QLabel that never interprets its text as HTML (user text is plain text)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = QFont(label.font())
    if point_delta:
        font.setPointSizeF(font.pointSizeF() + point_delta)
    font.setBold(bold)
    font.setItalic(italic)
    label.setFont(font)
    if muted:
        # A role, not a copied colour: it follows the palette when light/dark switches.
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def separator(parent: QWidget | None = None) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class ErrorLabel(QLabel):
    """A plain-text, wrapping label in the error colour of the current palette.

    No style sheet: the colour is derived from the palette (``theme.error_color``)
    and derived again when the palette changes, so it stays readable in light
    and dark.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setText(text)
        self._recolouring = False
        self._recolour()

    def _recolour(self) -> None:
        if self._recolouring:
            return
        self._recolouring = True  # setPalette sends a PaletteChange of its own
        try:
            palette = QPalette(self.palette())
            parent = self.parentWidget()
            red = error_color(parent.palette() if parent is not None else QGuiApplication.palette())
            palette.setColor(QPalette.ColorRole.WindowText, red)
            self.setPalette(palette)
        finally:
            self._recolouring = False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ParentChange):
            self._recolour()
        super().changeEvent(event)


def mnemonic_width(label: QLabel) -> int:
    """How wide a one-line label with a mnemonic ("&To") is drawn.

    QLabel measures the text as one run, with kerning ("To" is 13 pixels in
    DejaVu Sans), but draws the underlined letter as a run of its own, without
    it (15 pixels): the last letter was cut off. Measured the way it is drawn.
    """
    text, metrics = label.text(), label.fontMetrics()
    at = text.find("&")
    while at >= 0 and text[at + 1 : at + 2] == "&":  # "&&" is a literal ampersand
        at = text.find("&", at + 2)
    if at < 0 or at + 1 >= len(text):
        return metrics.horizontalAdvance(text.replace("&&", "&"))
    before, letter, after = (
        part.replace("&&", "&") for part in (text[:at], text[at + 1], text[at + 2 :])
    )
    return sum(metrics.horizontalAdvance(part) for part in (before, letter, after))


def room_for_mnemonics(widget: QWidget) -> None:
    """Give each one-line label with a mnemonic in ``widget`` the width it is drawn at."""
    for label in widget.findChildren(QLabel):
        if "&" in label.text() and not label.wordWrap():
            label.setMinimumWidth(max(label.minimumWidth(), mnemonic_width(label) + 1))


def keep_wrapped_text_whole(dialog: QWidget) -> None:
    """Never let ``dialog`` get shorter than its wrapped text needs at its narrowest.

    A window's minimum size comes from its layout's minimum, which does not follow
    word wrap: shrunk to it, a dialog cut its wrapped explanation off.
    """
    width = dialog.minimumSizeHint().width()
    if dialog.hasHeightForWidth():
        dialog.setMinimumHeight(max(dialog.minimumHeight(), dialog.heightForWidth(width)))
