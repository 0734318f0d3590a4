"""The import dialog, driven with pytest-qt on a real journal: every source with its
help, a preview as soon as a path is picked, ambiguous films to choose, the import
on the writer lane (waiting for a busy journal), Enter and Escape."""

from __future__ import annotations

import inspect
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from tests.lock_holder import WRITING, hold_journal
from tests.unit.interchange_helpers import IMDB_EXPORT, LETTERBOXD_EXPORT, dump
from watchjournal.interchange import importing
from watchjournal.journal import FilmFields, JournalService
from watchjournal.journal.import_types import (
    Ambiguous,
    Candidate,
    ImportBatch,
    ImportFilm,
    ImportReport,
    ImportViewing,
    Origin,
)
from watchjournal.storage.engine import BUSY_TIMEOUT_VARIABLE
from watchjournal.ui.dialogs.import_dialog import LEAVE_OUT, SOURCES, ImportDialog, source_of


@pytest.fixture
def dialog(qtbot: QtBot, service: JournalService) -> Iterator[ImportDialog]:
    made = ImportDialog(service)
    qtbot.addWidget(made)
    yield made
    made.runner.wait()


def wait_idle(qtbot: QtBot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)


def wait_ready(qtbot: QtBot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: dialog.ready, timeout=30_000)


def test_every_import_kind_is_offered_with_a_label_and_what_to_pick(
    dialog: ImportDialog,
) -> None:
    combo = dialog.kind_combo
    kinds = [combo.itemData(i) for i in range(combo.count())]
    assert kinds == list(importing.IMPORT_KINDS)
    assert all(kind in SOURCES for kind in kinds)  # none falls back to a made-up label
    for index, kind in enumerate(kinds):
        combo.setCurrentIndex(index)
        assert combo.currentText() == SOURCES[kind].label
        assert dialog.help_label.text() == SOURCES[kind].help
        assert dialog.picker.file_filter == SOURCES[kind].file_filter
    # The sources issue 13 adds have their words ready for when their readers arrive.
    assert "zip" in SOURCES["trakt"].help and "folder" in SOURCES["trakt"].help
    assert "NetflixViewingHistory.csv" in SOURCES["netflix"].help
    assert "zip" in SOURCES["letterboxd"].help and "folder" in SOURCES["letterboxd"].help
    assert ".csv" in SOURCES["imdb"].help


def test_a_kind_without_words_of_its_own_still_gets_a_label(
    qtbot: QtBot, service: JournalService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "IMPORT_KINDS", (*importing.IMPORT_KINDS, "mubi_ratings"))
    made = ImportDialog(service)
    qtbot.addWidget(made)
    made.kind_combo.setCurrentIndex(made.kind_combo.findData("mubi_ratings"))
    assert made.kind_combo.currentText() == "Mubi ratings export" == source_of("mubi_ratings").label
    assert made.help_label.text() == "The Mubi ratings export: a .zip, a folder or a file."


def test_picking_a_path_previews_at_once_then_import(
    qtbot: QtBot, dialog: ImportDialog, service: JournalService, journal_path: Path
) -> None:
    assert not dialog.preview_button.isEnabled() and not dialog.import_button.isEnabled()
    before = dump(journal_path)
    dialog.set_source("letterboxd", LETTERBOXD_EXPORT)  # as a file dialog picks it
    assert dialog.busy  # no Preview click needed
    wait_ready(qtbot, dialog)
    assert "Would add 7 films" in dialog.preview_text.toPlainText()
    assert dump(journal_path) == before  # the preview is a dry run
    assert not dialog.choices.isVisibleTo(dialog)  # nothing ambiguous here

    with qtbot.waitSignal(dialog.finished_import, timeout=30_000):
        dialog.import_button.click()
    wait_idle(qtbot, dialog)
    assert service.count_films() == 7
    assert "Added 7 films" in dialog.preview_text.toPlainText()
    assert dialog.cancel_button.text() == "Close"
    assert not dialog.import_button.isEnabled() and not dialog.picker.isEnabled()


def test_a_typed_path_previews_once_typing_rests(qtbot: QtBot, dialog: ImportDialog) -> None:
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("imdb"))
    dialog.path_edit.setText(str(IMDB_EXPORT))
    assert not dialog.busy  # not on every keystroke
    wait_ready(qtbot, dialog)
    text = dialog.preview_text.toPlainText()
    assert "Skipped 2 rows: 2 not a film (TV Series)." in text
    assert "WATCHLIST.csv, line 4: Game of Thrones" in text


def test_a_typed_path_that_is_not_there_says_so(
    qtbot: QtBot, dialog: ImportDialog, tmp_path: Path
) -> None:
    missing = tmp_path / "letterboxd-me"
    dialog.path_edit.setText(str(missing))
    qtbot.waitUntil(lambda: dialog.status_label.text() != "", timeout=5_000)
    assert dialog.status_label.text() == f"There is no file or folder at {missing}."
    assert not dialog.busy and not dialog.import_button.isEnabled()


