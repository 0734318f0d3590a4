"""The Stats view's totals: a big number over a small caption, the whole tile a button.

A flat button holding two labels (the number large and bold in the link
colour, what it counts under it in the muted colour); the labels let clicks
through to the button, so a click anywhere on the tile lists the films behind
the number. Colours are palette roles: they follow light and dark.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QPushButton, QSizePolicy, QVBoxLayout, QWidget

from watchjournal.ui.common.widgets import plain_label

Role = QPalette.ColorRole

NUMBER_POINTS = 9  # added to the normal size, for the number


class TotalTile(QPushButton):
    def __init__(self, value: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFlat(True)
        self.setAccessibleName(f"{value} {caption}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.number = plain_label(value, point_delta=NUMBER_POINTS, bold=True, wrap=False,
                                  selectable=False)  # fmt: skip
        self.caption = plain_label(caption, muted=True, wrap=False, selectable=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(0)
        for label in (self.number, self.caption):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        # Never narrower than its words (a button's own size hint knows only its text).
        self.setMinimumSize(layout.sizeHint())
        self._colour_number()

    def value_text(self) -> str:
        return self.number.text()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.EnabledChange:
            self._colour_number()
        super().changeEvent(event)

    def _colour_number(self) -> None:
        # Roles, not copied colours, so light <-> dark needs nothing: a number with films
        # behind it in the link colour (a click lists them), a zero quiet.
        enabled = self.isEnabled()
        self.number.setForegroundRole(Role.Link if enabled else Role.PlaceholderText)
