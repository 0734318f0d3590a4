"""Choosing a rating: a slider for "6.4" on the 10-point scale, or five stars.

Ratings are integer tenths (64 means 6.4/10, 5..100), as in the journal.
With the stars preference on, a rating shows as half stars: one half star is
10 tenths, so the shown value snaps to the nearest multiple of 10, a tie going
down (64 and 65 show as three stars, 66 as three and a half; see
``rating_display``). Snapping only affects what is shown;
the stored rating changes only when the user picks a new one.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QToolButton,
    QWidget,
)

from watchjournal.journal.validate import MAX_RATING_TENTHS, MIN_RATING_TENTHS
from watchjournal.ui.common.preferences import UiPreferences
from watchjournal.ui.common.rating_display import (
    HALF_STAR,
    STAR_COUNT,
    RatingDisplay,
    describe_rating,
    faded,
    format_rating,
    paint_stars,
    snap_to_half_star,
    star_count_text,
    stars_width,
)
from watchjournal.ui.common.theme import ensure_contrast

__all__ = [
    "RatingDisplay",
    "RatingSlider",
    "describe_rating",
    "format_rating",
    "paint_stars",
    "rating_after_key",
    "snap_to_half_star",
]

GROOVE_HEIGHT = 4  # pixels
GROOVE_CONTRAST = 3.0  # WCAG 1.4.11: a control's parts against what is next to them


def groove_color(palette: QPalette) -> QColor:
    """The slider's track: the palette's secondary text colour, at least 3:1 on the window."""
    return ensure_contrast(
        palette.color(QPalette.ColorRole.PlaceholderText),
        palette.color(QPalette.ColorRole.Window),
        GROOVE_CONTRAST,
    )


KEY_HINT_NUMBERS = "Arrow keys change it by 0.1, Page Up and Page Down by 1, Delete clears it."
KEY_HINT_STARS = "Arrow keys change it by half a star, Page Up and Page Down by a star."


def rating_after_key(current: int | None, key: int, as_stars: bool) -> tuple[bool, int | None]:
    """What a key press does to a rating: ``(handled, new rating)``.

    From no rating, a step key starts in the middle (5.0); Delete and
    Backspace clear. In star mode every step lands on a half star.
    """
    if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
        return True, None
    lowest = HALF_STAR if as_stars else MIN_RATING_TENTHS
    if key == Qt.Key.Key_Home:
        return True, lowest
    if key == Qt.Key.Key_End:
        return True, MAX_RATING_TENTHS
    steps: dict[int, int] = {
        Qt.Key.Key_Right: 1,
        Qt.Key.Key_Up: 1,
        Qt.Key.Key_Left: -1,
        Qt.Key.Key_Down: -1,
        Qt.Key.Key_PageUp: 10,
        Qt.Key.Key_PageDown: -10,
    }
    if key not in steps:
        return False, current
    if current is None:
        return True, 50
    step = steps[key]
    if not as_stars:
        return True, max(lowest, min(MAX_RATING_TENTHS, current + step))
    halves = 2 if abs(step) == 10 else 1  # Page keys move a whole star
    if step > 0:  # to the next half star above, even from 6.4
        target = (current // HALF_STAR + halves) * HALF_STAR
    else:
        target = (-(-current // HALF_STAR) - halves) * HALF_STAR
    return True, max(lowest, min(MAX_RATING_TENTHS, target))


def claims_key(event: QEvent) -> bool:
    """Accept a ShortcutOverride for the keys a rating control uses.

    A window may bind Delete (delete film) or arrows to actions; while a rating
    control has focus those keys must reach it instead, as they do a text field.
    """
    if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
        return False
    if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return False
    handled, _rating = rating_after_key(None, event.key(), as_stars=False)
    if handled:
        event.accept()
    return handled


class _StarBar(QWidget):
    """Five clickable stars; keys are handled by the RatingSlider that owns it."""

    def __init__(self, owner: RatingSlider) -> None:
        super().__init__(owner)
        self._owner = owner
        self._hover: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def _star_rect(self) -> QRectF:
        return QRectF(self.rect()).adjusted(4, 4, -4, -4)

    def sizeHint(self) -> QSize:
        star = max(22, self.fontMetrics().height() + 6)
        return QSize(math.ceil(stars_width(star)) + 8, star + 8)

    def value_at(self, x: float) -> int:
        area = self._star_rect()
        size = area.height()
        pitch = size * 1.2
        offset = max(0.0, x - area.left())
        index = min(STAR_COUNT - 1, int(offset // pitch))
        within = (offset - index * pitch) / size
        halves = index * 2 + (1 if within < 0.5 else 2)
        return max(HALF_STAR, min(MAX_RATING_TENTHS, halves * HALF_STAR))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        shown = self._hover if self._hover is not None else self._owner.rating_tenths
        fill = palette.color(QPalette.ColorRole.Highlight)
        if self._hover is not None:
            fill = faded(fill, 0.6)
        paint_stars(painter, self._star_rect(), shown, palette, fill=fill)
        if self.hasFocus():
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._owner.set_rating_tenths(self.value_at(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        value = self.value_at(event.position().x())
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._owner.set_rating_tenths(value)
        self._hover = value
        self.update()

    def leaveEvent(self, event: object) -> None:
        self._hover = None
        self.update()

    def event(self, event: QEvent) -> bool:
        return claims_key(event) or super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._owner.handle_key(event):
            super().keyPressEvent(event)


class _TenthsSlider(QSlider):
    """The 5..100 slider; draws no handle and a faded groove while there is no rating."""

    def __init__(self, owner: RatingSlider) -> None:
        super().__init__(Qt.Orientation.Horizontal, owner)
        self._owner = owner
        self.setRange(MIN_RATING_TENTHS, MAX_RATING_TENTHS)
        self.setSingleStep(1)
        self.setPageStep(10)
        self.setValue(50)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumWidth(180)

    def paintEvent(self, event: QPaintEvent) -> None:
        # The groove is drawn here from the palette: the style's groove (the window
        # colour a shade darker) all but vanished on a dark palette.
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        style = self.style()
        groove = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self
        )
        handle = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self
        )
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        track = QRectF(groove).adjusted(2, 0, -2, 0)
        track.setTop(groove.center().y() - GROOVE_HEIGHT / 2)
        track.setHeight(GROOVE_HEIGHT)
        palette = self.palette()
        painter.setBrush(groove_color(palette))
        painter.drawRoundedRect(track, GROOVE_HEIGHT / 2, GROOVE_HEIGHT / 2)
        if self._owner.rating_tenths is None:
            return  # no rating: an empty groove and no handle
        filled = QRectF(track)
        filled.setRight(handle.center().x())
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
        painter.drawRoundedRect(filled, GROOVE_HEIGHT / 2, GROOVE_HEIGHT / 2)
        option.subControls = QStyle.SubControl.SC_SliderHandle
        style.drawComplexControl(QStyle.ComplexControl.CC_Slider, option, painter, self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # Jump to where the groove was clicked (Fusion would page-step), then
        # let QSlider start a drag from there.
        if event.button() == Qt.MouseButton.LeftButton:
            option = QStyleOptionSlider()
            self.initStyleOption(option)
            handle = self.style().subControlRect(
                QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self
            )
            if self._owner.rating_tenths is None or not handle.contains(event.position().toPoint()):
                span = self.width() - handle.width()
                x = int(event.position().x() - handle.width() / 2)
                value = QStyle.sliderValueFromPosition(
                    self.minimum(), self.maximum(), x, max(1, span)
                )
                self._owner.set_rating_tenths(value)
        super().mousePressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        # Scrolling past the editor must not change a rating by accident.
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()

    def event(self, event: QEvent) -> bool:
        return claims_key(event) or super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._owner.handle_key(event):
            super().keyPressEvent(event)


class RatingSlider(QWidget):
    """Choose a rating from 0.5 to 10 in steps of 0.1, or none; optionally as stars.

    ``rating_changed`` carries the new rating in tenths, or None when cleared.
    """

    rating_changed = Signal(object)

    def __init__(
        self, preferences: UiPreferences | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._tenths: int | None = None
        self._preferences = preferences
        self._as_stars = preferences.ratings_as_stars if preferences is not None else False
        self._slider = _TenthsSlider(self)
        self._slider.valueChanged.connect(self._slider_moved)
        self._stars = _StarBar(self)
        self._value_label = QLabel(self)
        self._value_label.setTextFormat(Qt.TextFormat.PlainText)
        self._clear_button = QToolButton(self)
        self._clear_button.setText("Clear")
        self._clear_button.setAutoRaise(True)
        self._clear_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._clear_button.setAccessibleName("Clear rating")
        self._clear_button.setToolTip("No rating (Delete)")
        self._clear_button.clicked.connect(lambda: self.set_rating_tenths(None))
        self._build_layout()
        self.setAccessibleName("Rating")
        for control in (self._slider, self._stars):
            control.setAccessibleName("Rating")
        if preferences is not None:
            preferences.changed.connect(self._preferences_changed)
        self._apply_mode()

    def _build_layout(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self._slider, 1)
        layout.addWidget(self._stars)
        layout.addWidget(self._value_label)
        layout.addWidget(self._clear_button)
        layout.addStretch(0)  # takes the slider's room when stars are shown
        self._layout = layout
        metrics = self._value_label.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(t)
            for t in ("No rating", format_rating(100), star_count_text(90))
        )
        self._value_label.setMinimumWidth(widest + 4)
        bold = self._value_label.font()
        bold.setBold(True)
        self._bold_font = bold
        self._plain_font = self._value_label.font()

    @property
    def rating_tenths(self) -> int | None:
        return self._tenths

    @rating_tenths.setter
    def rating_tenths(self, tenths: int | None) -> None:
        self.set_rating_tenths(tenths)

    @property
    def as_stars(self) -> bool:
        return self._as_stars

    def set_as_stars(self, as_stars: bool) -> None:
        self._as_stars = as_stars
        self._apply_mode()

    def set_rating_tenths(self, tenths: int | None) -> None:
        """Set the rating (clamped to 5..100); emits ``rating_changed`` if it changed."""
        if tenths is not None:
            tenths = max(MIN_RATING_TENTHS, min(MAX_RATING_TENTHS, int(tenths)))
        if tenths == self._tenths:
            return
        self._tenths = tenths
        self._refresh()
        self.rating_changed.emit(tenths)

    def handle_key(self, event: QKeyEvent) -> bool:
        """Apply a rating key (see :func:`rating_after_key`); False if not ours."""
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        handled, tenths = rating_after_key(self._tenths, event.key(), self._as_stars)
        if handled:
            self.set_rating_tenths(tenths)
        return handled

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.handle_key(event):
            super().keyPressEvent(event)

    def _preferences_changed(self) -> None:
        if self._preferences is not None:
            self.set_as_stars(self._preferences.ratings_as_stars)

    def _slider_moved(self, value: int) -> None:
        if not self._as_stars:
            self.set_rating_tenths(value)

    def _apply_mode(self) -> None:
        focused = self._slider.hasFocus() or self._stars.hasFocus()
        self._slider.setVisible(not self._as_stars)
        self._stars.setVisible(self._as_stars)
        active = self._stars if self._as_stars else self._slider
        self.setFocusProxy(active)
        self._layout.setStretch(self._layout.count() - 1, 1 if self._as_stars else 0)
        if focused:
            active.setFocus()
        self._refresh()

    def _refresh(self) -> None:
        if self._tenths is not None:
            self._slider.blockSignals(True)
            self._slider.setValue(self._tenths)
            self._slider.blockSignals(False)
        text = describe_rating(self._tenths, self._as_stars)
        if self._tenths is None:
            self._value_label.setText("No rating")
        elif self._as_stars:
            self._value_label.setText(star_count_text(self._tenths))
        else:
            self._value_label.setText(format_rating(self._tenths))
        self._value_label.setFont(self._plain_font if self._tenths is None else self._bold_font)
        self._value_label.setEnabled(self._tenths is not None)
        self._clear_button.setEnabled(self._tenths is not None)
        hint = KEY_HINT_STARS if self._as_stars else KEY_HINT_NUMBERS
        for control in (self, self._slider, self._stars):
            control.setAccessibleDescription(f"{text}. {hint}")
        self._slider.update()
        self._stars.update()
