"""The export dialog, driven with pytest-qt on a real journal: it writes, asks before
replacing, refuses the journal, and says what it wrote and what it left out."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.test_main_window import when_modal
from tests.unit.interchange_helpers import LETTERBOXD_EXPORT, dump
from watchjournal.interchange.importing import read_import
from watchjournal.journal import JournalService
from watchjournal.ui.dialogs.background import BackgroundDialog
from watchjournal.ui.dialogs.export_dialog import ExportDialog


def wait_idle(qtbot: QtBot, dialog: BackgroundDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)


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


def test_export_dialog_says_what_was_written_and_left_out(
    qtbot: QtBot, service: JournalService, tmp_path: Path
) -> None:
    service.import_batch(read_import("letterboxd", LETTERBOXD_EXPORT))
    target = tmp_path / "lb.csv"
    dialog = ExportDialog(service)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("letterboxd"))
    dialog.path_edit.setText(str(target))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.export_result is not None, timeout=30_000)
    assert dialog.status_label.text().splitlines() == [
        f"Exported 5 films in 6 rows as a Letterboxd import CSV to {target}.",
        "Left out 2 films never watched, rated or reviewed: Letterboxd's import file has"
        " rows for diary entries, ratings and reviews only.",
    ]
    with target.open(newline="", encoding="utf-8") as written:
        assert len(list(csv.DictReader(written))) == 6


def test_export_dialog_with_nothing_to_export_says_so_and_writes_nothing(
    qtbot: QtBot, service: JournalService, tmp_path: Path
) -> None:
    service.import_batch(read_import("letterboxd", LETTERBOXD_EXPORT))
    dialog = ExportDialog(service)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("imdb"))
    (tmp_path / "out").mkdir()
    dialog.path_edit.setText(str(tmp_path / "out" / "imdb.csv"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "Nothing to export" in dialog.status_label.text(), timeout=30_000)
    wait_idle(qtbot, dialog)
    assert dialog.status_label.text() == (
        "Nothing to export as an IMDb ratings CSV, so no file was written: 3 films without"
        " a rating (an IMDb ratings file holds rated films only); 4 rated films without an"
        " IMDb id (IMDb finds a film by its IMDb id, which these films do not have)."
    )
    assert dialog.export_result is None
    assert list((tmp_path / "out").iterdir()) == []
