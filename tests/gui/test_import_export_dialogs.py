"""The import and export dialogs, driven with pytest-qt on a real journal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.test_main_window import when_modal
from tests.unit.interchange_helpers import IMDB_EXPORT, LETTERBOXD_EXPORT, dump
from watchjournal.interchange.importing import read_import
from watchjournal.journal import JournalService
from watchjournal.journal.import_types import ImportReport
from watchjournal.ui.dialogs.import_export import ExportDialog, ImportDialog


def wait_idle(qtbot: QtBot, dialog: ImportDialog | ExportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)


def test_preview_then_import(qtbot: QtBot, service: JournalService, journal_path: Path) -> None:
    dialog = ImportDialog(service)
    qtbot.addWidget(dialog)
    assert not dialog.preview_button.isEnabled() and not dialog.import_button.isEnabled()
    dialog.set_source("letterboxd", LETTERBOXD_EXPORT)
    before = dump(journal_path)
    dialog.preview_button.click()
    wait_idle(qtbot, dialog)
    assert "Would add 7 films" in dialog.preview_text.toPlainText()
    assert dump(journal_path) == before  # the preview is a dry run
    assert dialog.import_button.isEnabled()

    with qtbot.waitSignal(dialog.finished_import, timeout=30_000):
        dialog.import_button.click()
    wait_idle(qtbot, dialog)
    assert service.count_films() == 7
    assert "Added 7 films" in dialog.preview_text.toPlainText()
    assert dialog.cancel_button.text() == "Close"
    assert not dialog.import_button.isEnabled()


def test_skipped_rows_and_reasons_are_in_the_preview(qtbot: QtBot, service: JournalService) -> None:
    dialog = ImportDialog(service)
    qtbot.addWidget(dialog)
    dialog.set_source("imdb", IMDB_EXPORT)
    dialog.preview_button.click()
    wait_idle(qtbot, dialog)
    text = dialog.preview_text.toPlainText()
    assert "Skipped 2 rows: 2 not a film (TV Series)." in text
    assert "WATCHLIST.csv, line 4: Game of Thrones" in text


def test_a_bad_file_shows_a_short_plain_message(
    qtbot: QtBot, service: JournalService, tmp_path: Path
) -> None:
    bad = tmp_path / "ratings.csv"
    bad.write_text("<b>Const</b>,Title\n")
    dialog = ImportDialog(service)
    qtbot.addWidget(dialog)
    dialog.set_source("imdb", bad)
    dialog.preview_button.click()
    wait_idle(qtbot, dialog)
    message = dialog.status_label.text()
    assert message.startswith("ratings.csv, line 1: does not look like an IMDb export")
    assert "<b>Const</b>" in message  # shown as typed, not as HTML
    assert dialog.status_label.textFormat().name == "PlainText"
    assert not dialog.import_button.isEnabled()


def test_changing_the_file_drops_the_preview(qtbot: QtBot, service: JournalService) -> None:
    dialog = ImportDialog(service)
    qtbot.addWidget(dialog)
    dialog.set_source("letterboxd", LETTERBOXD_EXPORT)
    dialog.preview_button.click()
    wait_idle(qtbot, dialog)
    dialog.path_edit.setText(str(IMDB_EXPORT))
    assert not dialog.import_button.isEnabled()
    assert dialog.preview_text.toPlainText() == ""


def test_cancelled_import_changes_nothing(
    qtbot: QtBot, service: JournalService, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ImportDialog(service)
    qtbot.addWidget(dialog)
    dialog.set_source("letterboxd", LETTERBOXD_EXPORT)
    dialog.preview_button.click()
    wait_idle(qtbot, dialog)
    before = dump(journal_path)
    real = service.import_batch

    def cancel_midway(batch: object, **kwargs: object) -> ImportReport:
        progress = kwargs["progress"]
        assert callable(progress)

        def cancel_at_reviews(done: int, total: int, text: str) -> None:
            if text == "Adding reviews":
                dialog.cancel_button.click()  # as if the user pressed Cancel now
            progress(done, total, text)

        return real(batch, progress=cancel_at_reviews)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "import_batch", cancel_midway)
    dialog.import_button.click()
    wait_idle(qtbot, dialog)
    assert dialog.status_label.text() == "Cancelled; nothing was changed."
    assert dump(journal_path) == before


@pytest.mark.parametrize(("index", "name"), [(0, "backup.json"), (3, "journal.md")])
def test_export_dialog_writes_the_file(
    qtbot: QtBot, service: JournalService, tmp_path: Path, index: int, name: str
) -> None:
    service.import_batch(read_import("letterboxd", LETTERBOXD_EXPORT))
    dialog = ExportDialog(service)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(index)
    dialog.path_edit.setText(str(tmp_path / name))
    dialog.export_button.click()
    wait_idle(qtbot, dialog)
    assert (tmp_path / name).exists()
    assert dialog.status_label.text().startswith("Exported 7 films as ")
    assert dialog.cancel_button.text() == "Close"
    if name.endswith(".json"):
        assert json.loads((tmp_path / name).read_text())["schema_version"] == 1


def test_export_dialog_reports_an_unwritable_place(
    qtbot: QtBot, service: JournalService, tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("not a folder")
    dialog = ExportDialog(service)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "file" / "backup.json"))
    dialog.export_button.click()
    wait_idle(qtbot, dialog)
    assert dialog.status_label.text().startswith("could not write")
    assert dialog.export_result is None


def answer_replace(qtbot: QtBot, button: QMessageBox.StandardButton) -> list[dict[str, Any]]:
    """Answer the next question with ``button``; what the question looked like."""
    seen: list[dict[str, Any]] = []

    def act(box: QMessageBox) -> None:
        no = box.button(QMessageBox.StandardButton.No)
        seen.append(
            {
                "text": box.text(),
                "default_is_no": box.defaultButton() is no,
                "plain": box.textFormat() == Qt.TextFormat.PlainText,
            }
        )
        box.button(button).click()

    when_modal(qtbot, QMessageBox, act)
    return seen


@pytest.mark.parametrize("replace", [False, True])
def test_export_dialog_asks_before_replacing_a_file(
    qtbot: QtBot, service: JournalService, tmp_path: Path, replace: bool
) -> None:
    service.import_batch(read_import("letterboxd", LETTERBOXD_EXPORT))
    target = tmp_path / "<b>notes.json"
    target.write_bytes(b"my own notes")
    dialog = ExportDialog(service)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(0)
    dialog.path_edit.setText(str(target))
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    seen = answer_replace(qtbot, yes if replace else no)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=30_000)
    wait_idle(qtbot, dialog)
    assert seen == [
        {"text": f"{target} already exists. Replace it?", "default_is_no": True, "plain": True}
    ]
    if replace:
        qtbot.waitUntil(lambda: dialog.export_result is not None, timeout=30_000)
        assert json.loads(target.read_text())["schema_version"] == 1
        assert dialog.status_label.text().endswith("Replaced 1 existing file.")
    else:
        assert target.read_bytes() == b"my own notes"
        assert dialog.export_result is None
        assert dialog.status_label.text().startswith("Nothing was exported")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_export_dialog_asks_once_for_a_folder_export(
    qtbot: QtBot, service: JournalService, tmp_path: Path
) -> None:
    service.import_batch(read_import("letterboxd", LETTERBOXD_EXPORT))
    folder = tmp_path / "films"
    folder.mkdir()
    (folder / "index.md").write_text("mine")
    dialog = ExportDialog(service)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(3)
    dialog.path_edit.setText(str(folder))
    seen = answer_replace(qtbot, QMessageBox.StandardButton.No)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=30_000)
    wait_idle(qtbot, dialog)
    assert seen[0]["text"] == (
        f"{folder} already has 1 of the files this export writes (index.md). Replace it?"
    )
    assert [p.name for p in folder.iterdir()] == ["index.md"]  # no film file either
    assert (folder / "index.md").read_text() == "mine"


def test_export_dialog_refuses_the_journal_without_asking(
    qtbot: QtBot, service: JournalService, journal_path: Path
) -> None:
    service.import_batch(read_import("letterboxd", LETTERBOXD_EXPORT))
    before = dump(journal_path)
    dialog = ExportDialog(service)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(2)  # IMDb CSV, the reported case
    dialog.path_edit.setText(str(journal_path))
    seen = answer_replace(qtbot, QMessageBox.StandardButton.Yes)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "open journal" in dialog.status_label.text(), timeout=30_000)
    wait_idle(qtbot, dialog)
    assert seen == []
    assert dialog.export_result is None
    assert dump(journal_path) == before
    assert service.count_films() == 7
