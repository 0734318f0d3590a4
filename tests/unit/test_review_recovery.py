"""Review text kept on this computer (journal/recovery.py): the file is private, written
whole, one per journal and review, and saving it goes through the normal save path (the
version check keeps another machine's text), on both backends."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from watchjournal.errors import NotFoundError
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.journal.recovery import RecoveryFolder, UnsavedReview, save_unsaved
from watchjournal.paths import AppPaths


@pytest.fixture
def journal(journal_db: str, app_dirs: AppPaths) -> Iterator[JournalService]:
    service = JournalService.open(
        journal_db if "://" in journal_db else Path(journal_db), app_dirs.backup_dir
    )
    yield service
    service.close()


def unsaved(
    journal: JournalService, film_id: int, review_id: int | None, version: int | None = None
) -> UnsavedReview:
    fields = ReviewFields(body="Kept while the server was away", tags=("night", "bus"))
    return UnsavedReview(journal.journal_name, film_id, review_id, version, fields, "Paterson")


def test_the_file_is_private_whole_and_one_per_review(tmp_path: Path) -> None:
    folder = RecoveryFolder(tmp_path / "data" / "recovery", "postgresql://me@host/films")
    first = UnsavedReview("postgresql://me@host/films", 3, 7, 2, ReviewFields(body="one"))
    path = folder.keep(first)
    again = folder.keep(
        UnsavedReview("postgresql://me@host/films", 3, 7, 2, ReviewFields(body="two"))
    )
    assert again == path and [p for p, _ in folder.pending()] == [path]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    ((_, read),) = folder.pending()
    assert read.fields == ReviewFields(body="two") and read.review_id == 7 and read.version == 2
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    # A new review is kept per film; another journal's files are not this journal's.
    draft = folder.keep(UnsavedReview("postgresql://me@host/films", 3, None, None, ReviewFields()))
    assert draft != path
    other = RecoveryFolder(folder.folder, "/home/me/journal.sqlite")
    other.keep(UnsavedReview("/home/me/journal.sqlite", 1, 1, 1, ReviewFields(body="x")))
    assert {p for p, _ in folder.pending()} == {path, draft}
    # A damaged file is left alone, never read as text nor deleted.
    path.write_bytes(b"{not json")
    assert [p for p, _ in folder.pending()] == [draft] and path.exists()
    folder.forget(draft)
    folder.forget(draft)  # already gone: fine
    assert not draft.exists()


def test_saving_kept_text_creates_a_new_review_and_updates_an_existing_one(
    journal: JournalService,
) -> None:
    film = journal.add_film(FilmFields(title="Paterson", year=2016))
    created = save_unsaved(journal, unsaved(journal, film.id, None))
    assert journal.get_review(created.id).body == "Kept while the server was away"
    assert set(journal.get_review(created.id).tags) == {"night", "bus"}
    existing = journal.write_review(film.id, ReviewFields(body="First words"))
    saved = save_unsaved(journal, unsaved(journal, film.id, existing.id, version=existing.version))
    assert saved.id == existing.id and not saved.edited_elsewhere
    assert journal.get_review(existing.id).body == "Kept while the server was away"


def test_another_machines_text_saved_meanwhile_is_kept_as_a_revision(
    journal: JournalService,
) -> None:
    film = journal.add_film(FilmFields(title="Paterson", year=2016))
    review = journal.write_review(film.id, ReviewFields(body="First words"))
    # The other machine saved while this one could not reach the journal.
    journal.update_review(review.id, ReviewFields(body="The other machine's words"))
    saved = save_unsaved(journal, unsaved(journal, film.id, review.id, version=review.version))
    assert saved.edited_elsewhere
    assert journal.get_review(review.id).body == "Kept while the server was away"
    kept = [revision.body for revision in journal.review_revisions(review.id)]
    assert "The other machine's words" in kept


def test_a_review_or_viewing_deleted_meanwhile_does_not_lose_the_text(
    journal: JournalService,
) -> None:
    film = journal.add_film(FilmFields(title="Paterson", year=2016))
    viewing = journal.mark_watched(film.id, date(2025, 6, 1))
    review = journal.write_review(film.id, ReviewFields(body="First words"))
    journal.delete_review(review.id)
    journal.delete_viewing(viewing.id)
    gone = replace(
        unsaved(journal, film.id, review.id, version=review.version),
        fields=ReviewFields(body="Kept while the server was away", viewing_id=viewing.id),
    )
    saved = save_unsaved(journal, gone)
    assert saved.id != review.id and saved.viewing_id is None
    assert journal.get_review(saved.id).body == "Kept while the server was away"
    journal.delete_film(film.id)
    with pytest.raises(NotFoundError):
        save_unsaved(journal, gone)
