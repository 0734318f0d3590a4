"""Trakt exports imported through a real journal: the copies of published files and the
generated exports in tests/fixtures/trakt (see its README), as a folder, a zip, pages
and the older API-style names; expected counts are worked out from the JSON itself."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.unit.interchange_helpers import FIXTURES, dump, import_path, new_service, zip_folder
from watchjournal.interchange.importing import read_import
from watchjournal.journal import JournalService
from watchjournal.journal.types import FilmRecord

TRAKT = FIXTURES / "trakt"
GENERATED = TRAKT / "generated"
GENERATED_API = TRAKT / "generated-api"
YAMTRACK = TRAKT / "yamtrack"
API_HISTORY = TRAKT / "api-history"
TV = {"episode": "a TV episode", "show": "a TV show", "season": "a TV season"}


def items(path: Path) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def movies(path: Path) -> list[dict[str, Any]]:
    """The films of one file, found without the reader under test."""
    return [item["movie"] for item in items(path) if "movie" in item]


def tv_counts(*paths: Path) -> dict[str, int]:
    return dict(
        Counter(TV[item["type"]] for path in paths for item in items(path) if "movie" not in item)
    )


def by_trakt_id(service: JournalService) -> dict[int | None, FilmRecord]:
    films = service.list_films()
    found = {film.fields.trakt_id: film for film in films}
    assert len(found) == len(films)
    return found


def contents(service: JournalService) -> list[tuple[Any, ...]]:
    """What a journal holds, without the times it was written at."""
    return [
        (
            film.fields,
            [(v.watched_on, v.rewatch) for v in film.viewings],
            [r.rating_tenths for r in film.reviews],
            film.watchlist,
        )
        for film in service.list_films()
    ] + [(f.name, f.description, f.film_ids) for f in service.lists()]


# --- the generated export: every file the reader knows --------------------------------


def test_a_whole_export_imports_with_the_right_counts_and_again_changes_nothing(
    service: JournalService, journal_path: Path
) -> None:
    batch = read_import("trakt", GENERATED)
    assert batch.warnings == []
    assert any("watched-shows.json" in n and "ratings-shows.json" in n for n in batch.notes)
    report = service.import_batch(batch)
    history = [
        *movies(GENERATED / "watched-history-1.json"),
        *movies(GENERATED / "watched-history-2.json"),
    ]
    ids = {m["ids"]["trakt"] for path in GENERATED.glob("*.json") for m in movies(path)}
    only_marked = {m["ids"]["trakt"] for m in movies(GENERATED / "watched-movies.json")}
    only_marked -= {m["ids"]["trakt"] for m in history}
    assert report.films_added == service.count_films() == len(ids) == 10
    assert report.viewings_added == len(history) + len(only_marked) == 9
    assert report.reviews_added == len(movies(GENERATED / "ratings-movies.json")) == 3
    assert report.watchlist_added == len(movies(GENERATED / "lists-watchlist.json")) == 2
    assert report.likes_added == len(movies(GENERATED / "lists-favorites.json")) == 2
    list_files = sorted(GENERATED.glob("lists-list-*.json"))
    assert report.lists_added == len(list_files) == 2
    assert report.list_entries_added == sum(len(movies(path)) for path in list_files) == 5
    assert report.skip_reasons() == tv_counts(
        *GENERATED.glob("watched-history-*.json"),
        GENERATED / "lists-watchlist.json",
        GENERATED / "lists-favorites.json",
        *list_files,
    )
    assert report.skip_reasons() == {"a TV episode": 3, "a TV show": 3, "a TV season": 1}
    before = dump(journal_path)
    again = import_path(service, "trakt", GENERATED)
    assert not again.changed_anything
    assert again.films_merged == 10 and again.viewings_already_there == 9
    assert dump(journal_path) == before


def test_films_keep_their_ids_plays_ratings_and_places(service: JournalService) -> None:
    import_path(service, "trakt", GENERATED)
    films = by_trakt_id(service)
    paterson = films[246917]
    assert (paterson.fields.imdb_id, paterson.fields.tmdb_id) == ("tt5247022", 370755)
    assert sorted(str(v.watched_on) for v in paterson.viewings) == ["2019-05-04", "2024-03-02"]
    assert paterson.rating_tenths == 90 and paterson.fields.liked
    assert films[679312].rating_tenths == 100  # Past Lives: Trakt's 10 is 10.0
    # The Haunted Castle twice (1897): two films, told apart by their ids, one play each.
    castles = [films[90001], films[90002]]
    assert [(c.title, c.year, len(c.viewings)) for c in castles] == [
        ("The Haunted Castle", 1897, 1)
    ] * 2
    # Marked watched without a play in the history: seen, on no known day.
    assert [v.watched_on for v in films[692354].viewings] == [None]  # Aftersun
    assert films[692354].rating_tenths == 80
    watchlist = service.watchlist()
    assert [film.title for film in watchlist] == ["Dune: Part Two", "Evil Does Not Exist"]
    assert watchlist[0].watchlist is not None
    assert watchlist[0].watchlist.note == "with Min, on the big screen"
    lists = {film_list.name: film_list for film_list in service.lists()}
    assert set(lists) == {"Best of 2023", "Quiet films"}
    best = lists["Best of 2023"]
    assert best.description == "The year's best, in order.\nSecond line."
    assert best.film_ids == (films[791564].id, films[679312].id)  # in rank order
    assert [e.note for e in best.entries] == ["the toilets of Tokyo", None]
    quiet = lists["Quiet films"]
    assert quiet.film_ids == (films[246917].id, films[590373].id, films[10929].id)


@pytest.fixture
def clock_far_east() -> Iterator[None]:
    """The machine's clock 14 hours ahead of UTC (Kiribati), as a user's could be."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Pacific/Kiritimati"
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


