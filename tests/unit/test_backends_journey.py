"""The command-line journey on both backends: a journal file and a journal on PostgreSQL.

Every command runs through ``watchjournal.cli.main.main`` (in this process, for
speed) with ``--db`` naming the SQLite file or the server database's URL
(``tests/pg.py``); the same commands must give the same answers on both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from watchjournal.cli.main import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

Run = Callable[..., str]


@pytest.fixture
def wj(journal_db: str, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run ``watchjournal --db JOURNAL ARGS...``; its stdout (it must succeed)."""

    def run(*args: str, status: int = 0) -> str:
        capsys.readouterr()
        code = main(["--db", journal_db, *args])
        out, err = capsys.readouterr()
        assert code == status, err
        assert "Traceback" not in err and "unexpected error" not in err, err
        return out if status == 0 else err

    return run


def as_json(text: str) -> Any:
    return json.loads(text)


def add_ballerinas(wj: Run) -> tuple[int, int]:
    first = as_json(
        wj(
            "add", "Ballerina", "--year", "2023", "--director", "Lee Chung-hyun",
            "--cast", "Jeon Jong-seo", "--genre", "Action", "--runtime", "93",
            "--imdb", "tt15510846", "--watchlist", "--note", "from Min", "--json",
        )
    )  # fmt: skip
    second = as_json(
        wj("add", "Ballerina", "--year", "2025", "--director", "Len Wiseman", "--json")
    )
    return int(first["id"]), int(second["id"])


def test_two_ballerinas_journey(wj: Run, backend: str, tmp_path: Path) -> None:
    first, second = add_ballerinas(wj)
    assert first != second
    # The same title twice: a bare title is ambiguous, title and year are not.
    assert "Ballerina" in wj("show", "Ballerina", status=1)
    wj("edit", "Ballerina (2025)", "--watchlist-note", "see it loud")
    wj("watchlist", "--move", "Ballerina (2025)", "--to", "1")
    assert [f["id"] for f in as_json(wj("watchlist", "--json"))] == [second, first]
    wj("watched", "Ballerina (2023)", "--on", "2025-06-01", "--where", "Netflix")
    wj("watched", "Ballerina (2023)", "--on", "2025-07-01", "--where", "Cinema")
    wj("review", "Ballerina (2023)", "--rating", "6.4", "--headline", "stream it",
       "--tag", "action", "--body", "Flamethrowers and a ballet box.")  # fmt: skip
    shown = as_json(wj("show", "Ballerina (2023)", "--json"))
    assert shown["rating"] == 6.4
    assert [v["where"] for v in shown["viewings"]] == ["Netflix", "Cinema"]
    assert [v["rewatch"] for v in shown["viewings"]] == [False, True]
    assert shown["reviews"][0]["tags"] == ["action"]
    review_id = shown["reviews"][0]["id"]
    wj("review-edit", str(review_id), "--rating", "7")
    assert len(as_json(wj("history", str(review_id), "--json"))) >= 1
    wj("link", "Ballerina (2025)", "Ballerina (2023)", "--note", "same name")
    assert "same name" in wj("show", "Ballerina (2025)")
    wj("lists", "new", "Dance films")
    wj("lists", "add", "Dance films", "Ballerina (2025)", "Ballerina (2023)")
    wj("lists", "move", "Dance films", "Ballerina (2023)", "1")
    listed = as_json(wj("lists", "Dance films", "--json"))
    assert [f["id"] for f in listed["films"]] == [first, second]
    films = as_json(wj("list", "--watched", "--json"))
    assert [f["id"] for f in films] == [first]
    export = tmp_path / f"{backend}.json"
    wj("export", "json", str(export))
    exported = json.loads(export.read_text(encoding="utf-8"))
    assert len(exported["films"]) == 2
    wj("viewing-delete", str(shown["viewings"][0]["id"]), "--yes")
    wj("delete", "Ballerina (2025)", "--yes")
    assert [f["id"] for f in as_json(wj("list", "--json"))] == [first]


def test_letterboxd_import_and_reimport(wj: Run) -> None:
    source = FIXTURES / "letterboxd" / "export"
    report = as_json(wj("import", "letterboxd", str(source), "--json"))
    assert report["films"]["added"] > 0
    films = as_json(wj("list", "--json"))
    assert len(films) == report["films"]["added"]
    again = as_json(wj("import", "letterboxd", str(source), "--json"))
    assert again["films"]["added"] == 0 and again["viewings"]["added"] == 0
    added = as_json(wj("add", "Columbus", "--year", "2017", "--json"))
    assert added["id"] > max(f["id"] for f in films)  # the id sequence moved past the import
