"""The app on a journal in a read-only folder: it opens, says so once in the status bar,
shows the films, and a write shows the same sentence through the error display; a
journal whose files were made private on opening says that in the status bar too."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.read_only_places import dump, immutable_paths
from watchjournal.journal import FilmFields, JournalService
from watchjournal.paths import AppPaths
from watchjournal.storage.places import READ_ONLY_FOLDER
from watchjournal.ui.app import open_window

SENTENCE = "The journal is in a read-only folder: it can be read but not changed."


def test_a_journal_in_a_read_only_folder_opens_and_refuses_writes_in_one_sentence(
    qtbot: QtBot, tmp_path: Path, app_dirs: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = tmp_path / "folder" / "journal.sqlite"
    service = JournalService.open(journal, app_dirs.backup_dir)
    service.add_film(FilmFields("Paterson", year=2016))
    service.close()
    with immutable_paths() as immutable:
        immutable(journal.parent)
        before = dump(journal)
        window = open_window(app_dirs, journal, "journal")
        assert window is not None
        qtbot.addWidget(window)
        with qtbot.waitExposed(window):
            window.show()
        assert window.statusBar().currentMessage() == SENTENCE
        window.show_view("films")
        qtbot.waitUntil(lambda: window.library.films_view.model().rowCount() == 1)
        window.library.films_view.selectRow(0)

        shown: list[str] = []

        def read(box: QMessageBox) -> int:
            # Recorded instead of shown modally: a question poller another test left
            # running must not answer it.
            shown.append(box.text())
            return int(QMessageBox.StandardButton.Ok.value)

        monkeypatch.setattr(QMessageBox, "exec", read)
        window.acts.like.trigger()
        qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
        qtbot.waitUntil(lambda: not window.runner.writing, timeout=10_000)
        assert READ_ONLY_FOLDER in shown[0]
        assert dump(journal) == before
        window.service.close()


def test_files_made_private_on_opening_are_said_in_the_status_bar(
    qtbot: QtBot, app_dirs: AppPaths
) -> None:
    journal = app_dirs.data_dir / "journal.sqlite"
    JournalService.open(journal, app_dirs.backup_dir).close()
    journal.chmod(0o644)
    window = open_window(app_dirs, journal, "journal")
    assert window is not None
    qtbot.addWidget(window)
    assert "readable by other users" in window.statusBar().currentMessage()
    window.service.close()
    window = open_window(app_dirs, journal, "journal")  # once: nothing more to say
    assert window is not None
    qtbot.addWidget(window)
    assert window.statusBar().currentMessage() == ""
    window.service.close()
