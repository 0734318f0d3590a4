"""The same recovery files on a journal file: text typed while another program holds the
journal is kept on this computer until the journal has it, and a file left by a run that
was killed is saved when the journal is opened again."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.lock_holder import WRITING, hold_journal
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.journal.recovery import RecoveryFolder, UnsavedReview
from watchjournal.paths import AppPaths
from watchjournal.storage.engine import BUSY_TIMEOUT_VARIABLE
from watchjournal.ui.app import window_for
from watchjournal.ui.common.tasks import WAITING_TEXT

WAIT_MS = 15_000


@pytest.fixture(autouse=True)
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_VARIABLE, "300")


def kept_body(path: Path | None) -> str | None:
    if path is None or not path.exists():
        return None
    return UnsavedReview.from_json(path.read_bytes()).fields.body


def test_text_typed_while_the_journal_is_held_is_kept_until_it_is_saved(
    qtbot: QtBot, service: JournalService, journal_path: Path, app_dirs: AppPaths
) -> None:
    film = service.add_film(FilmFields(title="Paterson", year=2016))
    window = window_for(app_dirs, service, "journal")
    qtbot.addWidget(window)
    window.show()
    window.open_review(film.id, None)
    editor = window.editor
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, "Bus driver poems")
    qtbot.waitUntil(lambda: editor.status_text == "Saved", timeout=WAIT_MS)
    assert editor.recovery_path is None  # a save that went through keeps nothing aside
    with hold_journal(journal_path, WRITING):
        qtbot.keyClicks(editor.body, ", and a dog")
        qtbot.waitUntil(lambda: editor.status_text == WAITING_TEXT, timeout=WAIT_MS)
        path = editor.recovery_path
        qtbot.waitUntil(lambda: kept_body(path) == "Bus driver poems, and a dog", timeout=WAIT_MS)
    assert path is not None
    qtbot.waitUntil(lambda: not path.exists(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: editor.status_text == "Saved", timeout=WAIT_MS)
    review_id = editor.review_id
    assert review_id is not None
    assert service.get_review(review_id).body == "Bus driver poems, and a dog"
    window.close()


def test_a_file_left_by_a_killed_run_is_saved_when_the_journal_opens(
    qtbot: QtBot, service: JournalService, app_dirs: AppPaths
) -> None:
    film = service.add_film(FilmFields(title="Paterson", year=2016))
    review = service.write_review(film.id, ReviewFields(body="Bus driver"))
    folder = RecoveryFolder(app_dirs.recovery_dir, service.journal_name)
    left = folder.keep(
        UnsavedReview(
            service.journal_name,
            film.id,
            review.id,
            review.version,
            ReviewFields(body="Bus driver poems, typed just before the kill"),
            film.label,
        )
    )
    window = window_for(app_dirs, service, "journal")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not left.exists(), timeout=WAIT_MS)
    assert service.get_review(review.id).body == "Bus driver poems, typed just before the kill"
    assert "Saved your review of Paterson (2016)" in window.statusBar().currentMessage()
    assert [r.body for r in service.review_revisions(review.id)] == ["Bus driver"]
    window.close()
