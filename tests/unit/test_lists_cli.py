"""``watchjournal lists``: every action, in words and in JSON, run in-process (the
command's own parser and handlers, over a journal in a temp dir)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from watchjournal.cli.main import main
from watchjournal.journal import FilmFields, JournalService


@pytest.fixture
def cli(journal_path: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    def run(*args: str) -> tuple[int, str, str]:
        status = main(["--db", str(journal_path), *args])
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture
def films(service: JournalService) -> None:
    service.add_film(FilmFields("Ballerina", year=2023, directors=("Lee Chung-hyun",)))
    service.add_film(FilmFields("Ballerina", year=2025, directors=("Len Wiseman",)))
    service.add_film(FilmFields("Kate", year=2021))
    service.add_film(FilmFields("Kill Bill", year=2003))


def as_json(result: tuple[int, str, str]) -> Any:
    status, out, err = result
    assert status == 0, err
    return json.loads(out)


def test_make_fill_and_show_a_ranked_list(cli: Any, films: None) -> None:
    made = as_json(cli("lists", "new", "Top Ten", "--ranked", "--description", "best", "--json"))
    assert (made["name"], made["ranked"], made["description"], made["films"]) == (
        "Top Ten", True, "best", []
    )  # fmt: skip
    added = as_json(cli("lists", "add", "top ten", "Kate", "Kill Bill (2003)", "--json"))
    assert [(f["position"], f["title"]) for f in added["films"]] == [(1, "Kate"), (2, "Kill Bill")]
    assert added["already"] == [] and len(added["added"]) == 2
    status, out, _ = cli("lists", "Top Ten")
    assert status == 0
    assert out.splitlines() == [
        "Top Ten  (ranked)",
        "best",
        "   1. Kate (2021)",
        "   2. Kill Bill (2003)",
    ]
    status, out, _ = cli("lists")
    assert out.split() == ["1", "Top", "Ten", "(2", "films,", "ranked)"]
    overview = as_json(cli("lists", "--json"))
    assert overview == [
        {"id": 1, "name": "Top Ten", "description": "best", "ranked": True, "films": 2}
    ]


def test_same_titled_films_are_refused_as_ambiguous_and_nothing_is_added(
    cli: Any, films: None, service: JournalService
) -> None:
    cli("lists", "new", "Action")
    status, _, err = cli("lists", "add", "Action", "Kate", "Ballerina")
    assert status == 1
    assert "matches 2 films" in err and "Ballerina (2023, Lee Chung-hyun)" in err
    assert service.resolve_list("Action").entries == ()
    status, out, _ = cli("lists", "add", "Action", "Ballerina (2025)", "Kate", "Kate")
    assert status == 0 and 'Added to "Action": Ballerina (2025), Kate (2021).' in out
    status, out, _ = cli("lists", "add", "Action", "Kate")
    assert status == 0 and out.strip() == 'Already on "Action": Kate (2021).'


def test_move_remove_rename_describe_rank_and_delete(
    cli: Any, films: None, service: JournalService
) -> None:
    cli("lists", "new", "Revenge")
    cli("lists", "add", "Revenge", "Kate", "Kill Bill", "Ballerina (2023)")
    moved = as_json(cli("lists", "move", "Revenge", "Ballerina (2023)", "1", "--json"))
    assert [f["title"] for f in moved["films"]] == ["Ballerina", "Kate", "Kill Bill"]
    status, _, err = cli("lists", "move", "Revenge", "Kate", "0")
    assert status == 1 and "counts from 1" in err
    status, _, err = cli("lists", "move", "Revenge", "Kate", "first")
    assert status == 1 and "not a whole number" in err
    removed = as_json(cli("lists", "remove", "revenge", "Kate", "--json"))
    assert [f["title"] for f in removed["films"]] == ["Ballerina", "Kill Bill"]
    status, out, _ = cli("lists", "rename", "Revenge", "Vengeance", "--description", "blood")
    assert status == 0 and out.strip() == 'Renamed "Revenge" to "Vengeance".'
    assert service.resolve_list("vengeance").description == "blood"
    described = as_json(cli("lists", "describe", "Vengeance", "one-woman armies", "--json"))
    assert described["description"] == "one-woman armies"
    assert as_json(cli("lists", "describe", "Vengeance", "", "--json"))["description"] is None
    assert as_json(cli("lists", "rank", "Vengeance", "--json"))["ranked"] is True
    assert as_json(cli("lists", "unrank", "Vengeance", "--json"))["ranked"] is False
    deleted = as_json(cli("lists", "delete", "Vengeance", "--yes", "--json"))
    assert deleted == {"deleted": {"id": 1, "name": "Vengeance"}}
    assert service.lists() == [] and len(service.list_films()) == 4


def test_delete_without_yes_and_no_terminal_changes_nothing(
    run_cli: Any, service: JournalService
) -> None:
    service.create_list("Keep")
    result = run_cli("lists", "delete", "Keep")
    assert result.returncode == 1 and "confirm with --yes" in result.stderr
    assert [x.name for x in service.lists()] == ["Keep"]


def test_a_list_named_like_an_action_is_reached_with_show(
    cli: Any, films: None, capsys: pytest.CaptureFixture[str]
) -> None:
    cli("lists", "new", "new")
    cli("lists", "add", "#1", "Kate")
    with pytest.raises(SystemExit) as usage:  # "new" is the action here
        cli("lists", "new")
    assert usage.value.code == 2
    assert "watchjournal lists new: error: the following arguments are required: NAME" in (
        capsys.readouterr().err
    )
    shown = as_json(cli("lists", "show", "new", "--json"))
    assert (shown["name"], [f["title"] for f in shown["films"]]) == ("new", ["Kate"])
    # --json before or after the name, on the command or on the action.
    assert as_json(cli("lists", "--json", "show", "new"))["name"] == "new"
    assert as_json(cli("lists", "#1", "--json"))["name"] == "new"


def test_user_errors_exit_1_with_one_line(cli: Any, films: None) -> None:
    cli("lists", "new", "Top")
    for args, message in (
        (("lists", "Nope"), 'no list called "Nope"'),
        (("lists", "new", "TOP"), 'already a list called "Top"'),
        (("lists", "new", "  "), "cannot be empty"),
        (("lists", "remove", "Top", "Kate"), 'is not on "Top"'),
        (("lists", "add", "Top", "Nosferatu"), "no film in the journal matches"),
    ):
        status, _, err = cli(*args)
        assert status == 1, args
        assert message in err and err.count("\n") == 1, (args, err)
