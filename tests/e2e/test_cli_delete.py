"""``watchjournal review-delete`` and ``viewing-delete`` (``diary-delete``) as real processes.

Both ask first (on a terminal; without one they refuse unless ``--yes``), print
what they deleted (or JSON), and an unknown id exits 1 with the journal
byte-for-byte unchanged.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import CliResult, watchjournal_command
from tests.journal_helpers import as_json, dump, ok
from watchjournal.journal import FilmFields, JournalService, ReviewFields

Cli = Callable[..., CliResult]


def answered_on_a_terminal(journal: Path, answer: str, *args: str) -> CliResult:
    """Run the command with a terminal as stdin and type ``answer`` at its question."""
    main, terminal = os.openpty()
    try:
        process = subprocess.Popen(
            [*watchjournal_command(), "--db", str(journal), *args],
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        os.close(terminal)
        terminal = -1
        os.write(main, answer.encode() + b"\n")
        out, err = process.communicate(timeout=60)
    finally:
        os.close(main)
        if terminal >= 0:
            os.close(terminal)
    return CliResult(process.returncode, out.decode(), err.decode())


@pytest.fixture
def paterson(service: JournalService) -> dict[str, int]:
    """Paterson watched twice, with a review about the second viewing (revised once).

    Written through the service in this process (closed before the test runs the
    CLI): these tests are about the delete commands, and building the journal
    through five CLI processes took seconds per test.
    """
    film = service.add_film(FilmFields("Paterson", year=2016))
    first = service.mark_watched(film.id, date(2025, 6, 1))
    second = service.mark_watched(film.id, date(2025, 7, 1), where="Cinema")
    review = service.write_review(
        film.id,
        ReviewFields(
            rating_tenths=80,
            headline="bus poems",
            body="A waterfall of quiet days.",
            viewing_id=second.id,
        ),
    )
    # A one-off edit, as ``review-edit`` makes: the previous text is kept as a revision.
    service.update_review(review.id, replace(review.fields(), rating_tenths=90))
    service.close()
    return {"film": film.id, "first": first.id, "second": second.id, "review": review.id}


@pytest.mark.parametrize("command", ["review-delete", "diary-delete", "viewing-delete"])
def test_unknown_id_exits_1_and_changes_nothing(
    run_cli: Cli, journal_path: Path, paterson: dict[str, int], command: str
) -> None:
    before = dump(journal_path)
    result = run_cli(command, "999", "--yes")
    assert result.returncode == 1
    assert "id 999" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert dump(journal_path) == before


@pytest.mark.parametrize("command", ["review-delete", "diary-delete", "viewing-delete"])
def test_asks_first_and_a_no_changes_nothing(
    run_cli: Cli, journal_path: Path, paterson: dict[str, int], command: str
) -> None:
    target = str(paterson["review" if command == "review-delete" else "second"])
    before = dump(journal_path)
    refused = run_cli(command, target)  # stdin is not a terminal: never guess
    assert refused.returncode == 1 and "--yes" in refused.stderr
    declined = answered_on_a_terminal(journal_path, "n", command, target)
    assert declined.returncode == 1, declined.stderr
    assert "Paterson (2016)" in declined.stdout and "[y/N]" in declined.stdout
    assert "Nothing deleted." in declined.stdout
    assert dump(journal_path) == before


def test_review_delete_after_a_yes(
    run_cli: Cli, journal_path: Path, paterson: dict[str, int]
) -> None:
    review = paterson["review"]
    result = answered_on_a_terminal(journal_path, "y", "review-delete", str(review))
    assert result.returncode == 0, result.stderr
    assert "and its 1 earlier version(s)?" in result.stdout  # the question said what goes
    assert f"Deleted review #{review} of Paterson (2016) (9/10 — bus poems)." in result.stdout
    film = as_json(run_cli("show", "Paterson", "--json"))
    assert film["reviews"] == [] and len(film["viewings"]) == 2
    assert run_cli("history", str(review)).returncode == 1
    assert as_json(run_cli("search", "waterfall", "--json")) == []


def test_review_delete_json(run_cli: Cli, paterson: dict[str, int]) -> None:
    deleted = as_json(run_cli("review-delete", str(paterson["review"]), "--yes", "--json"))
    assert deleted["id"] == paterson["review"]
    assert deleted["rating"] == 9 and deleted["headline"] == "bus poems"
    assert deleted["film"]["id"] == paterson["film"] and deleted["film"]["reviews"] == []
    again = run_cli("review-delete", str(paterson["review"]), "--yes")
    assert again.returncode == 1 and f"no review with id {paterson['review']}" in again.stderr


def test_diary_delete_keeps_the_review_about_it(run_cli: Cli, paterson: dict[str, int]) -> None:
    shown = ok(run_cli("show", "Paterson")).stdout
    assert f"viewing #{paterson['second']}" in shown  # where a user finds the id
    result = ok(run_cli("diary-delete", str(paterson["second"]), "--yes"))
    assert (
        f"Deleted viewing #{paterson['second']} of Paterson (2016) on 2025-07-01 (Cinema)."
        f" Its review #{paterson['review']} stays." in result.stdout
    )
    film = as_json(run_cli("show", "Paterson", "--json"))
    assert [v["id"] for v in film["viewings"]] == [paterson["first"]]
    (review,) = film["reviews"]
    assert review["id"] == paterson["review"] and review["viewing_id"] is None


def test_diary_delete_json(run_cli: Cli, paterson: dict[str, int]) -> None:
    deleted = as_json(run_cli("diary-delete", str(paterson["first"]), "--yes", "--json"))
    assert deleted["id"] == paterson["first"] and deleted["watched_on"] == "2025-06-01"
    assert [v["id"] for v in deleted["film"]["viewings"]] == [paterson["second"]]
    diary = as_json(run_cli("show", "Paterson", "--json"))["viewings"]
    assert [v["watched_on"] for v in diary] == ["2025-07-01"]
