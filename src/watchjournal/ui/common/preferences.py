"""User interface preferences kept in a QSettings store that is passed in.

The main window creates one ``UiPreferences`` over its settings file and hands
it to the widgets that care; tests pass a ``QSettings`` on a temporary ini file.
There is no global instance.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal

from watchjournal.ui.common.formatting import DATE_STYLES, DateStyle
from watchjournal.ui.common.theme import THEME_CHOICES, ThemeChoice

RATINGS_AS_STARS_KEY = "ratings/as_stars"
VIEW_MODE_KEY = "views/{name}/mode"  # "list" or "wall", per library view
WALL_SIZE_KEY = "wall/size_step"
VIEW_MODES = ("list", "wall")
THEME_KEY = "appearance/theme"
DATE_STYLE_KEY = "appearance/date_style"


class UiPreferences(QObject):
    """Typed access to the display preferences, announcing every change."""

    changed = Signal()

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings

    @property
    def ratings_as_stars(self) -> bool:
        """Show ratings as five stars with half stars instead of "6.4"."""
        return _as_bool(self._settings.value(RATINGS_AS_STARS_KEY, False))

    @ratings_as_stars.setter
    def ratings_as_stars(self, value: bool) -> None:
        if value == self.ratings_as_stars:
            return
        self._set(RATINGS_AS_STARS_KEY, value)

    @property
    def theme(self) -> ThemeChoice:
        """Light, dark, or the system's colours (the default)."""
        value = str(self._settings.value(THEME_KEY, "system"))
        return next((choice for choice in THEME_CHOICES if choice == value), "system")

    @theme.setter
    def theme(self, value: ThemeChoice) -> None:
        if value != self.theme:
            self._set(THEME_KEY, value)

    @property
    def date_style(self) -> DateStyle:
        """How days are written: the locale's medium (default), short or long form, or ISO."""
        value = str(self._settings.value(DATE_STYLE_KEY, "medium"))
        return next((style for style in DATE_STYLES if style == value), "medium")

    @date_style.setter
    def date_style(self, value: DateStyle) -> None:
        if value != self.date_style:
            self._set(DATE_STYLE_KEY, value)

    def _set(self, key: str, value: object) -> None:
        self._settings.setValue(key, value)
        self._settings.sync()
        self.changed.emit()

    def view_mode(self, view: str) -> str:
        """How a library view shows its films: "list" (the default) or "wall" of posters."""
        mode = str(self._settings.value(VIEW_MODE_KEY.format(name=view), "list"))
        return mode if mode in VIEW_MODES else "list"

    def set_view_mode(self, view: str, mode: str) -> None:
        if mode not in VIEW_MODES:
            raise ValueError(f"unknown view mode {mode!r}")
        self._settings.setValue(VIEW_MODE_KEY.format(name=view), mode)
        self._settings.sync()

    @property
    def wall_size_step(self) -> int | None:
        """The poster wall's size slider position (None: never moved)."""
        value = self._settings.value(WALL_SIZE_KEY)
        try:
            return int(str(value)) if value is not None else None
        except ValueError:
            return None

    @wall_size_step.setter
    def wall_size_step(self, step: int) -> None:
        self._settings.setValue(WALL_SIZE_KEY, step)
        self._settings.sync()


def _as_bool(value: object) -> bool:
    # Ini files give every value back as a string ("true"/"false").
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)
