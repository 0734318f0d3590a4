"""The online page of Settings (also as a dialog of its own), and the "Refresh details"
comparison dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from watchjournal.config import Config, ConfigError, save_config
from watchjournal.errors import JournalError
from watchjournal.journal.types import FilmFields
from watchjournal.metadata.cache import PosterCache
from watchjournal.metadata.merge import apply_changes, detail_changes
from watchjournal.metadata.providers.tmdb import TMDB_NOTICE
from watchjournal.ui.common.errors import error_text
from watchjournal.ui.common.formatting import decimal_text
from watchjournal.ui.common.widgets import ErrorLabel, keep_wrapped_text_whole


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class OnlineSettingsPage(QWidget):
    """Turn fetching on or off, enter API keys and addresses, clear the poster cache.

    A page of the app's Settings dialog (``ui.dialogs.settings``); ``edited_config``
    applies what is typed here to a Config, naming the first bad value.
    """

    _TEXT_KEYS = (
        ("tmdb.api_key", "TMDB API &key or token"),
        ("tmdb.region", "TMDB where-to-watch re&gion"),
        ("tmdb.base_url", "TMDB &address"),
        ("omdb.api_key", "OMDb API ke&y"),
        ("omdb.base_url", "O&MDb address"),
        ("wikipedia.base_url", "Wiki&pedia address"),
    )

    def __init__(self, config: Config, cache: PosterCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cache = cache
        self.network_box = QCheckBox("&Fetch posters and details from the internet")
        self.network_box.setChecked(config.network_enabled)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.network_box)
        for key, label in self._TEXT_KEYS:
            edit = QLineEdit(str(config.get(key)))
            edit.setAccessibleName(label.replace("&", ""))
            if key.endswith("api_key"):
                edit.setEchoMode(QLineEdit.EchoMode.Password)  # keys are never shown
            self.fields[key] = edit
            form.addRow(label, edit)
        self.cache_label = _plain_label()
        self.clear_button = QPushButton("Clear Poster Ca&che")
        self.clear_button.clicked.connect(self.clear_cache)
        cache_row = QHBoxLayout()
        cache_row.addWidget(self.cache_label, 1)
        cache_row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(cache_row)
        layout.addWidget(_plain_label(TMDB_NOTICE))
        layout.addStretch(1)
        self._show_cache_size()

    def _show_cache_size(self) -> None:
        size = self._cache.size_bytes() / (1024 * 1024)
        self.cache_label.setText(f"Downloaded posters use {decimal_text(size, 1)} MB.")

    def clear_cache(self) -> None:
        self._cache.clear()
        self._show_cache_size()

    def edited_config(self, config: Config) -> Config:
        """``config`` with the settings as typed; raises ConfigError naming the first bad one."""
        config = config.with_value(
            "network.enabled", "true" if self.network_box.isChecked() else "false"
        )
        for key, edit in self.fields.items():
            text = edit.text().strip()
            config = config.with_value(key, text) if text else config.without_value(key)
        return config


class SettingsDialog(QDialog):
    """The online page on its own, in a dialog (the app shows it among its Settings)."""

    config_saved = Signal(object)  # the new Config, already written to disk

    def __init__(
        self, config: Config, config_path: Path, cache: PosterCache, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Online Settings")
        self._config = config
        self._path = config_path
        self.page = OnlineSettingsPage(config, cache)
        self.network_box, self.fields = self.page.network_box, self.page.fields
        self.cache_label, self.clear_button = self.page.cache_label, self.page.clear_button
        self.error_label = ErrorLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def clear_cache(self) -> None:
        self.page.clear_cache()

    def edited_config(self) -> Config:
        """The settings as typed; raises ConfigError naming the first bad one."""
        return self.page.edited_config(self._config)

    def config(self) -> Config:
        return self._config

    def save(self) -> None:
        try:
            config = self.edited_config()
            save_config(config, self._path)
        except ConfigError as exc:
            self.error_label.setText(str(exc))
            return
        except JournalError as exc:  # the settings file could not be written (disk full...)
            self.error_label.setText(f"Cannot save: {error_text(exc)}")
            return
        self._config = config
        self.config_saved.emit(config)
        self.accept()


class DetailsDiffDialog(QDialog):
    """What "Refresh details" would change; overwriting what the user typed needs a tick."""

    COLUMNS = ("Use", "Field", "Yours", "Fetched")

    def __init__(
        self, current: FilmFields, fetched: FilmFields, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Refresh details")
        self._current = current
        self._fetched = fetched
        self.changes = detail_changes(current, fetched)
        self.table = QTableWidget(len(self.changes), len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.use_items: list[QTableWidgetItem] = []
        for row, change in enumerate(self.changes):
            use = QTableWidgetItem("replaces yours" if change.overwrites else "fills in")
            use.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            checked = Qt.CheckState.Unchecked if change.overwrites else Qt.CheckState.Checked
            use.setCheckState(checked)
            self.table.setItem(row, 0, use)
            self.use_items.append(use)
            for column, text in enumerate((change.label, change.current, change.fetched), 1):
                self.table.setItem(row, column, QTableWidgetItem(text))  # items are plain text
        summary = (
            "Nothing new was found."
            if not self.changes
            else "Ticked fields will be updated. Fields you filled in yourself stay unless"
            " you tick them."
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_plain_label(summary))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        keep_wrapped_text_whole(self)
        self.resize(720, 360)

    def chosen_names(self) -> list[str]:
        return [
            change.name
            for change, use in zip(self.changes, self.use_items, strict=True)
            if use.checkState() == Qt.CheckState.Checked
        ]

    def result_fields(self) -> FilmFields:
        """The film's fields with the ticked changes applied."""
        return apply_changes(self._current, self._fetched, self.chosen_names())
