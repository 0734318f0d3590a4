"""File ▸ Settings: theme, ratings as stars, date style, default "where", the journal's place."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from watchjournal.config import load_config, save_config
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.paths import AppPaths, resolve_paths
from watchjournal.ui.common.formatting import day_text, set_date_style
from watchjournal.ui.common.preferences import UiPreferences
from watchjournal.ui.common.theme import fixed_palette, is_dark, theme_keeper
from watchjournal.ui.dialogs.settings import SettingsDialog
from watchjournal.ui.diary.log_dialog import LogDialog


@pytest.fixture(autouse=True)
def defaults_after(qapp: QApplication) -> Iterator[None]:
    yield
    theme_keeper(qapp).apply("system")
    set_date_style("medium")


@pytest.fixture
def rated(service: JournalService) -> JournalService:
    for title, tenths in (("Night Bus", 55), ("Ballerina", 64)):
        film = service.add_film(FilmFields(title, year=2022))
        viewing = service.mark_watched(film.id, date(2024, 11, 2))
        service.write_review(film.id, ReviewFields(rating_tenths=tenths, viewing_id=viewing.id))
    return service


def settings_dialog(window: Any) -> SettingsDialog:
    assert window.online is not None
    dialog = SettingsDialog(
        window.preferences,
        window.online.config,
        window.config_path,
        window.cache,
        window.service.path,
        parent=window,
    )
    dialog.config_saved.connect(window.online.apply_config)
    return dialog


def test_display_settings_apply_to_the_window(
    qtbot: QtBot, qapp: QApplication, make_window: Any, rated: JournalService
) -> None:
    window = make_window()
    window.show_view("films")
    model = window.library.films_model
    assert [model.index(r, 3).data() for r in range(2)] == ["6.4", "5.5"]
    dialog = settings_dialog(window)
    page = dialog.appearance
    page.theme_combo.setCurrentIndex(page.theme_combo.findData("dark"))
    page.ratings_combo.setCurrentIndex(page.ratings_combo.findData(True))
    page.dates_combo.setCurrentIndex(page.dates_combo.findData("iso"))
    dialog.save()
    assert is_dark(qapp.palette())
    assert qapp.palette().color(qapp.palette().ColorRole.Base) == fixed_palette("dark").color(
        qapp.palette().ColorRole.Base
    )
    # Half stars tell 5.5 from 6.4; the number is in the tooltip.
    shown = [model.index(r, 3).data() for r in range(2)]
    assert shown == ["★★★", "★★½"]
    assert model.index(1, 3).data(Qt.ItemDataRole.ToolTipRole) == "5.5 out of 10"
    assert model.index(0, 4).data() == "2024-11-02"  # Last watched, in ISO
    assert window.acts.ratings_as_stars.isChecked()
    # Kept for the next start.
    again = UiPreferences(QSettings(window.settings.fileName(), QSettings.Format.IniFormat))
    assert (again.theme, again.ratings_as_stars, again.date_style) == ("dark", True, "iso")


def test_date_styles() -> None:
    from PySide6.QtCore import QLocale

    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    day = date(2025, 6, 1)
    assert day_text(day, us, style="short") == "6/1/25"
    assert day_text(day, us, style="long") == "June 1, 2025"
    assert day_text(day, us, style="iso") == "2025-06-01"
    assert day_text(day, us, style="medium") == "Jun 1, 2025"
    assert day_text(day, us) == "Jun 1, 2025"  # the default style
    set_date_style("iso")
    assert day_text(day, us) == "2025-06-01"


def test_default_where_is_saved_and_filled_in(
    qtbot: QtBot, make_window: Any, rated: JournalService, app_dirs: AppPaths
) -> None:
    window = make_window()
    dialog = settings_dialog(window)
    assert dialog.diary is not None
    dialog.diary.where_edit.setText("  Cinema   Paris ")
    dialog.save()
    assert load_config(app_dirs.config_file).diary_default_where == "Cinema Paris"
    seen: list[str] = []

    def look(box: LogDialog) -> None:
        seen.append(box.where_edit.text())
        box.reject()

    from tests.gui.test_main_window import when_modal

    when_modal(qtbot, LogDialog, look)
    window.show_view("films")
    window.acts.mark_watched.trigger()
    qtbot.waitUntil(lambda: seen == ["Cinema Paris"], timeout=5000)


def test_the_journal_for_the_next_start(
    qtbot: QtBot, make_window: Any, rated: JournalService, app_dirs: AppPaths, tmp_path: Path
) -> None:
    window = make_window()
    dialog = settings_dialog(window)
    journal_page = dialog.journal
    assert journal_page is not None
    assert journal_page.current_edit.text() == str(rated.path)
    other = tmp_path / "elsewhere" / "films.sqlite"
    journal_page.pick_file = lambda: str(other)
    journal_page.choose_button.click()
    assert journal_page.next_edit.text() == str(other)
    dialog.save()
    paths = resolve_paths()
    assert (paths.journal, paths.journal_source) == (other, "settings")
    # --db and WATCHJOURNAL_DB still come first.
    assert resolve_paths(tmp_path / "x.sqlite").journal_source == "option"
    # Back to the default place.
    dialog = settings_dialog(window)
    assert dialog.journal is not None
    dialog.journal.default_button.click()
    dialog.save()
    assert resolve_paths().journal_source == "default"


def test_a_bad_value_saves_nothing(
    qtbot: QtBot, make_window: Any, rated: JournalService, app_dirs: AppPaths
) -> None:
    window = make_window()
    dialog = settings_dialog(window)
    assert dialog.journal is not None and dialog.online is not None
    dialog.journal.choose("relative/journal.sqlite")
    dialog.appearance.theme_combo.setCurrentIndex(dialog.appearance.theme_combo.findData("dark"))
    dialog.save()
    assert "full path" in dialog.error_label.text()
    assert dialog.error_label.isVisibleTo(dialog)
    assert not app_dirs.config_file.exists()
    assert window.preferences.theme == "system"  # nothing applied either


def test_a_broken_settings_file_does_not_move_the_journal(app_dirs: AppPaths) -> None:
    app_dirs.config_file.parent.mkdir(parents=True, exist_ok=True)
    app_dirs.config_file.write_text("{ not json")
    assert resolve_paths().journal_source == "default"
    from watchjournal.config import Config

    save_config(Config().with_value("journal.path", "~/films.sqlite"), app_dirs.config_file)
    assert resolve_paths().journal == Path("~/films.sqlite").expanduser()


def test_settings_without_a_config_show_the_display_page_only(qtbot: QtBot, tmp_path: Path) -> None:
    preferences = UiPreferences(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    dialog = SettingsDialog(preferences, None, None, None)
    qtbot.addWidget(dialog)
    assert dialog.tabs.count() == 1
    assert dialog.diary is None and dialog.journal is None and dialog.online is None
