"""Letterboxd diary entries, reviews and tags, honestly: tags belong to the viewing, tags
alone make no review, and a review without a watched date makes no viewing.

Generated exports for each case, and a real account's diary of tagged entries
(tests/fixtures/letterboxd/real/patrickmjones, see the README there).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.unit.interchange_helpers import dump
from tests.unit.test_letterboxd_real import ACCOUNT, REAL, table, write
from watchjournal.interchange.importing import read_import
from watchjournal.journal import JournalService
from watchjournal.journal.import_types import ImportBatch, ImportFilm

PATRICK = REAL / "patrickmjones"
DIARY_HEADER = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
REVIEW_HEADER = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
ENTRIES = {
    "diary.csv": DIARY_HEADER
    + '2024-02-02,Paterson,2016,https://boxd.it/d1,,,"poetry, bus",2024-02-01\n'
    + "2024-02-03,Paterson,2016,https://boxd.it/d2,4.5,Yes,cinema,2024-02-02\n"
    + "2024-02-04,Perfect Days,2023,https://boxd.it/d3,,,,2024-02-03\n",
    "reviews.csv": REVIEW_HEADER
    + "2024-02-03,Paterson,2016,https://boxd.it/d2,4.5,Yes,A bus driver.,cinema,2024-02-02\n"
    # Posted on the day Perfect Days was watched, but with no watched date of its own.
    + "2024-02-03,Perfect Days,2023,https://boxd.it/r1,4,,Toilets of Tokyo.,wenders,\n"
    # An entry diary.csv does not have (a trimmed export): its watched date is given.
    + "2024-03-02,Past Lives,2023,https://boxd.it/r2,,,Yearning.,seoul,2024-02-20\n",
}


def film(batch: ImportBatch, title: str) -> ImportFilm:
    [found] = [f for f in batch.films if f.fields.title == title]
    return found


@pytest.fixture
def entries(tmp_path: Path) -> Path:
    return write(tmp_path / "entries", dict(ENTRIES))


def test_diary_tags_go_on_the_viewing_and_alone_make_no_review(entries: Path) -> None:
    paterson = film(read_import("letterboxd", entries), "Paterson")
    assert [(v.watched_on, v.tags, v.rewatch_override) for v in paterson.viewings] == [
        (date(2024, 2, 1), ("poetry", "bus"), None),
        (date(2024, 2, 2), ("cinema",), True),
    ]
    # One review: the rated entry's, its text from reviews.csv and reviews.csv's tags.
    [review] = paterson.reviews
    assert (review.rating_tenths, review.body, review.tags, review.viewing) == (
        90,
        "A bus driver.",
        ("cinema",),
        1,
    )


def test_a_rated_diary_entry_gives_a_rating_only_review_without_the_tags(
    tmp_path: Path,
) -> None:
    export = write(tmp_path / "export", {"diary.csv": ENTRIES["diary.csv"]})
    paterson = film(read_import("letterboxd", export), "Paterson")
    assert [(r.rating_tenths, r.body, r.tags, r.viewing) for r in paterson.reviews] == [
        (90, "", (), 1)
    ]


def test_a_review_without_a_watched_date_makes_no_viewing(entries: Path) -> None:
    batch = read_import("letterboxd", entries)
    perfect = film(batch, "Perfect Days")
    assert [v.watched_on for v in perfect.viewings] == [date(2024, 2, 3)]  # the diary's only
    [review] = perfect.reviews
    assert review.viewing is None
    assert review.created_at == datetime(2024, 2, 3)
    assert (review.rating_tenths, review.body, review.tags) == (
        80,
        "Toilets of Tokyo.",
        ("wenders",),
    )
    past = film(batch, "Past Lives")
    assert [(v.watched_on, v.tags) for v in past.viewings] == [(date(2024, 2, 20), ("seoul",))]
    assert [r.viewing for r in past.reviews] == [0]


def test_entries_import_as_counted_and_again_as_a_no_op(
    entries: Path, service: JournalService, journal_path: Path
) -> None:
    report = service.import_batch(read_import("letterboxd", entries))
    assert (report.films_added, report.viewings_added, report.reviews_added) == (3, 4, 3)
    perfect = service.resolve_film("Perfect Days")
    assert [r.viewing_id for r in perfect.reviews] == [None]
    assert [r.tags for r in service.resolve_film("Paterson").reviews] == [("cinema",)]
    before = dump(journal_path)
    again = service.import_batch(read_import("letterboxd", entries))
    assert not again.changed_anything
    assert (again.viewings_already_there, again.reviews_already_there) == (4, 3)
    assert dump(journal_path) == before


# --- a real account: tagged diary entries, reviews with and without a watched date ---


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def split(tags: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in tags.split(",") if t.strip())


def test_a_real_diary_of_tagged_entries_gives_viewings_with_tags_and_no_empty_reviews() -> None:
    batch = read_import("letterboxd", PATRICK)
    diary, reviews = rows(PATRICK / "diary.csv"), rows(PATRICK / "reviews.csv")
    assert sum(1 for row in diary if row["Tags"] and not row["Rating"]) > 100
    viewings = {
        (f.fields.title, str(v.watched_on)): v.tags for f in batch.films for v in f.viewings
    }
    assert len(viewings) == sum(len(f.viewings) for f in batch.films) == len(diary)
    for row in diary:
        assert viewings[(row["Name"], row["Watched Date"])] == split(row["Tags"])
    # Only reviews.csv gives reviews: none for the 100-odd entries that have only tags.
    all_reviews = [(f, r) for f in batch.films for r in f.reviews]
    assert len(all_reviews) == len(reviews) == 13
    assert all(r.body for _f, r in all_reviews)
    texts = {(f.fields.title, r.body): (f, r) for f, r in all_reviews}
    for row in reviews:
        owner, review = texts[(row["Name"], row["Review"].strip())]
        assert review.tags == split(row["Tags"])
        if row["Watched Date"]:
            assert review.viewing is not None
            assert str(owner.viewings[review.viewing].watched_on) == row["Watched Date"]
    parasite = film(batch, "Parasite")
    assert [(str(v.watched_on), v.rewatch_override) for v in parasite.viewings] == [
        ("2020-02-01", None),
        ("2020-02-07", True),
    ]


def test_a_real_review_without_a_watched_date_stays_a_review_of_the_film() -> None:
    captain = film(read_import("letterboxd", PATRICK), "Captain America: The Winter Soldier")
    assert captain.viewings == []
    [review] = captain.reviews
    assert review.viewing is None and review.created_at == datetime(2020, 1, 4)
    assert review.body.endswith("evidently I've seen this one... 🤷")


def test_a_real_diary_imports_with_the_right_counts_and_again_as_a_no_op(
    service: JournalService, journal_path: Path
) -> None:
    diary, reviews = rows(PATRICK / "diary.csv"), rows(PATRICK / "reviews.csv")
    report = service.import_batch(read_import("letterboxd", PATRICK))
    films = {(row["Name"], row["Year"]) for row in diary + reviews}
    assert report.films_added == service.count_films() == len(films)
    assert report.viewings_added == len(diary)
    assert report.reviews_added == len(reviews)
    assert report.skipped == []
    before = dump(journal_path)
    again = service.import_batch(read_import("letterboxd", PATRICK))
    assert not again.changed_anything
    assert dump(journal_path) == before


# --- files a film journal has no place for, on a real account ---------------------


def test_deleted_entries_liked_lists_and_reviews_are_knowingly_left_out() -> None:
    batch = read_import("letterboxd", ACCOUNT)
    assert batch.warnings == []
    [note] = [n for n in batch.notes if n.startswith("left out")]
    for name in (
        "comments.csv",
        "profile.csv",
        "likes/lists.csv",
        "likes/reviews.csv",
        "deleted/diary.csv",
        "deleted/lists/eryn.csv",
    ):
        assert (ACCOUNT / name).is_file() and name in note
    deleted = {row["Name"] for row in table(ACCOUNT / "deleted" / "diary.csv")}
    deleted |= {"The Glass Castle", "The Langoliers", "Rose Red"}  # the deleted list's films
    assert deleted.isdisjoint(f.fields.title for f in batch.films)
    assert "Eryn" not in {film_list.name for film_list in batch.lists}


def test_films_of_real_lists_keep_the_list_rows_links() -> None:
    batch = read_import("letterboxd", ACCOUNT)
    for film_list in batch.lists:
        text = (ACCOUNT / film_list.origin.file).read_text(encoding="utf-8")
        listed = list(csv.DictReader(io.StringIO(text[text.index("Position,") :], newline="")))
        assert [batch.films[e.film].fields.letterboxd_uri for e in film_list.entries] == [
            row["URL"] for row in listed
        ]
