"""The ``watchjournal`` command as a real process on a journal given with ``--db``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliResult
from tests.journal_helpers import as_json, dump, ok
from tests.unit.test_journal_file import tiny_png

Cli = Callable[..., CliResult]


@pytest.fixture
def two_ballerinas(run_cli: Cli) -> tuple[dict[str, Any], dict[str, Any]]:
    first = as_json(
        run_cli(
            "add",
            "Ballerina",
            "--year",
            "2023",
            "--director",
            "Lee Chung-hyun",
            "--cast",
            "Jeon Jong-seo",
            "--genre",
            "Action",
            "--country",
            "South Korea",
            "--runtime",
            "93",
            "--imdb",
            "tt15510846",
            "--where",
            "Netflix",
            "--json",
        )
    )
    second = as_json(
        run_cli(
            "add",
            "Ballerina",
            "--year",
            "2025",
            "--director",
            "Len Wiseman",
            "--watchlist",
            "--note",
            "cinema with Sam",
            "--json",
        )
    )
    return first, second


def test_add_prints_the_film_object(two_ballerinas: tuple[dict[str, Any], dict[str, Any]]) -> None:
    first, second = two_ballerinas
    for key in (
        "id",
        "title",
        "original_title",
        "year",
        "directors",
        "cast",
        "genres",
        "countries",
        "runtime",
        "where_to_watch",
        "on_watchlist",
        "viewings",
        "reviews",
    ):
        assert key in first
    assert first["directors"] == ["Lee Chung-hyun"]
    assert first["runtime"] == 93
    assert first["where_to_watch"] == [
        {"service": "Netflix", "checked_on": date.today().isoformat()}
    ]
    assert first["on_watchlist"] is False
    assert second["on_watchlist"] is True
    assert second["watchlist"]["note"] == "cinema with Sam"


def test_ambiguous_title_lists_candidates(run_cli: Cli, two_ballerinas: object) -> None:
    result = run_cli("show", "Ballerina")
    assert result.returncode == 1
    assert "Ballerina (2023, Lee Chung-hyun)" in result.stderr
    assert "Ballerina (2025, Len Wiseman)" in result.stderr
    assert result.stdout == ""


def test_diary_and_review_journey(run_cli: Cli, two_ballerinas: tuple[dict[str, Any], ...]) -> None:
    ok(run_cli("watched", "Ballerina (2025)", "--on", "2025-06-07", "--where", "cinema"))
    ok(run_cli("watched", "Ballerina (2025)", "--on", "2025-08-01", "--note", "with Sam"))
    assert as_json(run_cli("watchlist", "--json")) == []
    body = "Flamethrower choreography.\n\nWhat falls short: the plot."
    review = as_json(
        run_cli(
            "review",
            "Ballerina (2025)",
            "--rating",
            "6.4",
            "--headline",
            "stream it",
            "--body-file",
            "-",
            "--tag",
            "action",
            "--tag",
            "john wick",
            "--spoilers",
            "--json",
            stdin=body,
        )
    )
    assert review["rating"] == 6.4
    assert review["body"] == body
    film = as_json(run_cli("show", "Ballerina (2025)", "--json"))
    assert [(v["watched_on"], v["where"], v["rewatch"], v["note"]) for v in film["viewings"]] == [
        ("2025-06-07", "cinema", False, None),
        ("2025-08-01", None, True, "with Sam"),
    ]
    assert film["rating"] == 6.4
    assert all(isinstance(v["id"], int) for v in film["viewings"])
    assert (
        film["reviews"] == [{**review, "created_at": film["reviews"][0]["created_at"]}]
        or film["reviews"][0]["id"] == review["id"]
    )
    (r,) = film["reviews"]
    assert (r["rating"], r["headline"], r["tags"], r["spoilers"]) == (
        6.4,
        "stream it",
        ["action", "john wick"],
        True,
    )
    text = ok(run_cli("show", "Ballerina (2025)")).stdout
    assert "6.4/10 — stream it" in text and "2025-08-01" in text and "rewatch" in text
    assert "Your rating: 6.4/10" in text


def test_the_rating_is_the_review_of_the_latest_viewing(
    run_cli: Cli, two_ballerinas: object
) -> None:
    later = as_json(run_cli("watched", "Ballerina (2023)", "--on", "2025-02-01", "--json"))
    earlier = as_json(run_cli("watched", "Ballerina (2023)", "--on", "2025-01-01", "--json"))
    for viewing, rating in ((later, "8"), (earlier, "5"), (None, "3")):
        linked = ["--viewing", str(viewing["id"])] if viewing else []
        ok(run_cli("review", "Ballerina (2023)", "--rating", rating, *linked))
    # Every film object in --json output carries the film's rating, by the one rule.
    shown = as_json(run_cli("show", "Ballerina (2023)", "--json"))
    assert shown["rating"] == 8.0
    listed = {(f["year"], f["rating"]) for f in as_json(run_cli("list", "--json"))}
    assert listed == {(2023, 8.0), (2025, None)}
    (hit,) = as_json(run_cli("search", "rating:>=8", "--json"))
    assert (hit["film"]["year"], hit["film"]["rating"]) == (2023, 8.0)
    assert "8/10" in ok(run_cli("list")).stdout


def test_review_revisions_from_the_cli(run_cli: Cli, two_ballerinas: object) -> None:
    review = as_json(
        run_cli("review", "Ballerina (2023)", "--rating", "9", "--body", "v1", "--json")
    )
    ok(run_cli("review-edit", str(review["id"]), "--rating", "9/10", "--body", "v2"))
    history = as_json(run_cli("history", str(review["id"]), "--json"))
    assert [(h["rating"], h["body"]) for h in history] == [(9.0, "v1")]


def test_list_search_and_json_shapes(run_cli: Cli, two_ballerinas: object) -> None:
    ok(run_cli("watched", "Ballerina (2023)", "--on", "2025-01-02"))
    ok(run_cli("review", "Ballerina (2023)", "--body", "A flamethrower in the finale"))
    everything = as_json(run_cli("list", "--json"))
    assert [(f["title"], f["year"]) for f in everything] == [
        ("Ballerina", 2023),
        ("Ballerina", 2025),
    ]
    assert [f["year"] for f in as_json(run_cli("list", "--watched", "--json"))] == [2023]
    assert [f["year"] for f in as_json(run_cli("list", "--watchlist", "--json"))] == [2025]
    assert [f["rating"] for f in everything] == [None, None]  # a review without a rating
    hits = as_json(run_cli("search", "flamethrower", "--json"))
    assert len(hits) == 1
    assert hits[0]["film"]["year"] == 2023
    assert hits[0]["review_id"] == hits[0]["film"]["reviews"][0]["id"]
    assert "flamethrower" in hits[0]["snippet"]
    by_person = as_json(run_cli("search", "wiseman", "--json"))
    assert [h["film"]["year"] for h in by_person] == [2025]
    assert by_person[0]["review_id"] is None


def test_edit_and_delete(run_cli: Cli, two_ballerinas: object) -> None:
    edited = as_json(
        run_cli("edit", "Ballerina (2025)", "--runtime", "125", "--no-watchlist", "--json")
    )
    assert edited["runtime"] == 125 and edited["on_watchlist"] is False
    refused = run_cli("delete", "Ballerina (2025)")
    assert refused.returncode == 1 and "--yes" in refused.stderr
    ok(run_cli("delete", "Ballerina (2025)", "--yes"))
    assert [f["year"] for f in as_json(run_cli("list", "--json"))] == [2023]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("review", "Ballerina (2023)", "--rating", "11"), 'rating "11" is out of range'),
        (("review", "Ballerina (2023)", "--rating", "abc"), 'rating "abc" is not a number'),
        (("watched", "Ballerina (2023)", "--on", "2025-13-01"), 'date "2025-13-01" does not exist'),
        (("add", "   "), "title cannot be empty"),
        (("add", "Ballerina", "--year", "2025"), "already in your journal"),
        (("add", "X", "--year", "abc"), 'year "abc" is not a number'),
        (("add", "X", "--imdb", "nope"), "should look like tt"),
        (("show", "Nosferatu"), 'no film in the journal matches "Nosferatu"'),
        (("watched", "Ballerina"), "matches 2 films"),
        (("review", "Ballerina (2023)", "--body-file", "/nonexistent/x.md"), "cannot read"),
        (("edit", "Ballerina (2023)", "--runtime", "-5"), "not a whole number"),
        (("review-edit", "999", "--rating", "5"), "no review with id 999"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    run_cli: Cli, journal_path: Path, two_ballerinas: object, args: tuple[str, ...], message: str
) -> None:
    before = dump(journal_path)
    result = run_cli(*args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") <= 4
    assert dump(journal_path) == before


def test_body_that_is_not_utf8_is_refused(
    run_cli: Cli, journal_path: Path, two_ballerinas: object
) -> None:
    before = dump(journal_path)
    result = run_cli("review", "Ballerina (2023)", "--body-file", "-", stdin=b"caf\xe9 latin-1")
    assert result.returncode == 1
    assert "not UTF-8" in result.stderr
    assert dump(journal_path) == before


def test_usage_errors_exit_2(run_cli: Cli) -> None:
    result = run_cli("add")
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert run_cli("frobnicate").returncode == 2
    assert run_cli("search", "x", "--limit", "0").returncode == 2


@pytest.mark.parametrize("kind", ["text", "png"])
def test_db_that_is_not_a_journal_is_left_byte_for_byte(
    run_cli: Cli, tmp_path: Path, kind: str
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / ("notes.txt" if kind == "text" else "poster.png")
    path.write_bytes(b"my film notes\n" if kind == "text" else tiny_png())
    before = path.read_bytes()
    for args in (("list",), ("add", "Ballerina")):
        result = run_cli(*args, db=path)
        assert result.returncode == 1
        assert "is not a WatchJournal journal" in result.stderr
        assert "Traceback" not in result.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [path.name]


def test_env_var_chooses_the_journal_and_db_beats_it(run_cli: Cli, tmp_path: Path) -> None:
    env_db = tmp_path / "from-env.sqlite"
    ok(run_cli("add", "Paterson", db=None, env={"WATCHJOURNAL_DB": str(env_db)}))
    assert env_db.exists()
    listed = as_json(
        run_cli(
            "list", "--json", db=tmp_path / "other.sqlite", env={"WATCHJOURNAL_DB": str(env_db)}
        )
    )
    assert listed == []


def test_default_journal_lives_in_the_user_data_dir(run_cli: Cli, app_dirs: Any) -> None:
    ok(run_cli("add", "Paterson", db=None))
    assert app_dirs.journal.exists()
    assert app_dirs.journal.parent == app_dirs.data_dir


def test_version_and_help(run_cli: Cli) -> None:
    # As a user starts it: the installed console script, a new interpreter (fresh).
    assert ok(run_cli("--version", db=None, fresh=True)).stdout.startswith("watchjournal ")
    assert "watchlist" in ok(run_cli("--help", db=None, fresh=True)).stdout
