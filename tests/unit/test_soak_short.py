"""The soak (tests/soak/soak.py) in short for every run, at full length when marked slow;
and proof that its invariant checks do catch a broken journal."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from tests.soak.invariants import InvariantError, check_references, check_search
from tests.soak.soak import OPERATIONS, main, run_soak
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.search.index import TABLE


def test_a_short_soak_keeps_every_invariant(tmp_path: Path) -> None:
    result = run_soak(tmp_path, ops=300, seed=7, seconds=600, max_films=60, durable=False)
    assert result.total == 300
    assert result.batches == 3
    assert all(result.ops[name] > 0 for name in OPERATIONS), result.ops
    assert result.checks["search equals a scan"] >= 3 * 28
    assert result.checks["JSON re-imports identically"] == 3
    assert result.refused.total() < result.total // 10


def test_a_soak_is_reproducible_from_its_seed(tmp_path: Path) -> None:
    first = run_soak(tmp_path / "a", ops=40, seed=11, seconds=600, batch=40, durable=False)
    second = run_soak(tmp_path / "b", ops=40, seed=11, seconds=600, batch=40, durable=False)
    assert (first.ops, first.refused, first.films) == (second.ops, second.refused, second.films)
    other = run_soak(tmp_path / "c", ops=40, seed=12, seconds=600, batch=40, durable=False)
    assert other.ops != first.ops


def test_the_soak_stops_in_time_and_prints_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--ops", "100000", "--seconds", "1", "--seed", "3", "--keep", str(tmp_path)]) == 0
    table = capsys.readouterr().out
    assert "(stopped by --seconds)" in table
    assert "search equals a scan" in table and "undo" in table


def _behind_the_services_back(path: Path, *statements: str) -> None:
    """Change the journal without the service's cascades and triggers' help."""
    connection = sqlite3.connect(path)
    with connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()


def test_the_checks_catch_an_orphan_review_and_a_stale_search_index(
    service: JournalService, journal_path: Path
) -> None:
    heat = service.add_film(FilmFields("Heat", directors=("Michael Mann",)))
    service.write_review(heat.id, ReviewFields(body="amber glacier"))
    service.add_film(FilmFields("Amber"))
    assert check_references(journal_path) > 0
    assert check_search(service, service.list_films(), random.Random(1), queries=20) > 0
    amber = service.resolve_film("Amber").id
    _behind_the_services_back(journal_path, f"DELETE FROM {TABLE} WHERE rowid = {amber}")
    with pytest.raises(InvariantError, match=rf"search 'amber': missing \[{amber}\]"):
        check_search(service, service.list_films(), random.Random(1), queries=0)
    _behind_the_services_back(
        journal_path, "PRAGMA foreign_keys = OFF", "DELETE FROM films WHERE title = 'Heat'"
    )
    with pytest.raises(InvariantError, match="review without its film"):
        check_references(journal_path)


@pytest.mark.slow
def test_the_full_soak(tmp_path: Path) -> None:
    """10,000 operations, as recorded in docs/reliability.md (about 5 minutes)."""
    result = run_soak(tmp_path, ops=10_000, seed=1, seconds=3600)
    assert result.total == 10_000 and not result.stopped_by_time
    assert result.batches == 100