def test_only_the_newest_source_is_previewed(qtbot: QtBot, dialog: ImportDialog) -> None:
    dialog.set_source("letterboxd", LETTERBOXD_EXPORT)
    dialog.set_source("imdb", IMDB_EXPORT)  # changed while the first preview runs
    wait_ready(qtbot, dialog)
    text = dialog.preview_text.toPlainText()
    assert "not a film (TV Series)" in text and "Would add 7 films" not in text
    assert dialog.source() == ("imdb", IMDB_EXPORT)


def test_a_bad_file_shows_a_short_plain_message(
    qtbot: QtBot, dialog: ImportDialog, tmp_path: Path
) -> None:
    bad = tmp_path / "ratings.csv"
    bad.write_text("<b>Const</b>,Title\n")
    dialog.set_source("imdb", bad)
    wait_idle(qtbot, dialog)
    message = dialog.status_label.text()
    assert message.startswith("ratings.csv, line 1: does not look like an IMDb export")
    assert "<b>Const</b>" in message  # shown as typed, not as HTML
    assert dialog.status_label.textFormat() == Qt.TextFormat.PlainText
    assert not dialog.import_button.isEnabled()


def test_changing_the_file_drops_the_preview(qtbot: QtBot, dialog: ImportDialog) -> None:
    dialog.set_source("letterboxd", LETTERBOXD_EXPORT)
    wait_ready(qtbot, dialog)
    dialog.path_edit.setText(str(IMDB_EXPORT))
    assert not dialog.import_button.isEnabled()
    assert dialog.preview_text.toPlainText() == ""


def test_cancelled_import_changes_nothing(
    qtbot: QtBot,
    dialog: ImportDialog,
    service: JournalService,
    journal_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog.show()
    dialog.set_source("letterboxd", LETTERBOXD_EXPORT)
    wait_ready(qtbot, dialog)
    before = dump(journal_path)
    real = service.import_batch

    def cancel_midway(batch: ImportBatch, **kwargs: Any) -> ImportReport:
        progress = kwargs["progress"]

        def cancel_at_reviews(done: int, total: int, text: str) -> None:
            if text == "Adding reviews":
                # As if the user pressed Cancel now. This runs on the worker thread, where
                # no widget may be touched, and may run before start() has kept the task's
                # control (a loaded machine): wait for it, then cancel through it (a
                # thread-safe flag), as the Cancel button does.
                deadline = time.monotonic() + 10
                while dialog._control is None and time.monotonic() < deadline:
                    time.sleep(0.005)
                assert dialog._control is not None
                dialog._control.cancel()
            progress(done, total, text)

        return real(batch, progress=cancel_at_reviews)

    monkeypatch.setattr(service, "import_batch", cancel_midway)
    dialog.import_button.click()
    wait_idle(qtbot, dialog)
    assert dialog.status_label.text() == "Cancelled; nothing was changed."
    assert dump(journal_path) == before
    assert dialog.isVisible() and not dialog.is_done  # Cancel stopped the import, not the dialog
    assert dialog.import_button.isEnabled()  # the preview still holds: Import may go again


def two_ballerinas(service: JournalService) -> tuple[int, int]:
    older = service.add_film(FilmFields("Ballerina", year=2023, directors=("Lee Chung-hyun",)))
    newer = service.add_film(FilmFields("Ballerina", year=2025, directors=("Len Wiseman",)))
    return older.id, newer.id


def netflix_batch() -> ImportBatch:
    """What a Netflix history with one "Ballerina" gives: a title, no year."""
    film = ImportFilm(FilmFields("Ballerina"), Origin("NetflixViewingHistory.csv", 2))
    film.title_only = True
    film.viewings = [ImportViewing(date(2025, 6, 1), where="Netflix")]
    return ImportBatch(kind="netflix", films=[film])


class RecordingImports:
    """The service's import, answering a dry run with one ambiguous film (as the
    writer reports it) and recording what the real import is asked."""

    def __init__(self, service: JournalService, ambiguous: Ambiguous) -> None:
        self.real = service.import_batch
        self.ambiguous = ambiguous
        self.imports: list[dict[str, Any]] = []

    def __call__(self, batch: ImportBatch, **kwargs: Any) -> ImportReport:
        if kwargs.get("dry_run"):
            report = ImportReport(kind=batch.kind, dry_run=True)
            report.ambiguous.append(self.ambiguous)
            return report
        self.imports.append(kwargs)
        return ImportReport(kind=batch.kind, films_merged=1, viewings_added=1)


@pytest.mark.parametrize("pick", [0, 1, 2])
def test_an_ambiguous_film_is_listed_with_a_choice_and_the_choice_is_passed_on(
    qtbot: QtBot,
    dialog: ImportDialog,
    service: JournalService,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    pick: int,
) -> None:
    older, newer = two_ballerinas(service)
    ambiguous = Ambiguous(
        film=0,
        origin=Origin("NetflixViewingHistory.csv", 2),
        what="Ballerina <i>",
        candidates=(
            Candidate(older, "Ballerina (2023, Lee Chung-hyun)"),
            Candidate(newer, "Ballerina (2025, Len Wiseman)"),
        ),
    )
    imports = RecordingImports(service, ambiguous)
    monkeypatch.setattr(service, "import_batch", imports)
    monkeypatch.setattr(importing, "read_import", lambda kind, path: netflix_batch())
    (tmp_path / "history.csv").write_text("Title,Date\n")
    dialog.set_source("letterboxd", tmp_path / "history.csv")
    wait_ready(qtbot, dialog)

    assert dialog.choices.isVisibleTo(dialog)
    assert dialog.choices.heading.text() == (
        "1 film of the export matches several films in your journal."
        " Choose which each one is, or leave it out:"
    )
    combo = dialog.choices.combos[0]
    assert [combo.itemText(i) for i in range(combo.count())] == [
        LEAVE_OUT,
        "Ballerina (2023, Lee Chung-hyun)",
        "Ballerina (2025, Len Wiseman)",
    ]
    assert combo.currentText() == LEAVE_OUT  # never guessed
    labels = dialog.choices.findChildren(QLabel)
    what = "Ballerina <i>  (NetflixViewingHistory.csv, line 2)"  # the export's text, as written
    assert [label.text() for label in labels if label.buddy() is combo] == [what]
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    # At the dialog's smallest size the choice is still in view, not behind a sideways
    # scroll (it sat beside the film's name and was cut in the renders).
    dialog.show()
    dialog.resize(dialog.minimumSizeHint())
    area = dialog.choices._area
    qtbot.waitUntil(
        lambda: dialog.size() == dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
    )
    assert area.horizontalScrollBar().maximum() == 0
    assert combo.mapTo(area.viewport(), combo.rect().topRight()).x() < area.viewport().width()

    combo.setCurrentIndex(pick)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.is_done, timeout=30_000)
    chosen = {0: [older, newer][pick - 1]} if pick else None
    assert [call.get("choices") for call in imports.imports] == [chosen]


