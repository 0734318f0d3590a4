"""``watchjournal copy-to``: a whole journal moves between SQLite and PostgreSQL, losslessly.

The round trip SQLite → PostgreSQL → SQLite must give a byte-identical
``export json``, for a journal with everything in it: the two "Ballerina"
films, rewatches, review history, lists, links, content notes, watchlist order
and notes, and diary tags (from a Letterboxd import).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from watchjournal.cli.main import main

pytestmark = pytest.mark.postgres
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

Run = Callable[..., str]


@pytest.fixture
def wj(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run ``watchjournal --db DB ARGS...``; its stdout (or stderr when ``status`` != 0)."""

    def run(db: str | Path, *args: str, status: int = 0) -> str:
        capsys.readouterr()
        code = main(["--db", str(db), *args])
        out, err = capsys.readouterr()
        assert code == status, err
        assert "Traceback" not in err and "unexpected error" not in err, err
        return out if status == 0 else err

    return run


def _json(text: str) -> Any:
    return json.loads(text)


def fill_journal(wj: Run, db: Path) -> None:
    """A journal with every kind of thing in it."""
    wj(db, "import", "letterboxd", str(FIXTURES / "letterboxd" / "export"))
    # The import brought both Ballerinas (2023 and 2025).
    wj(db, "edit", "Ballerina (2023)", "--watchlist-note", "from Min")
    wj(db, "add", "Columbus", "--year", "2017", "--watchlist")
    wj(db, "edit", "Ballerina (2025)", "--watchlist-note", "see it loud",
       "--content-note", "gun violence", "--content-note", "fire")  # fmt: skip
    wj(db, "watchlist", "--move", "Ballerina (2025)", "--to", "1")
    wj(db, "watched", "Ballerina (2023)", "--on", "2025-06-01", "--where", "Netflix")
    wj(db, "watched", "Ballerina (2023)", "--on", "2025-07-01", "--where", "Cinema")
    # Tags out of their names' and ids' order ("poetry" came with the import): kept as typed.
    wj(db, "review", "Ballerina (2023)", "--rating", "6.4", "--headline", "stream it",
       "--tag", "action", "--tag", "poetry", "--tag", "Ballet",
       "--body", "Flamethrowers and a ballet box.")  # fmt: skip
    review = _json(wj(db, "show", "Ballerina (2023)", "--json"))["reviews"][0]["id"]
    wj(db, "review-edit", str(review), "--rating", "7", "--body", "Better the second time.")
    wj(db, "link", "Ballerina (2025)", "Ballerina (2023)", "--note", "same name")
    wj(db, "lists", "new", "Dance films", "--ranked", "--description", "pirouettes")
    wj(db, "lists", "add", "Dance films", "Ballerina (2025)", "Ballerina (2023)")
    wj(db, "lists", "move", "Dance films", "Ballerina (2023)", "1")
    # A deleted film leaves a gap in the ids: it must not be given out again.
    wj(db, "add", "Gone Soon", "--year", "1999")
    wj(db, "delete", "Gone Soon (1999)", "--yes")


def export(wj: Run, db: str | Path, target: Path) -> bytes:
    wj(db, "export", "json", str(target))
    return target.read_bytes()


def test_sqlite_to_postgresql_to_sqlite_is_lossless(wj: Run, pg_url: str, tmp_path: Path) -> None:
    first = tmp_path / "first.sqlite"
    fill_journal(wj, first)
    before = export(wj, first, tmp_path / "before.json")
    assert b'"gun violence"' in before and b"see it loud" in before

    report = _json(wj(first, "copy-to", pg_url, "--json"))
    assert report["rows"]["films"] == len(_json(wj(first, "list", "--json")))
    assert report["rows"]["review_revisions"] >= 1
    assert report["rows"]["viewing_tags"] >= 1  # the Letterboxd diary's tags
    on_server = export(wj, pg_url, tmp_path / "server.json")
    assert on_server == before
    reviews = _json(wj(pg_url, "show", "Ballerina (2023)", "--json"))["reviews"]
    (tags,) = [r["tags"] for r in reviews if r["headline"] == "stream it"]
    assert tags == ["action", "poetry", "Ballet"]

    second = tmp_path / "second.sqlite"
    wj(pg_url, "copy-to", str(second))
    assert export(wj, second, tmp_path / "after.json") == before

    # Ids stay, and the one freed by the deletion is not reused on either side.
    ids = [_json(wj(db, "add", "Next", "--year", "2001", "--json"))["id"] for db in
           (first, pg_url, second)]  # fmt: skip
    assert ids[0] == ids[1] == ids[2]


def test_a_journal_that_is_not_empty_is_refused_and_unchanged(
    wj: Run, pg_url: str, tmp_path: Path
) -> None:
    source = tmp_path / "source.sqlite"
    wj(source, "add", "Paterson", "--year", "2016")
    wj(pg_url, "add", "Columbus", "--year", "2017")
    error = wj(source, "copy-to", pg_url, status=1)
    assert "is not empty" in error and "nothing was copied" in error
    assert [f["title"] for f in _json(wj(pg_url, "list", "--json"))] == ["Columbus"]


def test_copying_a_journal_onto_itself_is_refused(wj: Run, tmp_path: Path) -> None:
    source = tmp_path / "source.sqlite"
    wj(source, "add", "Paterson", "--year", "2016")
    assert "the journal itself" in wj(source, "copy-to", str(source), status=1)
