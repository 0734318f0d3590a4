"""The app with a journal that another process holds: busy, never damaged; no restore
offered at start-up, and a restore from File > Backups… is refused with the reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.test_backups import click
from tests.gui.test_main_window import when_modal
from tests.lock_holder import EXCLUSIVE, OTHER_PROGRAMS_ROW, hold_journal, other_programs_rows
from watchjournal.journal import FilmFields, JournalService
from watchjournal.paths import AppPaths
from watchjournal.storage.engine import BUSY_TIMEOUT_VARIABLE
from watchjournal.ui.app import open_window
from watchjournal.ui.dialogs.backups import BackupsDialog


@pytest.fixture(autouse=True)
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_VARIABLE, "300")


def test_start_up_with_a_held_journal_says_busy_and_offers_a_retry(
    qtbot: QtBot, journal_path: Path, app_dirs: AppPaths
) -> None:
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    service.add_film(FilmFields("Paterson", year=2016))
    service.back_up_now()  # a good backup exists: it must still not be offered
    service.close()
    shown: list[tuple[str, list[str]]] = []

    def answer(box: QMessageBox) -> None:
        labels = [b.text().replace("&", "") for b in box.buttons()]
        shown.append((box.informativeText(), labels))
        if len(shown) == 1:
            holder.__exit__(None, None, None)  # the other program lets go; then try again
            click("Try Again")(box)
        else:
            box.reject()

    holder = hold_journal(journal_path, *OTHER_PROGRAMS_ROW, *EXCLUSIVE)
    holder.__enter__()
    when_modal(qtbot, QMessageBox, answer)
    window = open_window(app_dirs, journal_path, "journal")
    assert window is not None, shown
    qtbot.addWidget(window)
    message, buttons = shown[0]
    assert "busy" in message and "damaged" not in message
    assert "Try Again" in buttons and "Restore Latest Backup" not in buttons
    assert [f.title for f in window.service.list_films()] == ["Paterson"]
    window.service.close()


def test_restore_in_the_backups_dialog_is_refused_while_another_process_has_the_journal(
    qtbot: QtBot, make_window: Any, service: JournalService, journal_path: Path
) -> None:
    service.add_film(FilmFields("Paterson", year=2016))
    service.back_up_now()
    service.add_film(FilmFields("Heat", year=1995))
    window = make_window()
    dialog = BackupsDialog(service, window.runner, window)
    qtbot.addWidget(dialog)
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
    restored: list[bool] = []
    dialog.restored.connect(lambda: restored.append(True))
    with hold_journal(journal_path, *OTHER_PROGRAMS_ROW):
        when_modal(qtbot, QMessageBox, click("Restore"))
        dialog.restore_selected()
        qtbot.waitUntil(lambda: dialog.status.text().startswith("Failed"), timeout=10_000)
        assert "open in another program" in dialog.status.text()
    assert not restored
    assert sorted(f.title for f in service.list_films()) == ["Heat", "Paterson"]
    assert other_programs_rows(journal_path) == ["committed by another program"]
