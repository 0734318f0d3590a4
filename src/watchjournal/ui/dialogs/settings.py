"""File ▸ Settings: appearance, the diary's defaults, where the journal lives, and online.

Display preferences (theme, ratings as numbers or stars, how dates are
written) are the window's ``UiPreferences``; the default "where" for new
viewings and the journal to open from the next start are settings in
``config.json`` (``diary.default_where``, ``journal.path``), shared with the
command line; the online page is ``ui.online.settings.OnlineSettingsPage``.
Nothing changes until Save, and Save writes everything or, naming the bad
value, nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from watchjournal.config import Config, ConfigError, save_config
from watchjournal.errors import JournalError
from watchjournal.metadata.cache import PosterCache
from watchjournal.paths import default_journal
from watchjournal.ui.common.errors import error_text
from watchjournal.ui.common.formatting import DATE_STYLES, day_text
from watchjournal.ui.common.preferences import UiPreferences
from watchjournal.ui.common.theme import THEME_CHOICES, THEME_LABELS
from watchjournal.ui.common.widgets import ErrorLabel, plain_label, room_for_mnemonics

SAMPLE_DAY = date(2025, 6, 1)
DATE_STYLE_NAMES = {"medium": "Medium", "short": "Short", "long": "Long", "iso": "ISO 8601"}
JOURNAL_SOURCES = {
    "option": "This window's journal was chosen with --db, which comes before this setting.",
    "environment": "This window's journal was chosen with WATCHJOURNAL_DB, which comes"
    " before this setting.",
}


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form


class AppearancePage(QWidget):
    def __init__(self, preferences: UiPreferences) -> None:
        super().__init__()
        self.theme_combo = QComboBox()
        for choice in THEME_CHOICES:
            self.theme_combo.addItem(THEME_LABELS[choice], choice)
        self.theme_combo.setCurrentIndex(THEME_CHOICES.index(preferences.theme))
        self.ratings_combo = QComboBox()
        self.ratings_combo.addItem("Numbers out of 10 (6.4)", False)
        self.ratings_combo.addItem("Stars, with half stars (★★★½)", True)
        self.ratings_combo.setCurrentIndex(1 if preferences.ratings_as_stars else 0)
        self.dates_combo = QComboBox()
        for style in DATE_STYLES:
            example = day_text(SAMPLE_DAY, style=style)
            self.dates_combo.addItem(f"{DATE_STYLE_NAMES[style]} ({example})", style)
        self.dates_combo.setCurrentIndex(DATE_STYLES.index(preferences.date_style))
        form = _form()
        form.addRow("&Theme", self.theme_combo)
        form.addRow("&Ratings", self.ratings_combo)
        form.addRow("Dat&es", self.dates_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            plain_label(
                "Same as the system follows your desktop's light or dark mode. With stars,"
                " the exact rating shows when you point at them.",
                muted=True,
            )
        )
        layout.addStretch(1)


class DiaryPage(QWidget):
    def __init__(self, config: Config) -> None:
        super().__init__()
        self.where_edit = QLineEdit(config.diary_default_where)
        self.where_edit.setPlaceholderText("e.g. Cinema, Netflix")
        self.where_edit.setAccessibleName("Where you usually watch")
        form = _form()
        form.addRow("Usually watched &where", self.where_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            plain_label(
                "Filled in when you log a viewing, in the app and with watchjournal watched;"
                " you can always change it for one viewing.",
                muted=True,
            )
        )
        layout.addStretch(1)


class JournalPage(QWidget):
    """Where this journal is, and the journal to open from the next start."""

    def __init__(self, config: Config, journal: Path | None, source: str) -> None:
        super().__init__()
        self.next_journal = config.journal_path
        self.current_edit = QLineEdit(str(journal) if journal else "")
        self.current_edit.setReadOnly(True)
        self.current_edit.setAccessibleName("This journal's file")
        self.open_folder = QPushButton("Open &Folder")
        self.open_folder.setEnabled(journal is not None)
        self.open_folder.clicked.connect(
            lambda: journal and QDesktopServices.openUrl(QUrl.fromLocalFile(str(journal.parent)))
        )
        self.next_label = plain_label()
        self.next_edit = QLineEdit()  # a path is one long word: it scrolls, it cannot wrap
        self.next_edit.setReadOnly(True)
        self.next_edit.setAccessibleName("Journal from the next start")
        self.choose_button = QPushButton("Use Another Fi&le…")
        self.choose_button.clicked.connect(self._pick)
        self.default_button = QPushButton("Use the Defa&ult")
        self.default_button.clicked.connect(lambda: self.choose(""))
        self.pick_file: Callable[[], str] = self._ask_for_file  # tests replace the file dialog
        current = QHBoxLayout()
        current.addWidget(self.current_edit, 1)
        current.addWidget(self.open_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.default_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("This journal", bold=True))
        layout.addLayout(current)
        if source in JOURNAL_SOURCES:
            layout.addWidget(plain_label(JOURNAL_SOURCES[source], muted=True))
        layout.addSpacing(8)
        layout.addWidget(plain_label("From the next start", bold=True))
        layout.addWidget(self.next_label)
        layout.addWidget(self.next_edit)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.choose(self.next_journal)

    def _ask_for_file(self) -> str:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            "Journal to open from the next start",
            self.next_journal or self.current_edit.text(),
            "Journals (*.sqlite *.db);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,  # an existing journal is the point
        )
        return chosen

    def _pick(self) -> None:
        chosen = self.pick_file()
        if chosen:
            self.choose(chosen)

    def choose(self, path: str) -> None:
        """Open ``path`` from the next start ("" for the default place)."""
        self.next_journal = path
        self.default_button.setEnabled(bool(path))
        self.next_label.setText(
            "This file (a new journal is made there if there is none):"
            if path
            else "The journal in the default place:"
        )
        self.next_edit.setText(path or str(default_journal()))


class SettingsDialog(QDialog):
    """All of the app's settings, one tab each; Save applies them all."""

    config_saved = Signal(object)  # the new Config, written to disk

    def __init__(
        self,
        preferences: UiPreferences,
        config: Config | None,
        config_path: Path | None,
        cache: PosterCache | None,
        journal: Path | None = None,
        journal_source: str = "default",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._preferences = preferences
        self._config = config
        self._path = config_path
        self.tabs = QTabWidget()
        self.appearance = AppearancePage(preferences)
        self.tabs.addTab(self.appearance, "Appeara&nce")
        self.diary: DiaryPage | None = None
        self.journal: JournalPage | None = None
        self.online = None
        if config is not None and config_path is not None:
            self.diary = DiaryPage(config)
            self.journal = JournalPage(config, journal, journal_source)
            self.tabs.addTab(self.diary, "&Diary")
            self.tabs.addTab(self.journal, "&Journal")
            if cache is not None:
                # Lazy: the online page brings the metadata providers (start-up time).
                from watchjournal.ui.online.settings import OnlineSettingsPage

                self.online = OnlineSettingsPage(config, cache)
                self.tabs.addTab(self.online, "&Online")
        self.error_label = ErrorLabel()
        self.error_label.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        room_for_mnemonics(self)
        self.resize(600, 440)

    def edited_config(self) -> Config | None:
        """The settings file as it would be saved; raises ConfigError naming a bad value."""
        config = self._config
        if config is None:
            return None
        if self.online is not None:
            config = self.online.edited_config(config)
        if self.diary is not None:
            config = config.with_value("diary.default_where", self.diary.where_edit.text())
        if self.journal is not None:
            config = config.with_value("journal.path", self.journal.next_journal)
        return config

    def save(self) -> None:
        try:
            config = self.edited_config()
            if config is not None and self._path is not None:
                save_config(config, self._path)
        except ConfigError as exc:
            self._problem(str(exc))
            return
        except JournalError as exc:  # the settings file could not be written (disk full...)
            self._problem(f"Cannot save: {error_text(exc)}")
            return
        page, preferences = self.appearance, self._preferences
        preferences.theme = page.theme_combo.currentData()
        preferences.ratings_as_stars = bool(page.ratings_combo.currentData())
        preferences.date_style = page.dates_combo.currentData()
        if config is not None:
            self._config = config
            self.config_saved.emit(config)
        self.accept()

    def _problem(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(True)
