"""``viewing-edit``, ``viewing-delete`` (and its old name ``diary-delete``), ``review-delete``
and ``edit --watchlist-note`` run in-process: what they change, what they print, and
that a refused command changes nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.journal_helpers import dump
from watchjournal.cli.main import main as cli_main
from watchjournal.journal import FilmFields, JournalService, ReviewFields


def cli(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[int, str, str]:
    """Run ``watchjournal --db path ARGS``; its exit status, stdout and stderr."""
    try:
        status = cli_main(["--db", str(path), *args])
    except SystemExit as exit_:  # argparse's usage errors
        status = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def cli_json(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> Any:
    status, out, err = cli(capsys, path, *args, "--json")
    assert status == 0, err
    return json.loads(out)


@pytest.fixture
def paterson(service: JournalService) -> dict[str, int]:
    """Paterson watched twice, the second time with a review about it."""
    film = service.add_film(FilmFields("Paterson", year=2016, directors=("Jim Jarmusch",)))
    first = service.mark_watched(film.id, date(2025, 6, 1))
    second = service.mark_watched(film.id, date(2025, 7, 1), where="Cinema")
    review = service.write_review(film.id, ReviewFields(rating_tenths=80, viewing_id=second.id))
    return {"film": film.id, "first": first.id, "second": second.id, "review": review.id}


def test_viewing_edit_changes_what_is_given(
    capsys: pytest.CaptureFixture[str], journal_path: Path, paterson: dict[str, int]
) -> None:
    second = str(paterson["second"])
    status, out, _err = cli(capsys, journal_path, "viewing-edit", second, "--where", "Netflix")
    assert status == 0
    assert out == (
        f"Updated viewing #{second} of Paterson (2016, Jim Jarmusch) on 2025-07-01 (Netflix).\n"
    )
    edited = cli_json(
        capsys,
        journal_path,
        "viewing-edit",
        second,
        "--on",
        "2025-05-01",
        "--note",
        "rain",
        "--dnf",
        "--tag",
        "bus",
        "--tag",
        "poems",
    )
    assert {k: edited[k] for k in ("watched_on", "where", "note", "did_not_finish", "tags")} == {
        "watched_on": "2025-05-01",
        "where": "Netflix",
        "note": "rain",
        "did_not_finish": True,
        "tags": ["bus", "poems"],
    }
    assert edited["rewatch"] is False  # now the earlier viewing: the rule says so
    assert [v["rewatch"] for v in edited["film"]["viewings"]] == [False, True]
    cleared = cli_json(
        capsys, journal_path, "viewing-edit", second, "--where", "", "--finished", "--tag", ""
    )
    assert (cleared["where"], cleared["did_not_finish"], cleared["tags"]) == (None, False, [])


@pytest.mark.parametrize(
    ("option", "rewatch"),
    [("--rewatch", True), ("--first-watch", False), ("--rewatch-by-date", True)],
)
def test_viewing_edit_rewatch_options(
    capsys: pytest.CaptureFixture[str],
    journal_path: Path,
    paterson: dict[str, int],
    service: JournalService,
    option: str,
    rewatch: bool,
) -> None:
    service.edit_viewing(paterson["second"], rewatch=False)  # an override to start from
    edited = cli_json(capsys, journal_path, "viewing-edit", str(paterson["second"]), option)
    assert edited["rewatch"] is rewatch
    override = service.get_viewing(paterson["second"]).rewatch_override
    assert override == {"--rewatch": True, "--first-watch": False}.get(option)


@pytest.mark.parametrize(
    ("args", "message", "status"),
    [
        ([], "nothing to change", 1),
        (["--on", "2999-01-01"], "in the future", 1),
        (["--on", "1 June"], "YYYY-MM-DD", 1),
        (["--where", "a\tb"], "where you watched it", 1),
        (["--rewatch", "--first-watch"], "not allowed with", 2),
        (["--dnf", "--finished"], "not allowed with", 2),
    ],
)
def test_viewing_edit_refusals_change_nothing(
    capsys: pytest.CaptureFixture[str],
    journal_path: Path,
    paterson: dict[str, int],
    args: list[str],
    message: str,
    status: int,
) -> None:
    before = dump(journal_path)
    code, out, err = cli(capsys, journal_path, "viewing-edit", str(paterson["second"]), *args)
    assert (code, out) == (status, "")
    assert message in err and "Traceback" not in err
    assert dump(journal_path) == before


def test_viewing_edit_of_an_unknown_id(
    capsys: pytest.CaptureFixture[str], journal_path: Path, paterson: dict[str, int]
) -> None:
    code, _out, err = cli(capsys, journal_path, "viewing-edit", "999", "--where", "x")
    assert code == 1 and "no viewing with id 999" in err


@pytest.mark.parametrize("command", ["viewing-delete", "diary-delete"])
def test_viewing_delete_and_its_old_name(
    capsys: pytest.CaptureFixture[str],
    journal_path: Path,
    paterson: dict[str, int],
    service: JournalService,
    command: str,
) -> None:
    second = paterson["second"]
    before = dump(journal_path)
    code, _out, err = cli(capsys, journal_path, command, str(second))
    assert code == 1 and "--yes" in err  # no terminal to ask on: never guess
    assert dump(journal_path) == before
    code, out, _err = cli(capsys, journal_path, command, str(second), "--yes")
    assert code == 0
    assert out == (
        f"Deleted viewing #{second} of Paterson (2016, Jim Jarmusch) on 2025-07-01 (Cinema)."
        f" Its review #{paterson['review']} stays.\n"
    )
    film = service.get_film(paterson["film"])
    assert [v.id for v in film.viewings] == [paterson["first"]]
    assert film.reviews[0].viewing_id is None


def test_viewing_delete_json(
    capsys: pytest.CaptureFixture[str], journal_path: Path, paterson: dict[str, int]
) -> None:
    deleted = cli_json(capsys, journal_path, "viewing-delete", str(paterson["first"]), "--yes")
    assert (deleted["id"], deleted["watched_on"]) == (paterson["first"], "2025-06-01")
    assert [v["id"] for v in deleted["film"]["viewings"]] == [paterson["second"]]


def test_review_delete_json(
    capsys: pytest.CaptureFixture[str], journal_path: Path, paterson: dict[str, int]
) -> None:
    deleted = cli_json(capsys, journal_path, "review-delete", str(paterson["review"]), "--yes")
    assert (deleted["id"], deleted["rating"], deleted["film"]["reviews"]) == (
        paterson["review"],
        8,
        [],
    )


def test_edit_sets_and_clears_the_watchlist_note(
    capsys: pytest.CaptureFixture[str], journal_path: Path, service: JournalService
) -> None:
    film = service.add_film(FilmFields("Okja", year=2017), watchlist=True)
    shown = cli_json(capsys, journal_path, "edit", "Okja", "--watchlist-note", "from Min")
    assert shown["watchlist"]["note"] == "from Min"
    shown = cli_json(capsys, journal_path, "edit", "Okja", "--clear-watchlist-note")
    assert shown["on_watchlist"] and shown["watchlist"]["note"] is None
    # Clearing the note of a film not on the watchlist does not put it there.
    service.remove_from_watchlist(film.id)
    shown = cli_json(capsys, journal_path, "edit", "Okja", "--clear-watchlist-note")
    assert not shown["on_watchlist"]
    code, _out, err = cli(
        capsys, journal_path, "edit", "Okja", "--note", "x", "--clear-watchlist-note"
    )
    assert code == 2 and "not allowed with" in err