@pytest.mark.usefixtures("clock_far_east")
def test_a_play_is_on_its_day_in_utc_whatever_the_machine_s_time_zone() -> None:
    batch = read_import("trakt", GENERATED)
    perfect_days = next(film for film in batch.films if film.fields.trakt_id == 791564)
    # 2024-06-01T23:59:59Z would be June 2 in Kiribati; Trakt's UTC day is kept.
    assert [v.watched_on for v in perfect_days.viewings] == [date(2024, 6, 1), date(2024, 1, 5)]
    paterson = next(film for film in batch.films if film.fields.trakt_id == 246917)
    assert paterson.viewings[0].watched_on == date(2024, 3, 2)  # 01:30 UTC on March 2


def test_a_zip_with_a_top_folder_and_the_folder_give_the_same_journal(tmp_path: Path) -> None:
    archive = zip_folder(GENERATED, tmp_path / "trakt-export.zip", prefix="alice-2024-06-02/")
    from_folder = new_service(tmp_path / "a")
    from_zip = new_service(tmp_path / "b")
    try:
        folder_report = import_path(from_folder, "trakt", GENERATED)
        zip_report = import_path(from_zip, "trakt", archive)
        assert zip_report.to_json() == folder_report.to_json()
        assert contents(from_zip) == contents(from_folder)
    finally:
        from_folder.close()
        from_zip.close()


