"""Which film a Letterboxd row is about: film links decide, title and year only without one.

The cases of issue 13: two Méliès films called "The Haunted Castle" (1897) with
different film links, "Rain" and "rain" (2019) that fold to one key, films only
in lists or likes, and diary or reviews rows that could be either of two films.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.interchange_helpers import dump, zip_folder
from tests.unit.test_letterboxd_real import write
from watchjournal.interchange.importing import read_import
from watchjournal.interchange.letterboxd_films import (
    AMBIGUOUS,
    OTHER_LINK,
    SHORT_LINK,
    SLUG_LINK,
    canonical_link,
    entry_film_link,
    link_form,
)
from watchjournal.journal import JournalService
from watchjournal.journal.import_types import ImportBatch, ImportFilm

FILM = "https://letterboxd.com/film/"
CASTLE = FILM + "the-haunted-castle/"
CASTLE_1897 = FILM + "the-haunted-castle-1897/"
DIARY_HEADER = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
REVIEW_HEADER = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
LIST_HEAD = (
    "Letterboxd list export v7\nDate,Name,Tags,URL,Description\n"
    "2024-01-01,Méliès,,https://boxd.it/l1,\n\nPosition,Name,Year,URL,Description\n"
)
MELIES = {
    "watched.csv": "Date,Name,Year,Letterboxd URI\n"
    f"2024-01-01,The Haunted Castle,1897,{CASTLE}\n"
    f"2024-01-01,The Haunted Castle,1897,{CASTLE_1897}\n"
    f"2024-01-02,Rain,2019,{FILM}rain-2019/\n"
    f"2024-01-02,rain,2019,{FILM}rain-2019-1/\n",
    "ratings.csv": "Date,Name,Year,Letterboxd URI,Rating\n"
    f"2024-01-03,The Haunted Castle,1897,{CASTLE},4\n"
    f"2024-01-03,rain,2019,{FILM}rain-2019-1/,2.5\n",
    "diary.csv": DIARY_HEADER
    + "2024-01-05,The Haunted Castle,1897,https://boxd.it/e1,3,,melies,2024-01-04\n"
    # An older export's entry link names the film's slug: that ties it to one castle.
    + "2024-01-06,The Haunted Castle,1897,"
    "https://letterboxd.com/someone/film/the-haunted-castle-1897/,,,melies,2024-01-05\n"
    + "2024-01-07,Rain,2019,https://boxd.it/e3,4,,,2024-01-06\n"
    + "2024-01-08,rain,2019,https://boxd.it/e4,,,,2024-01-07\n",
    "reviews.csv": REVIEW_HEADER
    + "2024-01-07,Rain,2019,https://boxd.it/e3,4,,Wet.,,2024-01-06\n"
    + "2024-01-09,The Haunted Castle,1897,https://boxd.it/e5,,,Spooky.,,\n",
    "likes/films.csv": "Date,Name,Year,Letterboxd URI\n"
    f"2024-01-10,The Haunted Castle,1897,{CASTLE_1897}\n"
    f"2024-01-10,A Trip to the Moon,1902,{FILM}a-trip-to-the-moon/\n",
    "lists/melies.csv": LIST_HEAD
    + f"1,The Haunted Castle,1897,{CASTLE},\n"
    + f"2,The Haunted Castle,1897,{CASTLE_1897},the other one\n"
    + f"3,The Impossible Voyage,1904,{FILM}the-impossible-voyage/,\n",
}


def by_link(batch: ImportBatch, link: str) -> ImportFilm:
    [film] = [f for f in batch.films if f.fields.letterboxd_uri == link]
    return film


@pytest.fixture
def melies(tmp_path: Path) -> Path:
    return write(tmp_path / "melies", dict(MELIES))


def test_same_title_and_year_with_different_links_are_two_films(melies: Path) -> None:
    batch = read_import("letterboxd", melies)
    links = sorted(f.fields.letterboxd_uri or "" for f in batch.films)
    assert links == sorted(
        [
            CASTLE,
            CASTLE_1897,
            f"{FILM}rain-2019/",
            f"{FILM}rain-2019-1/",
            f"{FILM}a-trip-to-the-moon/",  # only in likes: keeps its link
            f"{FILM}the-impossible-voyage/",  # only in a list: keeps its link
        ]
    )
    castle, other = by_link(batch, CASTLE), by_link(batch, CASTLE_1897)
    # Nothing merged, so no rewatch invented: each castle has its own one viewing.
    assert [(v.watched_on, v.implied) for v in castle.viewings] == [(None, True)]
    assert [(str(v.watched_on), v.tags) for v in other.viewings] == [("2024-01-05", ("melies",))]
    assert [r.rating_tenths for r in castle.reviews] == [80] and other.reviews == []
    assert other.fields.liked and not castle.fields.liked
    [melies_list] = batch.lists
    assert [batch.films[e.film] for e in melies_list.entries] == [
        castle,
        other,
        by_link(batch, f"{FILM}the-impossible-voyage/"),
    ]
    assert melies_list.entries[1].note == "the other one"


def test_rain_and_rain_are_told_apart_by_the_exact_spelling(melies: Path) -> None:
    batch = read_import("letterboxd", melies)
    upper, lower = by_link(batch, f"{FILM}rain-2019/"), by_link(batch, f"{FILM}rain-2019-1/")
    assert (upper.fields.title, lower.fields.title) == ("Rain", "rain")
    assert [str(v.watched_on) for v in upper.viewings] == ["2024-01-06"]
    assert [(r.rating_tenths, r.body, r.viewing) for r in upper.reviews] == [(80, "Wet.", 0)]
    assert [str(v.watched_on) for v in lower.viewings] == ["2024-01-07"]
    assert [(r.rating_tenths, r.implied) for r in lower.reviews] == [(50, True)]


def test_rows_that_could_be_either_film_are_reported_not_guessed(melies: Path) -> None:
    batch = read_import("letterboxd", melies)
    assert [(str(s.origin), s.what, s.reason) for s in batch.skipped] == [
        ("diary.csv, line 2", "The Haunted Castle (1897)", AMBIGUOUS),
        ("reviews.csv, line 3", "The Haunted Castle (1897)", AMBIGUOUS),
    ]
    # Neither the skipped diary entry (rated 3, watched 2024-01-04) nor the review is anywhere.
    castles = [f for f in batch.films if f.fields.title == "The Haunted Castle"]
    assert all(r.rating_tenths != 60 and r.body != "Spooky." for f in castles for r in f.reviews)
    assert all(str(v.watched_on) != "2024-01-04" for f in castles for v in f.viewings)


def test_the_journal_keeps_both_films_reports_the_skips_and_a_reimport_is_a_no_op(
    melies: Path, service: JournalService, journal_path: Path
) -> None:
    report = service.import_batch(read_import("letterboxd", melies))
    assert report.films_added == 6
    castles = service.find_duplicates("The Haunted Castle", 1897)
    assert {f.fields.letterboxd_uri for f in castles} == {CASTLE, CASTLE_1897}
    assert sorted(len(f.viewings) for f in castles) == [1, 1]
    text = "\n".join(report.summary_lines())
    assert f"Skipped 2 rows: 2 {AMBIGUOUS}." in text
    assert "diary.csv, line 2: The Haunted Castle (1897)" in text
    before = dump(journal_path)
    again = service.import_batch(read_import("letterboxd", melies))
    assert not again.changed_anything
    assert (again.films_added, again.films_merged) == (0, 6)
    assert dump(journal_path) == before


def test_a_zip_of_the_export_reads_like_its_folder(melies: Path, tmp_path: Path) -> None:
    archive = zip_folder(melies, tmp_path / "melies.zip", "letterboxd-someone-2025/")
    assert read_import("letterboxd", archive) == read_import("letterboxd", melies)


def test_a_link_of_the_other_form_joins_the_one_film_of_that_title_and_year(
    tmp_path: Path,
) -> None:
    """Current exports write boxd.it links, older ones letterboxd.com/film/ links; the two
    cannot be compared, so title and year decide, and only when they name one film."""
    export = write(
        tmp_path / "export",
        {
            "watched.csv": "Date,Name,Year,Letterboxd URI\n"
            "2024-01-01,Paterson,2016,https://boxd.it/cHAa\n"
            "2024-01-01,Ballerina,2023,https://boxd.it/b1\n"
            "2024-01-01,Ballerina,2023,https://boxd.it/b2\n",
            "lists/mixed.csv": LIST_HEAD
            + f"1,Paterson,2016,{FILM}paterson/,\n"
            + "2,Paterson,2016,http://www.boxd.it/cHAa/,same link written otherwise\n"
            + f"3,Ballerina,2023,{FILM}ballerina-2023/,\n",
        },
    )
    batch = read_import("letterboxd", export)
    assert len(batch.films) == 3
    paterson = by_link(batch, "https://boxd.it/cHAa")
    [listed] = batch.lists
    assert [batch.films[e.film] for e in listed.entries] == [paterson, paterson]
    assert [(str(s.origin), s.reason) for s in batch.skipped] == [
        ("lists/mixed.csv, line 8", AMBIGUOUS)
    ]


def test_diary_films_match_the_films_only_lists_name(tmp_path: Path) -> None:
    """Lists are read before the diary, so a diary entry finds the film (and link) a list gave."""
    export = write(
        tmp_path / "export",
        {
            "diary.csv": DIARY_HEADER
            + "2024-01-02,Paterson,2016,https://boxd.it/e1,,,,2024-01-01\n",
            "lists/one.csv": LIST_HEAD + "1,Paterson,2016,https://boxd.it/cHAa,\n",
        },
    )
    batch = read_import("letterboxd", export)
    [paterson] = batch.films
    assert paterson.fields.letterboxd_uri == "https://boxd.it/cHAa"
    assert [str(v.watched_on) for v in paterson.viewings] == ["2024-01-01"]


@pytest.mark.parametrize(
    ("uri", "canonical", "form"),
    [
        ("https://boxd.it/29Pq", "https://boxd.it/29Pq", SHORT_LINK),
        ("http://boxd.it/29Pq/", "https://boxd.it/29Pq", SHORT_LINK),
        (f"{FILM}pulp-fiction/", f"{FILM}pulp-fiction", SLUG_LINK),
        ("https://www.Letterboxd.com/film/pulp-fiction", f"{FILM}pulp-fiction", SLUG_LINK),
        ("https://example.com/x", "https://example.com/x", OTHER_LINK),
        ("pulp-fiction", "pulp-fiction", OTHER_LINK),
    ],
)
def test_film_links_are_compared_without_scheme_www_or_end_slash(
    uri: str, canonical: str, form: int
) -> None:
    assert canonical_link(uri) == canonical
    assert link_form(canonical_link(uri)) == form


@pytest.mark.parametrize(
    ("entry", "film"),
    [
        ("https://letterboxd.com/someone/film/rain-2019/", f"{FILM}rain-2019"),
        ("https://letterboxd.com/someone/film/rain-2019/2/", f"{FILM}rain-2019"),
        ("https://boxd.it/abc12", None),
        (f"{FILM}rain-2019/", None),  # a film link, not an entry's
        ("https://letterboxd.com/someone/list/rain/", None),
    ],
)
def test_older_entry_links_name_their_film(entry: str, film: str | None) -> None:
    assert entry_film_link(entry) == film
