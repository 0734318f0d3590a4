"""Two machines on one journal at once: two real processes, on both backends.

Each "machine" is its own Python process with its own connections (as two
computers sharing a server journal, or two programs sharing a journal file).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import watchjournal_command
from watchjournal.journal import JournalService
from watchjournal.journal.reviews import EditingSession
from watchjournal.journal.types import FilmFields, ReviewFields
from watchjournal.paths import AppPaths

TIMEOUT_S = 120

REORDER = textwrap.dedent(
    """
    import random, sys
    from pathlib import Path
    from watchjournal.journal import JournalService
    db, seed, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    service = JournalService.open(db if "://" in db else Path(db), Path(sys.argv[4]))
    service.wait_for_imports(lambda: None)
    chance = random.Random(seed)
    ids = [film.id for film in service.watchlist()]
    for _ in range(rounds):
        service.move_in_watchlist(chance.choice(ids), chance.randrange(len(ids)))
    service.close()
    """
)

EDIT_REVIEW = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from watchjournal.journal import JournalService
    from watchjournal.journal.reviews import EditingSession
    db, review_id, body, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
    service = JournalService.open(db if "://" in db else Path(db), folder / "backups")
    record = service.get_review(review_id)
    editing = EditingSession.of(record)  # the editor opens the review...
    (folder / f"loaded-{body}").touch()
    deadline = time.monotonic() + 60
    while len(list(folder.glob("loaded-*"))) < 2:  # ...on both machines, before either saves
        assert time.monotonic() < deadline, "the other machine never loaded the review"
        time.sleep(0.01)
    saved = service.update_review(review_id, record.fields().__class__(
        rating_tenths=record.rating_tenths, headline=record.headline, body=body,
        tags=record.tags, spoilers=record.spoilers, draft=record.draft,
        viewing_id=record.viewing_id), editing=editing)
    print("elsewhere" if saved.edited_elsewhere else "first")
    service.close()
    """
)


def _start(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )


def _finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=TIMEOUT_S)
    assert process.returncode == 0, err
    return out


def _open(journal_db: str, app_dirs: AppPaths) -> JournalService:
    where: str | Path = journal_db if "://" in journal_db else Path(journal_db)
    return JournalService.open(where, app_dirs.backup_dir)


def test_two_machines_reordering_the_watchlist_keep_it_whole(
    journal_db: str, app_dirs: AppPaths
) -> None:
    service = _open(journal_db, app_dirs)
    try:
        for number in range(12):
            film = service.add_film(FilmFields(title=f"Film {number}", year=2000 + number))
            service.add_to_watchlist(film.id)
        before = sorted(film.id for film in service.watchlist())
        machines = [
            _start(REORDER, journal_db, str(seed), "40", str(app_dirs.backup_dir))
            for seed in (1, 2)
        ]
        for machine in machines:
            _finish(machine)
        after = service.watchlist()
        assert sorted(film.id for film in after) == before
        positions = [film.watchlist.position for film in after if film.watchlist]
        assert positions == list(range(len(before)))  # no duplicates, no gaps
    finally:
        service.close()


def test_a_review_edited_on_two_machines_loses_neither_text(
    journal_db: str, app_dirs: AppPaths, tmp_path: Path
) -> None:
    service = _open(journal_db, app_dirs)
    try:
        film = service.add_film(FilmFields(title="Paterson", year=2016))
        review = service.write_review(film.id, ReviewFields(body="The first words."))
        folder = tmp_path / "machines"
        folder.mkdir()
        machines = [
            _start(EDIT_REVIEW, journal_db, str(review.id), body, str(folder))
            for body in ("laptop", "desktop")
        ]
        said = sorted(_finish(machine).strip() for machine in machines)
        assert said == ["elsewhere", "first"]  # the later save was told
        texts = {service.get_review(review.id).body}
        texts |= {revision.body for revision in service.review_revisions(review.id)}
        assert {"laptop", "desktop", "The first words."} <= texts
    finally:
        service.close()


def test_a_later_save_from_an_older_version_keeps_the_other_text(
    journal_db: str, app_dirs: AppPaths
) -> None:
    """The same, step by step: what the editor is told, and what the history holds."""
    laptop, desktop = _open(journal_db, app_dirs), _open(journal_db, app_dirs)
    try:
        film = laptop.add_film(FilmFields(title="Columbus", year=2017))
        review = laptop.write_review(film.id, ReviewFields(body="Modernist buildings."))
        on_laptop = EditingSession.of(laptop.get_review(review.id))
        on_desktop = EditingSession.of(desktop.get_review(review.id))
        first = laptop.update_review(review.id, ReviewFields(body="laptop text"), editing=on_laptop)
        assert not first.edited_elsewhere
        later = desktop.update_review(
            review.id, ReviewFields(body="desktop text"), editing=on_desktop
        )
        assert later.edited_elsewhere
        assert later.version == first.version + 1
        history = [r.body for r in desktop.review_revisions(review.id)]
        assert "laptop text" in history
        # The desktop's session goes on from its own save: no more warnings.
        again = desktop.update_review(
            review.id, ReviewFields(body="desktop text, more"), editing=on_desktop.after(later)
        )
        assert not again.edited_elsewhere
    finally:
        laptop.close()
        desktop.close()


def test_a_writer_while_an_import_runs(journal_db: str, app_dirs: AppPaths) -> None:
    fixtures = Path(__file__).resolve().parent.parent / "fixtures" / "letterboxd" / "export"
    command = [*watchjournal_command(), "--db", journal_db]
    # The journal exists first: this is about a write meeting an import, not two
    # processes creating (migrating) one new journal at the same moment.
    _open(journal_db, app_dirs).close()
    importing = subprocess.Popen(
        [*command, "import", "letterboxd", str(fixtures), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    adding = subprocess.Popen(
        [*command, "add", "Written meanwhile", "--year", "2001", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    report = json.loads(_finish(importing))
    added = json.loads(_finish(adding))
    service = _open(journal_db, app_dirs)
    try:
        titles = {film.title for film in service.list_films()}
        assert "Written meanwhile" in titles
        assert service.count_films() == report["films"]["added"] + 1
        assert service.get_film(added["id"]).title == "Written meanwhile"
    finally:
        service.close()


def test_another_machines_change_is_noticed(journal_db: str, app_dirs: AppPaths) -> None:
    mine, other = _open(journal_db, app_dirs), _open(journal_db, app_dirs)
    try:
        assert not mine.changed_elsewhere()  # the first look takes note
        mine.add_film(FilmFields(title="My own", year=2000))
        assert not mine.changed_elsewhere()  # my own writes are not news
        other.add_film(FilmFields(title="Theirs", year=2001))
        mine.add_film(FilmFields(title="Mine again", year=2002))
        assert mine.changed_elsewhere()  # theirs, even with mine after it
        assert not mine.changed_elsewhere()
    finally:
        mine.close()
        other.close()
