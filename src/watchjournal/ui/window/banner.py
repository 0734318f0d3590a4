"""The banner across the top of a demo journal's window, so it is never taken for yours."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from watchjournal.ui.common.widgets import plain_label

DEMO_TEXT = (
    "This is the demo journal: sample films to try WatchJournal on. It is thrown away"
    " when you close this window; your own journal is not touched."
)


class DemoBanner(QFrame):
    """A tooltip-coloured strip (a palette pair checked for contrast) with the demo's note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Demo journal")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = plain_label(DEMO_TEXT, selectable=False)
        self.label.setForegroundRole(QPalette.ColorRole.ToolTipText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, 1)


def with_banner(content: QWidget, banner: QWidget | None) -> QWidget:
    """``content`` with ``banner`` above it (or ``content`` itself when there is none)."""
    if banner is None:
        return content
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(banner)
    layout.addWidget(content, 1)
    return page
