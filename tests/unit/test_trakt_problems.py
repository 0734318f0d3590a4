"""Trakt exports with problems: every problem of the core files named at once, optional
files left out with a warning, exports with no film refused, hostile JSON answered with
one clear message, and the command line's --strict."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.interchange_helpers import FIXTURES, dump
from watchjournal.cli.main import main
from watchjournal.interchange.importing import read_import
from watchjournal.interchange.problems import ExportProblemsError
from watchjournal.journal import JournalError, JournalService
from watchjournal.journal.import_types import ImportFormatError

PATERSON = {"title": "Paterson", "year": 2016, "ids": {"trakt": 246917, "imdb": "tt5247022"}}
PAST_LIVES = {"title": "Past Lives", "year": 2023, "ids": {"trakt": 679312, "tmdb": 666277}}
SEVERANCE = {"title": "Severance", "year": 2022, "ids": {"trakt": 154997}}


def play(movie: Any, at: Any = "2024-03-02T01:30:00.000Z") -> dict[str, Any]:
    return {"id": 1, "watched_at": at, "action": "watch", "type": "movie", "movie": movie}


def episode(season: int, number: int) -> dict[str, Any]:
    return {
        "watched_at": "2024-02-21T21:00:00.000Z",
        "type": "episode",
        "episode": {"season": season, "number": number, "title": "x", "ids": {"trakt": 5}},
        "show": SEVERANCE,
    }


def listed(movie: Any, rank: Any = 1, **extra: Any) -> dict[str, Any]:
    return {
        "rank": rank,
        "listed_at": "2024-01-02T12:00:00.000Z",
        "type": "movie",
        "movie": movie,
        **extra,
    }


def write(folder: Path, files: dict[str, Any]) -> Path:
    """JSON files, pretty-printed as Trakt writes them; str and bytes are written as given."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if isinstance(content, bytes):
            data = content
        elif isinstance(content, str):
            data = content.encode()
        else:
            data = json.dumps(content, indent=2).encode()
        (folder / name).write_bytes(data)
    return folder


