"""The status bar's "Deleted … — Undo" line: after something Undo can take back, a link
that does what Edit ▸ Undo (Ctrl+Z) does, for a while."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from watchjournal.ui.common.widgets import shown

NOTICE_MS = 30_000  # long enough to notice a mistake, short enough not to linger


class UndoNotice(QLabel):
    """Says what was just done, with an Undo link that triggers ``undo``."""

    def __init__(self, undo: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._undo = undo
        self.setTextFormat(Qt.TextFormat.RichText)  # the link; the text itself is escaped
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setAccessibleName("Undo")
        self.linkActivated.connect(self._activated)
        self._timer = QTimer(self, singleShot=True, interval=NOTICE_MS)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def offer(self, done_text: str) -> None:
        """Show "``done_text`` — Undo (Ctrl+Z)" until it is used, replaced or times out."""
        keys = self._undo.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        hint = f" ({html.escape(keys)})" if keys else ""
        self.setText(f"{html.escape(shown(done_text))} — <a href='undo'>Undo</a>{hint}")
        self.setToolTip(f"{done_text}. Undo puts it back.")
        self.show()
        self._timer.start()

    def undo_available(self, available: bool) -> None:
        if not available:
            self.hide()

    def _activated(self, _link: str) -> None:
        self.hide()
        if self._undo.isEnabled():
            self._undo.trigger()
