"""File > Backups… and the offer to restore when a journal cannot be opened."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.test_main_window import when_modal
from watchjournal.journal import FilmFields, JournalService
from watchjournal.paths import AppPaths
from watchjournal.ui.app import open_window
from watchjournal.ui.dialogs.backups import BackupsDialog


def click(label: str) -> Any:
    def act(box: QMessageBox) -> None:
        next(b for b in box.buttons() if b.text().replace("&", "") == label).click()

    return act


def test_back_up_now_then_restore(qtbot: QtBot, make_window: Any, service: JournalService) -> None:
    service.add_film(FilmFields("Paterson", year=2016))
    window = make_window()
    dialog = BackupsDialog(service, window.runner, window)
    qtbot.addWidget(dialog)
    before = dialog.tree.topLevelItemCount()
    dialog.back_up_now()
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == before + 1, timeout=15_000)
    service.add_film(FilmFields("Huracán", year=2024))
    assert service.count_films() == 2
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
    when_modal(qtbot, QMessageBox, click("Restore"))
    with qtbot.waitSignal(dialog.restored, timeout=10_000):
        dialog.restore_selected()
    assert [f.title for f in service.list_films()] == ["Paterson"]
    kinds = [dialog.tree.topLevelItem(i).text(1) for i in range(dialog.tree.topLevelItemCount())]
    assert "Before a restore" in kinds


def test_closing_while_restoring_closes_once_the_restore_has_reported(
    qtbot: QtBot, make_window: Any, service: JournalService, monkeypatch: Any
) -> None:
    """The window deletes the dialog as soon as it is closed (ui.common.modal), and the
    restore reports back to it: so closing waits for that report, and ``restored``
    (the window's refresh) still comes."""
    service.add_film(FilmFields("Paterson", year=2016))
    service.back_up_now()
    service.add_film(FilmFields("Huracán", year=2024))
    window = make_window()
    dialog = BackupsDialog(service, window.runner, window)
    qtbot.addWidget(dialog)
    dialog.show()
    go_on = threading.Event()
    restore = service.restore_backup

    def held_restore(source: Path) -> Path | None:
        go_on.wait(10)
        return restore(source)

    monkeypatch.setattr(service, "restore_backup", held_restore)
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
    when_modal(qtbot, QMessageBox, click("Restore"))
    dialog.restore_selected()
    assert dialog.status.text() == "Restoring…"
    dialog.reject()
    dialog.reject()  # said once
    assert dialog.isVisible() and dialog.status.text() == "Restoring… Closing once it is done."
    with qtbot.waitSignal(dialog.restored, timeout=10_000):
        go_on.set()
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert [f.title for f in service.list_films()] == ["Paterson"]


def test_damaged_journal_offers_its_latest_good_backup(
    qtbot: QtBot, journal_path: Path, app_dirs: AppPaths
) -> None:
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    service.add_film(FilmFields("Paterson", year=2016))
    service.back_up_now()
    service.close()
    damaged = journal_path.read_bytes()[:5000]  # truncated mid-file
    journal_path.write_bytes(damaged)
    shown: list[str] = []

    def answer(box: QMessageBox) -> None:
        shown.append(box.informativeText())
        click("Restore Latest Backup")(box)

    when_modal(qtbot, QMessageBox, answer)
    window = open_window(app_dirs, journal_path, "journal")
    assert window is not None
    qtbot.addWidget(window)
    assert "damaged" in shown[0] or "not a WatchJournal journal" in shown[0]
    assert [f.title for f in window.service.list_films()] == ["Paterson"]
    kept = [p for p in app_dirs.backup_dir.iterdir() if p.is_file() and p.read_bytes() == damaged]
    assert kept, "the damaged file is kept byte for byte"
    window.service.close()


def test_journal_that_cannot_be_opened_is_explained_and_untouched(
    qtbot: QtBot, tmp_path: Path, app_dirs: AppPaths
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my film notes\n")
    shown: list[str] = []

    def answer(box: QMessageBox) -> None:
        shown.append(box.informativeText())
        box.reject()

    when_modal(qtbot, QMessageBox, answer)
    assert open_window(app_dirs, notes, "notes") is None
    assert "is not a WatchJournal journal (it is a text file)" in shown[0]
    assert notes.read_text() == "my film notes\n"
