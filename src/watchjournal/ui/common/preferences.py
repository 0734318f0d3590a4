"""User interface preferences kept in a QSettings store that is passed in.

The main window creates one ``UiPreferences`` over its settings file and hands
it to the widgets that care; tests pass a ``QSettings`` on a temporary ini file.
There is no global instance.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal

RATINGS_AS_STARS_KEY = "ratings/as_stars"


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
        self._settings.setValue(RATINGS_AS_STARS_KEY, value)
        self._settings.sync()
        self.changed.emit()


def _as_bool(value: object) -> bool:
    # Ini files give every value back as a string ("true"/"false").
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)