def item_lines(path: Path) -> list[int]:
    """The line each item of a pretty-printed array starts on, found from the text alone."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, start=1) if re.match(r"  [^ }\]]", line)]


GOOD_HISTORY = [play(PATERSON), episode(1, 1)]


def test_every_problem_of_the_core_files_is_named_at_once(tmp_path: Path) -> None:
    export = write(
        tmp_path / "export",
        {
            "watched-history.json": [
                play(PATERSON),
                {"type": "movie"},
                play({"year": 2000, "ids": {}}),
                play(PAST_LIVES, at=None),
                play(PAST_LIVES, at="yesterday evening"),
                42,
            ],
            "ratings-movies.json": [
                {
                    "rated_at": "2024-03-02T03:00:00.000Z",
                    "rating": 11,
                    "type": "movie",
                    "movie": PATERSON,
                },
                {
                    "rated_at": "2024-03-02T03:00:00.000Z",
                    "rating": "8",
                    "type": "movie",
                    "movie": PATERSON,
                },
            ],
            "lists-watchlist.json": {"movies": []},
            "watched-movies.json": '[{"plays": 1, "movie": {"title": "x"}},\n  {,]',
            "lists-favorites.json": "not json at all",  # optional: no reason to refuse
        },
    )
    with pytest.raises(ExportProblemsError) as refused:
        read_import("trakt", export)
    text = str(refused.value)
    assert text.startswith("9 problems in a Trakt export; nothing was imported:")
    history = item_lines(export / "watched-history.json")
    ratings = item_lines(export / "ratings-movies.json")
    for expected in (
        # Each item where it starts in the file, and its place in the array.
        f"watched-history.json, line {history[1]}: the item has no movie (item 2)",
        f"watched-history.json, line {history[2]}: the movie has no title (item 3)",
        f"watched-history.json, line {history[3]}: watched_at is missing (item 4)",
        f"watched-history.json, line {history[4]}: watched_at"
        ' "yesterday evening" is not a date and time (item 5)',
        f"watched-history.json, line {history[5]}: is a number, not an item (item 6)",
        f"ratings-movies.json, line {ratings[0]}: rating 11 is not a whole number from 1 to 10"
        " (item 1)",
        f'ratings-movies.json, line {ratings[1]}: rating "8" is not a whole number from 1 to 10'
        " (item 2)",
        "lists-watchlist.json, line 1: is not a list of items (it holds an object)",
        "watched-movies.json, line 2: is not valid JSON (Expecting property name",
    ):
        assert expected in text
    assert len(refused.value.problems) == 9


def test_one_problem_is_said_on_its_own(tmp_path: Path) -> None:
    export = write(
        tmp_path / "export", {"watched-history.json": [play(PATERSON), {"type": "movie"}]}
    )
    with pytest.raises(ImportFormatError) as refused:
        read_import("trakt", export)
    assert not isinstance(refused.value, ExportProblemsError)
    line = item_lines(export / "watched-history.json")[1]
    assert (
        str(refused.value) == f"watched-history.json, line {line}: the item has no movie (item 2)"
    )


def test_a_file_on_one_line_names_items_by_their_place(tmp_path: Path) -> None:
    minified = json.dumps([play(PATERSON), play(PATERSON, at="soon"), play(PATERSON, at=7)])
    export = write(tmp_path / "export", {"watched-history.json": minified})
    with pytest.raises(ExportProblemsError) as refused:
        read_import("trakt", export)
    assert [str(problem) for problem in refused.value.problems] == [
        'watched-history.json, line 1: watched_at "soon" is not a date and time (item 2)',
        "watched-history.json, line 1: watched_at 7 is not a date and time (item 3)",
    ]


def test_broken_optional_files_are_left_out_with_a_warning(
    service: JournalService, tmp_path: Path
) -> None:
    export = write(
        tmp_path / "export",
        {
            "watched-history.json": GOOD_HISTORY,
            "lists-favorites.json": "[{",
            "lists-lists.json": [{"name": "", "ids": {"trakt": 8}}],
            "lists-list-7-broken.json": [listed(PATERSON), {"rank": 2, "type": "movie"}],
            "lists-list-8-late-night-films.json": [listed(PAST_LIVES, 2), listed(PATERSON, 1)],
        },
    )
    batch = read_import("trakt", export)
    warned = {warning.file: warning.message for warning in batch.warnings}
    assert set(warned) == {"lists-favorites.json", "lists-lists.json", "lists-list-7-broken.json"}
    line = item_lines(export / "lists-list-7-broken.json")[1]
    assert warned["lists-list-7-broken.json"] == f"line {line}: the item has no movie (item 2)"
    assert warned["lists-lists.json"] == "line 2: the list has no name (item 1)"
    report = service.import_batch(batch)
    assert {warning.file for warning in report.warnings} == set(warned)
    assert report.films_added == 2 and report.likes_added == 0
    # Without lists-lists.json the list is named after its file.
    [film_list] = service.lists()
    assert film_list.name == "late night films"
    assert [service.get_film(i).title for i in film_list.film_ids] == ["Paterson", "Past Lives"]


def test_only_broken_optional_files_refuse_with_their_problems(tmp_path: Path) -> None:
    export = write(tmp_path / "export", {"lists-favorites.json": "[{", "lists-list-1-x.json": "{}"})
    with pytest.raises(ExportProblemsError) as refused:
        read_import("trakt", export)
    assert {problem.origin.file for problem in refused.value.problems if problem.origin} == {
        "lists-favorites.json",
        "lists-list-1-x.json",
    }


def test_an_export_with_no_film_is_refused_clearly(tmp_path: Path, journal_path: Path) -> None:
    export = write(
        tmp_path / "export",
        {
            "watched-history.json": [episode(1, 1), episode(1, 2)],
            "lists-watchlist.json": [{"rank": 1, "type": "show", "show": SEVERANCE}],
            "ratings-movies.json": [],
        },
    )
    message = (
        "no film was found in this Trakt export: all 3 items were left out (2 a TV episode;"
        " 1 a TV show); WatchJournal keeps films only. Nothing was imported."
    )
    with pytest.raises(ImportFormatError) as refused:
        read_import("trakt", export)
    assert str(refused.value) == message
    empty = write(tmp_path / "empty", {"watched-history.json": [], "lists-watchlist.json": []})
    with pytest.raises(ImportFormatError, match="its files hold no items"):
        read_import("trakt", empty)


def test_what_is_no_trakt_export_is_named(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match=r"this is not a Trakt export: .*diary\.csv"):
        read_import("trakt", FIXTURES / "letterboxd" / "export")
    stray = write(tmp_path / "stray", {"notes.json": [{"text": "hello"}]})
    with pytest.raises(ImportFormatError, match=r"this is not a Trakt export: .*notes\.json"):
        read_import("trakt", stray)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[" * 100_000, "is nested too deeply to be an export"),
        (b"[" + b"9" * 5000 + b"]", "holds a number thousands of digits long"),
        ("[]".encode("utf-16"), "is not UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00", "is not UTF-8 text"),
        (b"", "is not valid JSON (Expecting value)"),
        (b"[] []", "is not valid JSON (Extra data)"),
        (b"[1 2]", "is not valid JSON (Expecting ',' delimiter)"),
        (b'"a text"', "is not a list of items (it holds text)"),
        (b"null", "is not a list of items (it holds null)"),
        (
            b'[{"type": "movie", "movie": {"title": "A", "year": 20000}}]',
            "year 20000 is out of range",
        ),
        (
            b'[{"type": "movie", "movie": {"title": "A", "year": true}}]',
            "year true is not a number",
        ),
        (
            b'[{"type": "movie", "movie": {"title": "A", "ids": []}}]',
            "the movie's ids are not an object",
        ),
        (
            b'[{"type": "movie", "movie": {"title": "A", "ids": {"tmdb": 99999999999999999999}}}]',
            "TMDB id a number over 18 digits long is not a positive number",
        ),
        (
            b'[{"type": "movie", "movie": {"title": "A", "ids": {"imdb": "nm0000"}}}]',
            "should look like tt",
        ),
        (
            b'[{"type": "movie", "movie": {"title": "A", "ids": {"trakt": -3}}}]',
            "Trakt id -3 is not a positive",
        ),
        (b'[{"type": "movie", "movie": {"title": " "}}]', "the movie has no title"),
        (b'[{"type": "movie", "movie": "Paterson"}]', "the item has no movie"),
        (b'[{"type": 5}]', "the item has no movie"),
    ],
)
def test_hostile_history_files_get_one_clear_message(
    data: bytes, message: str, tmp_path: Path
) -> None:
    export = write(tmp_path / "export", {"watched-history.json": data})
    with pytest.raises(ImportFormatError) as refused:
        read_import("trakt", export)
    assert message in str(refused.value)
    assert str(refused.value).startswith("watched-history.json")


def test_other_kinds_of_items_are_skipped_not_refused(tmp_path: Path) -> None:
    person = {"type": "person", "person": {"name": "Bong Joon Ho"}}
    future = {"type": "podcast", "podcast": {"title": "A new kind of item"}}
    export = write(
        tmp_path / "export", {"lists-watchlist.json": [listed(PATERSON), person, future]}
    )
    batch = read_import("trakt", export)
    assert [(s.what, s.reason) for s in batch.skipped] == [
        ("Bong Joon Ho", "a person"),
        ("A new kind of item", "not a film (podcast)"),
    ]


def test_the_cli_warns_and_imports_and_strict_refuses(
    journal_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = write(
        tmp_path / "export", {"watched-history.json": GOOD_HISTORY, "lists-favorites.json": "[{"}
    )
    db = ["--db", str(journal_path)]
    assert main([*db, "import", "trakt", str(export), "--strict"]) == 1
    assert "1 files have problems (--strict)" in capsys.readouterr().err
    assert main([*db, "import", "trakt", str(export)]) == 0
    out = capsys.readouterr().out
    assert "Added 1 films" in out and "Viewings: 1 new" in out
    assert "Skipped 1 rows: 1 a TV episode." in out
    assert "Warning: lists-favorites.json: line 1: is not valid JSON" in out
    assert main([*db, "import", "trakt", str(export), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["kind"] == "trakt" and report["viewings"] == {"added": 0, "already_there": 1}
    nothing = write(tmp_path / "tv", {"watched-history.json": [episode(1, 1)]})
    assert main([*db, "import", "trakt", str(nothing)]) == 1
    captured = capsys.readouterr()
    assert "no film was found in this Trakt export" in captured.err
    assert "Nothing new" not in captured.out + captured.err


# --- fuzzing: whatever the items hold, one clear message or an import ----------------------

FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
    | st.sampled_from(["2024-03-02T01:30:00.000Z", "tt5247022", "movie", "show", "episode", ""]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
KEYS = ("type", "movie", "watched_at", "rated_at", "rating", "rank", "listed_at", "notes", "plays")
MOVIE_KEYS = ("title", "year", "ids")
ID_KEYS = ("trakt", "imdb", "tmdb", "slug")


@st.composite
def trakt_item(draw: st.DrawFn) -> dict[str, Any]:
    item = draw(st.fixed_dictionaries({}, optional={key: values for key in KEYS}))
    if draw(st.booleans()):
        movie = draw(st.fixed_dictionaries({}, optional={key: values for key in MOVIE_KEYS}))
        if draw(st.booleans()):
            movie["ids"] = draw(
                st.fixed_dictionaries({}, optional={key: values for key in ID_KEYS})
            )
        item["movie"] = movie
    return item


FILES = st.sampled_from(
    [
        "watched-history.json",
        "watched-movies.json",
        "ratings-movies.json",
        "lists-watchlist.json",
        "lists-favorites.json",
        "lists-lists.json",
        "lists-list-3-x.json",
    ]
)


@FUZZ
@given(files=st.dictionaries(FILES, st.lists(trakt_item(), max_size=4), min_size=1, max_size=3))
def test_fuzzed_items_import_or_get_one_clear_message(
    service: JournalService,
    journal_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    files: dict[str, list[dict[str, Any]]],
) -> None:
    export = write(tmp_path_factory.mktemp("export"), files)
    try:
        batch = read_import("trakt", export)
    except ImportFormatError:
        return
    before = dump(journal_path)
    try:
        service.import_batch(batch)
    except JournalError:
        assert dump(journal_path) == before  # all or nothing