needs_choices = pytest.mark.skipif(
    "choices" not in inspect.signature(JournalService.import_batch).parameters,
    reason="JournalService.import_batch(choices=...) comes with issue 13's writer part",
)


@needs_choices
def test_choosing_a_film_for_an_ambiguous_title_imports_into_it(
    qtbot: QtBot,
    dialog: ImportDialog,
    service: JournalService,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The real writer: a Netflix "Ballerina" with two in the journal is listed, and goes
    to the one chosen (runs once the writer's ambiguity and choices are in)."""
    older, newer = two_ballerinas(service)
    monkeypatch.setattr(importing, "read_import", lambda kind, path: netflix_batch())
    (tmp_path / "history.csv").write_text("Title,Date\n")
    dialog.set_source("letterboxd", tmp_path / "history.csv")
    wait_ready(qtbot, dialog)
    combo = dialog.choices.combos[0]
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels[0] == LEAVE_OUT and len(labels) == 3
    combo.setCurrentIndex(combo.findData(older))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.is_done, timeout=30_000)
    assert [v.where for v in service.get_film(older).viewings] == ["Netflix"]
    assert service.get_film(newer).viewings == ()
    assert service.count_films() == 2


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_VARIABLE, "300")


@pytest.mark.usefixtures("short_busy_timeout")
def test_an_import_waits_for_a_busy_journal_and_says_so(
    qtbot: QtBot, dialog: ImportDialog, service: JournalService, journal_path: Path
) -> None:
    dialog.set_source("letterboxd", LETTERBOXD_EXPORT)
    wait_ready(qtbot, dialog)
    with hold_journal(journal_path, WRITING):
        dialog.import_button.click()
        qtbot.waitUntil(
            lambda: dialog.status_label.text() == dialog.runner.waiting_message, timeout=10_000
        )
        assert "Another program is writing to it." in dialog.status_label.text()
        assert dialog.busy and service.count_films() == 0
    qtbot.waitUntil(lambda: dialog.is_done, timeout=30_000)
    assert service.count_films() == 7
    assert dialog.status_label.text() == "Import finished."


def test_enter_imports_once_the_preview_is_ready(
    qtbot: QtBot, dialog: ImportDialog, service: JournalService
) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.path_edit.setFocus()
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)  # nothing to import yet
    assert dialog.isVisible() and not dialog.busy
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("letterboxd"))
    dialog.path_edit.setText(str(LETTERBOXD_EXPORT))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)  # previews now, imports nothing
    assert dialog.busy
    wait_ready(qtbot, dialog)
    assert service.count_films() == 0
    with qtbot.waitSignal(dialog.finished_import, timeout=30_000):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert service.count_films() == 7


def test_escape_cancels_a_preview_and_closes(
    qtbot: QtBot, dialog: ImportDialog, service: JournalService, journal_path: Path
) -> None:
    before = dump(journal_path)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_source("letterboxd", LETTERBOXD_EXPORT)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and not dialog.busy
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dump(journal_path) == before
