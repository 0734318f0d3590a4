"""``watchjournal link``/``unlink`` and the links of ``show``, run in-process on a temp journal."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.journal_helpers import dump
from watchjournal.cli.main import main


@dataclass(frozen=True)
class Run:
    status: int
    out: str
    err: str

    def json(self) -> Any:
        assert self.status == 0, self.err
        return json.loads(self.out)


Cli = Callable[..., Run]


@pytest.fixture
def cli(journal_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    def run(*args: str) -> Run:
        status = main(["--db", str(journal_path), *args])
        captured = capsys.readouterr()
        return Run(status, captured.out, captured.err)

    return run


@pytest.fixture
def ids(cli: Cli) -> dict[str, int]:
    """Kate, two films called Ballerina and John Wick, by name."""
    films = {
        "kate": ["Kate", "--year", "2021", "--director", "Cedric Nicolas-Troyan"],
        "ballerina23": ["Ballerina", "--year", "2023", "--director", "Lee Chung-hyun"],
        "ballerina25": ["Ballerina", "--year", "2025", "--director", "Len Wiseman"],
        "wick": ["John Wick", "--year", "2014"],
    }
    return {name: cli("add", *args, "--json").json()["id"] for name, args in films.items()}


def test_link_prints_both_films_and_the_note(cli: Cli, ids: dict[str, int]) -> None:
    result = cli("link", "Ballerina (2025)", "Kate", "--note", "same one-woman-army energy")
    assert result.status == 0, result.err
    assert result.out == (
        "Linked Ballerina (2025, Len Wiseman) and Kate (2021, Cedric Nicolas-Troyan)"
        " — same one-woman-army energy\n"
    )


def test_link_json_names_both_films(cli: Cli, ids: dict[str, int]) -> None:
    data = cli("link", f"#{ids['wick']}", "Kate", "--json").json()
    assert data == {
        "film": {"id": ids["wick"], "title": "John Wick", "year": 2014},
        "other": {"id": ids["kate"], "title": "Kate", "year": 2021},
        "note": None,
    }


def test_show_json_gives_links_in_both_directions(cli: Cli, ids: dict[str, int]) -> None:
    assert cli("link", "Ballerina (2025)", "Kate", "--note", "one-woman army").status == 0
    assert cli("link", "Kate", "John Wick").status == 0
    kate = cli("show", "Kate", "--json").json()
    assert kate["links"] == [
        {
            "film": {"id": ids["ballerina25"], "title": "Ballerina", "year": 2025},
            "note": "one-woman army",
        },
        {"film": {"id": ids["wick"], "title": "John Wick", "year": 2014}, "note": None},
    ]
    ballerina = cli("show", "Ballerina (2025)", "--json").json()
    assert ballerina["links"] == [
        {"film": {"id": ids["kate"], "title": "Kate", "year": 2021}, "note": "one-woman army"}
    ]
    assert cli("show", "John Wick", "--json").json()["links"][0]["film"]["id"] == ids["kate"]
    assert cli("show", "Ballerina (2023)", "--json").json()["links"] == []


def test_show_text_lists_what_a_film_reminds_you_of(cli: Cli, ids: dict[str, int]) -> None:
    cli("link", "Kate", "Ballerina (2025)", "--note", "one-woman army")
    out = cli("show", "Kate").out
    assert "Reminds me of:\n" in out
    assert f"  Ballerina (2025, Len Wiseman)  [id {ids['ballerina25']}] — one-woman army\n" in out
    assert "Reminds me of" not in cli("show", "John Wick").out


def test_linking_again_changes_the_note_and_an_empty_note_removes_it(
    cli: Cli, ids: dict[str, int]
) -> None:
    cli("link", "Kate", "John Wick", "--note", "first")
    assert cli("link", "John Wick", "Kate", "--note", "second", "--json").json()["note"] == "second"
    assert cli("link", "Kate", "John Wick", "--json").json()["note"] == "second"
    assert cli("link", "Kate", "John Wick", "--note", "", "--json").json()["note"] is None
    assert len(cli("show", "Kate", "--json").json()["links"]) == 1


def test_an_ambiguous_title_is_refused_listing_both_films(
    cli: Cli, ids: dict[str, int], journal_path: Path
) -> None:
    before = dump(journal_path)
    for args in (("Ballerina", "Kate"), ("Kate", "Ballerina")):
        result = cli("link", *args)
        assert result.status == 1
        assert '"Ballerina" matches 2 films' in result.err
        assert f"Ballerina (2023, Lee Chung-hyun)  [id {ids['ballerina23']}]" in result.err
        assert f"Ballerina (2025, Len Wiseman)  [id {ids['ballerina25']}]" in result.err
        assert result.out == ""
    assert dump(journal_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("link", "Kate", "Kate"), "cannot be linked to itself"),
        (("link", "Kate", "Paterson"), 'no film in the journal matches "Paterson"'),
        (("link", "Kate", "#999"), "there is no film with id 999"),
        (("unlink", "Kate", "John Wick"), "Kate (2021) and John Wick (2014) are not linked"),
        (("link", "Kate", "John Wick", "--note", "a\x01b"), "control characters"),
    ],
)
def test_errors_exit_1_and_change_nothing(
    cli: Cli, ids: dict[str, int], journal_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = dump(journal_path)
    result = cli(*args)
    assert result.status == 1
    assert message in result.err
    assert dump(journal_path) == before


@pytest.mark.parametrize("args", [("link", "Kate"), ("unlink",), ("link", "a", "b", "--bogus")])
def test_usage_errors_exit_2(cli: Cli, args: tuple[str, ...]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli(*args)
    assert exited.value.code == 2


def test_unlink_removes_the_link_from_both_films(cli: Cli, ids: dict[str, int]) -> None:
    cli("link", "Kate", "John Wick", "--note", "gun-fu")
    cli("link", "Kate", "Ballerina (2023)")
    result = cli("unlink", "John Wick", "Kate")
    assert (
        result.out == "Unlinked John Wick (2014) and Kate (2021, Cedric Nicolas-Troyan) — gun-fu\n"
    )
    assert cli("show", "John Wick", "--json").json()["links"] == []
    assert [x["film"]["id"] for x in cli("show", "Kate", "--json").json()["links"]] == [
        ids["ballerina23"]
    ]


def test_unlink_json_is_the_removed_link(cli: Cli, ids: dict[str, int]) -> None:
    cli("link", "Kate", "John Wick", "--note", "gun-fu")
    assert cli("unlink", "Kate", "John Wick", "--json").json() == {
        "film": {"id": ids["kate"], "title": "Kate", "year": 2021},
        "other": {"id": ids["wick"], "title": "John Wick", "year": 2014},
        "note": "gun-fu",
    }


def test_deleting_a_film_removes_it_from_the_others_links(cli: Cli, ids: dict[str, int]) -> None:
    cli("link", "Kate", "John Wick")
    assert cli("delete", "John Wick", "--yes").status == 0
    assert cli("show", "Kate", "--json").json()["links"] == []
