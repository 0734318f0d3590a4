"""``watchjournal stats``: the JSON keys and numbers, the text summary, bad periods refused."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.unit.test_stats import Ids, small_journal
from watchjournal.journal import JournalService
from watchjournal.paths import AppPaths

REQUIRED_KEYS = {
    "films",
    "viewings",
    "rewatches",
    "minutes",
    "by_month",
    "by_weekday",
    "ratings",
    "average_rating",
    "directors",
    "cast",
    "genres",
    "countries",
    "decades",
    "longest_streak_days",
    "reviews",
    "words",
    "film_ids",
}


@pytest.fixture
def service(journal_db: str, app_dirs: AppPaths) -> Iterator[JournalService]:
    """The journal on each backend (``journal_db``): the same counts on SQLite and PostgreSQL."""
    opened = JournalService.open(journal_db, app_dirs.backup_dir)
    yield opened
    opened.close()


@pytest.fixture
def run_cli(run_cli: Callable[..., Any], journal_db: str) -> Callable[..., Any]:
    """``watchjournal --db JOURNAL`` on this test's backend (a file or a server's URL)."""

    def run(*args: str) -> Any:
        return run_cli(*args, db=journal_db)

    return run


@pytest.fixture
def ids(service: JournalService) -> Ids:
    made = small_journal(service)
    service.close()  # the CLI opens the journal itself
    return made


def test_json_of_a_year(run_cli: Callable[..., Any], ids: Ids) -> None:
    result = run_cli("stats", "--year", "2025", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= REQUIRED_KEYS
    assert (data["films"], data["viewings"], data["rewatches"]) == (4, 5, 3)
    assert data["minutes"] == 429 and data["words"] == 15 and data["reviews"] == 4
    assert data["by_month"]["2025-06"] == 4 and len(data["by_month"]) == 12
    assert data["by_weekday"]["Tuesday"] == 2
    assert {k: v for k, v in data["ratings"].items() if v} == {"7.0": 1, "8.5": 1, "9.0": 1}
    assert data["average_rating"] == 8.17
    assert data["countries"][0] == {
        "name": "United States",
        "films": 2,
        "average_rating": 7.0,
        "film_ids": [ids.american, ids.paterson],
    }
    assert data["longest_streak_days"] == 3
    assert data["film_ids"]["did_not_finish"] == [ids.american]
    assert data["first_film"]["film_id"] == ids.cleo
    assert data["rating_changes"][0]["what"] == "6.0 → 8.5"


def test_json_with_a_query_and_min_films(run_cli: Callable[..., Any], ids: Ids) -> None:
    result = run_cli(
        "stats", "--from", "2025-01-01", "--to", "2025-12-31", "--min-films", "2", "--json"
    )
    data = json.loads(result.stdout)
    assert [g["name"] for g in data["genres_by_rating"]] == ["Drama", "Action"]
    korean = json.loads(run_cli("stats", "--query", 'country:"South Korea"', "--json").stdout)
    assert korean["film_ids"]["films"] == [ids.korean]
    assert korean["viewings"] == 2


def test_text_is_readable(run_cli: Callable[..., Any], ids: Ids) -> None:
    result = run_cli("stats", "--month", "2025-06")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2025-06"
    assert "Films watched: 3   Viewings: 4   Rewatches: 3   Did not finish: 1" in lines
    assert "Longest streak: 3 days (2025-06-02 – 2025-06-04)" in lines
    assert "Rating changed: Ballerina (2023), 2025-06-03: 6.0 → 8.5" in lines
    assert any(line.startswith("Top countries: United States (2)") for line in lines)
    # A streak of one day names that day once.
    one_day = run_cli("stats", "--from", "2025-06-02", "--to", "2025-06-02").stdout.splitlines()
    assert "Longest streak: 1 day (2025-06-02)" in one_day


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("--month", "2025-13"), 2, "is not a month"),
        (("--month", "June"), 2, "is not a month"),
        (("--from", "2025-02-30"), 2, "is not a day of the calendar"),
        (("--from", "yesterday"), 2, "is not a date"),
        (("--year", "25"), 2, "is not a year"),
        (("--year", "2025", "--month", "2025-01"), 2, "not allowed with"),
        (("--year", "2025", "--to", "2025-01-01"), 2, "--to goes with --from"),
        (("--from", "2025-02-01", "--to", "2025-01-01"), 2, "comes after"),
        (("--min-films", "0"), 2, "not a positive whole number"),
        (("--query", 'country:"South'), 1, "bad search query"),
    ],
)
def test_bad_periods_are_refused_clearly(
    run_cli: Callable[..., Any], ids: Ids, args: tuple[str, ...], status: int, message: str
) -> None:
    result = run_cli("stats", *args)
    assert result.returncode == status
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_year_in_review_of_the_journal(
    run_cli: Callable[..., Any], ids: Ids, tmp_path: Path
) -> None:
    """The real page of 2025 on each backend: its numbers and both films called Ballerina."""
    out = tmp_path / "2025.html"
    result = run_cli("year-in-review", "2025", "--out", str(out), "--no-png")
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "<h1>2025 in review</h1>" in page
    assert "Ballerina (2023)" in page and "Ballerina (2025)" in page
    assert "Cléo from 5 to 7" in page  # the first film of the year
    assert "Paterson" in page  # the last
    without = tmp_path / "korean.html"
    korean = run_cli(
        "year-in-review", "2025", "--out", str(without), "--no-png", "--query=-country:France"
    )
    assert korean.returncode == 0, korean.stderr
    assert "Cléo from 5 to 7" not in without.read_text(encoding="utf-8")
