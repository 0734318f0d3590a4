"""``watchjournal search`` and ``watchjournal reindex`` as real processes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import CliResult
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.paths import AppPaths

Cli = Callable[..., CliResult]


@pytest.fixture
def journal(journal_path: Path, app_dirs: AppPaths) -> dict[str, int]:
    """A few films written through the service; the CLI then reads the same file."""
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    ids = {}
    try:
        huracan = service.add_film(
            FilmFields("Huracán", year=2020, directors=("José Ramírez",), runtime=98)
        )
        service.mark_watched(huracan.id, date(2025, 6, 15))
        review = service.write_review(
            huracan.id,
            ReviewFields(
                rating_tenths=80, body="The flamethrowers scene was wild.", tags=("fire",)
            ),
        )
        okja = service.add_film(FilmFields("Okja", year=2017, cast=("Kim Ok-ju",)), watchlist=True)
        ids = {"huracan": huracan.id, "review": review.id, "okja": okja.id}
    finally:
        service.close()
    return ids


def test_search_prints_a_line_per_film_with_its_snippet(
    run_cli: Cli, journal: dict[str, int]
) -> None:
    result = run_cli("search", "flamethrower")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert "Huracán (2020)" in lines[0]
    assert lines[1].strip() == (f"review #{journal['review']}: The [flamethrowers] scene was wild.")
    by_name = run_cli("search", "ok-ju")
    assert by_name.stdout.splitlines()[1].strip() == "cast: Kim [Ok-ju]"


def test_search_json_keeps_its_shape(run_cli: Cli, journal: dict[str, int]) -> None:
    result = run_cli("search", "jose OR is:watchlist", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert {hit["film"]["id"] for hit in hits} == {journal["huracan"], journal["okja"]}
    for hit in hits:
        assert set(hit) == {"film", "review_id", "snippet", "spoiler", "score"}
    by_id = {hit["film"]["id"]: hit for hit in hits}
    assert by_id[journal["huracan"]]["snippet"] == "[José] Ramírez"
    assert by_id[journal["huracan"]]["review_id"] is None
    assert by_id[journal["okja"]]["snippet"] is None
    filtered = json.loads(run_cli("search", "is:watched rating:>=8 runtime:<100", "--json").stdout)
    assert [hit["film"]["title"] for hit in filtered] == ["Huracán"]
    assert json.loads(run_cli("search", "year:>=2000", "--limit", "1", "--json").stdout)[0]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year:abc", 'year:abc - "abc" is not a number'),
        ('"flame', "unbalanced quote"),
        ("rating:>>3", '">3" is not a number'),
        ("foo:bar", 'unknown field "foo:"'),
    ],
)
def test_bad_query_is_one_line_on_stderr(
    run_cli: Cli, journal: dict[str, int], query: str, message: str
) -> None:
    result = run_cli("search", query)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("watchjournal: bad search query: ")
    assert message in result.stderr


def test_nothing_found_says_so(run_cli: Cli, journal: dict[str, int]) -> None:
    result = run_cli("search", "submarine")
    assert result.returncode == 0
    assert result.stdout.strip() == 'Nothing in your journal matches "submarine".'


def test_reindex_rebuilds_the_index(
    run_cli: Cli, journal: dict[str, int], journal_path: Path
) -> None:
    with sqlite3.connect(journal_path) as connection:
        connection.execute("DELETE FROM search_index")
    assert json.loads(run_cli("search", "okja", "--json").stdout) == []
    result = run_cli("reindex")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Rebuilt the search index: 2 films."
    hits = json.loads(run_cli("search", "okja", "--json").stdout)
    assert [hit["film"]["id"] for hit in hits] == [journal["okja"]]