def test_files_in_folders_of_their_own_are_found(tmp_path: Path) -> None:
    """Older exports kept each kind of file in a folder: alice/watched/..., alice/lists/..."""
    export = tmp_path / "export"
    for file, folder in (
        ("watched-history-1.json", "watched"),
        ("watched-history-2.json", "watched"),
        ("ratings-movies.json", "ratings"),
        ("lists-watchlist.json", "lists"),
    ):
        (export / "alice" / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(GENERATED / file, export / "alice" / folder / file)
    batch = read_import("trakt", export)
    # 5 films from the history, Aftersun from the ratings, 2 from the watchlist.
    assert len(batch.films) == 8
    assert sum(len(film.viewings) for film in batch.films) == 7
    assert sum(len(film.reviews) for film in batch.films) == 3


def test_one_file_on_its_own_is_read_even_under_a_name_of_its_own(tmp_path: Path) -> None:
    page = read_import("trakt", GENERATED / "watched-history-2.json")
    assert [film.label for film in page.films] == ["The Haunted Castle (1897)"] * 2 + [
        "Paterson (2016)"
    ]
    renamed = tmp_path / "my trakt plays.json"
    shutil.copy(GENERATED / "watched-history-2.json", renamed)
    assert [film.label for film in read_import("trakt", renamed).films] == [
        film.label for film in page.films
    ]


def test_a_play_in_two_files_is_one_viewing(tmp_path: Path) -> None:
    """An export's history beside an older backup's: Trakt's play ids say what is the same."""
    export = tmp_path / "export"
    export.mkdir()
    shutil.copy(GENERATED / "watched-history-2.json", export / "watched-history.json")
    shutil.copy(GENERATED / "watched-history-2.json", export / "history.json")
    batch = read_import("trakt", export)
    assert sum(len(film.viewings) for film in batch.films) == len(
        movies(GENERATED / "watched-history-2.json")
    )


# --- the older API-style names ----------------------------------------------------------


def test_the_older_api_style_files_import(service: JournalService) -> None:
    report = import_path(service, "trakt", GENERATED_API)
    assert report.films_added == 4  # Tokyo Story once, though its Trakt id is not everywhere
    assert report.viewings_added == 3  # 2 plays, Floating Weeds marked watched
    assert report.reviews_added == 2 and report.watchlist_added == 1
    assert report.skip_reasons() == tv_counts(GENERATED_API / "history.json")
    tokyo = by_trakt_id(service)[10929]
    assert tokyo.fields.imdb_id == "tt0046438"
    assert [v.watched_on for v in tokyo.viewings] == [date(2021, 12, 31)]
    assert tokyo.rating_tenths == 100
    weeds = service.resolve_film("Floating Weeds")
    assert weeds.rating_tenths == 70 and [v.watched_on for v in weeds.viewings] == [None]
    assert not import_path(service, "trakt", GENERATED_API).changed_anything


def test_a_real_api_history_with_films_and_episodes(service: JournalService) -> None:
    plays = movies(API_HISTORY / "history.json")
    report = import_path(service, "trakt", API_HISTORY)
    assert report.films_added == len({m["ids"]["trakt"] for m in plays}) == 6
    assert report.viewings_added == len(plays)
    assert report.skip_reasons() == tv_counts(API_HISTORY / "history.json") == {"a TV episode": 10}
    skipped = {(s.origin.line, s.what) for s in report.skipped}
    assert (2, "Tokyo Vice S02E02") in skipped  # where it is in the file, and what it was
    films = by_trakt_id(service)
    accountant = films[203309]  # a check-in is a play like any other
    assert (accountant.title, accountant.fields.imdb_id) == ("The Accountant", "tt2140479")
    assert [v.watched_on for v in accountant.viewings] == [date(2024, 2, 6)]
    assert not import_path(service, "trakt", API_HISTORY).changed_anything


# --- a real account's files (Yamtrack's copy) -------------------------------------------


def test_a_real_account_s_files_import_and_again_change_nothing(
    service: JournalService, journal_path: Path
) -> None:
    history = movies(YAMTRACK / "watched-history.json")
    watchlist = movies(YAMTRACK / "lists-watchlist.json")
    everything = [m for path in YAMTRACK.glob("*.json") for m in movies(path)]
    report = import_path(service, "trakt", YAMTRACK)
    assert report.warnings == []
    # One film per IMDb id, though the list gives Dune: Part Two another Trakt id.
    assert report.films_added == len({m["ids"]["imdb"] for m in everything}) == 10
    assert report.viewings_added == len(history) == 8
    assert report.watchlist_added == len(watchlist) == 3
    assert report.likes_added == 1  # Perfect Blue (Squid Game is a show)
    assert report.lists_added == 1 and report.list_entries_added == 2
    assert report.skip_reasons() == tv_counts(
        YAMTRACK / "watched-history.json",
        YAMTRACK / "lists-watchlist.json",
        YAMTRACK / "lists-favorites.json",
        *YAMTRACK.glob("lists-list-*.json"),
    )
    assert any('"Shared Picks" holds no film' in note for note in report.notes)
    films = by_trakt_id(service)
    dune = films[537449]
    assert (dune.fields.imdb_id, dune.fields.tmdb_id) == ("tt15239678", 693134)
    [rewatch] = service.lists()
    assert (rewatch.name, rewatch.description) == ("Rewatch Soon", "Things worth a second look")
    assert rewatch.film_ids == (dune.id, films[481].id)
    minecraft = films[763995]
    assert sorted(str(v.watched_on) for v in minecraft.viewings) == ["2025-04-04", "2025-05-14"]
    assert [film.title for film in service.watchlist()] == [
        "Perfect Blue",
        "Avatar: Fire and Ash",
        "Exit 8",
    ]
    before = dump(journal_path)
    assert not import_path(service, "trakt", YAMTRACK).changed_anything
    assert dump(journal_path) == before
