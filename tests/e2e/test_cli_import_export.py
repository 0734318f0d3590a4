"""``watchjournal import`` and ``watchjournal export`` as real processes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult
from tests.e2e.test_cli import dump, ok
from tests.unit.interchange_helpers import IMDB_EXPORT, LETTERBOXD_EXPORT, zip_folder

Cli = Callable[..., CliResult]


def test_dry_run_then_import_then_reimport(
    run_cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    archive = zip_folder(LETTERBOXD_EXPORT, tmp_path / "letterboxd.zip")
    ok(run_cli("list"))  # creates the journal
    before = dump(journal_path)
    dry = json.loads(
        ok(run_cli("import", "letterboxd", str(archive), "--dry-run", "--json")).stdout
    )
    assert dry["dry_run"] is True and dry["films"]["added"] == 7
    assert dump(journal_path) == before

    done = ok(run_cli("import", "letterboxd", str(archive)))
    assert "Added 7 films" in done.stdout
    listing = ok(run_cli("list", "--json"))
    assert len(json.loads(listing.stdout)) == 7

    after = dump(journal_path)
    again = ok(run_cli("import", "letterboxd", str(archive)))
    assert "Nothing new" in again.stdout
    assert dump(journal_path) == after


def test_imdb_import_reports_skipped_series(run_cli: Cli) -> None:
    result = ok(run_cli("import", "imdb", str(IMDB_EXPORT / "ratings.csv")))
    assert "Skipped 1 rows: 1 not a film (TV Series)." in result.stdout
    assert "ratings.csv, line 4: Breaking Bad" in result.stdout


def test_json_export_import_export_is_identical(run_cli: Cli, tmp_path: Path) -> None:
    ok(run_cli("import", "letterboxd", str(LETTERBOXD_EXPORT)))
    ok(run_cli("import", "imdb", str(IMDB_EXPORT)))
    ok(run_cli("export", "json", str(tmp_path / "one.json")))
    other = tmp_path / "other.sqlite"
    report = json.loads(
        ok(run_cli("import", "json", str(tmp_path / "one.json"), "--json", db=other)).stdout
    )
    assert report["films"]["added"] == 8
    ok(run_cli("export", "json", str(tmp_path / "two.json"), db=other))
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()


def test_exports_of_every_format(run_cli: Cli, tmp_path: Path) -> None:
    ok(run_cli("import", "letterboxd", str(LETTERBOXD_EXPORT)))
    result = json.loads(
        ok(run_cli("export", "letterboxd", str(tmp_path / "lb.csv"), "--json")).stdout
    )
    assert (result["films"], result["rows"], result["left_out"]) == (5, 6, 2)
    assert (tmp_path / "lb.csv").read_text().startswith("LetterboxdURI,tmdbID,imdbID,Title,")
    ok(run_cli("import", "imdb", str(IMDB_EXPORT / "ratings.csv")))
    ok(run_cli("export", "imdb", str(tmp_path / "imdb.csv")))
    assert (tmp_path / "imdb.csv").read_text().startswith("Const,Your Rating,Date Rated,")
    one = ok(run_cli("export", "markdown", str(tmp_path / "journal.md")))
    assert "Exported 7 films as Markdown" in one.stdout
    assert "## Paterson (2016)" in (tmp_path / "journal.md").read_text()
    folder = ok(run_cli("export", "markdown", str(tmp_path / "films")))
    assert "8 files in" in folder.stdout
    assert (tmp_path / "films" / "Paterson (2016).md").exists()


def test_bad_file_is_refused_and_nothing_changes(
    run_cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    ok(run_cli("import", "letterboxd", str(LETTERBOXD_EXPORT)))
    before = dump(journal_path)
    bad = tmp_path / "diary.csv"
    bad.write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "2024-01-01,New film,2001,u,4,,,2024-01-01\n"
        "2024-01-02,Another,2002,u,eleven,,,2024-01-02\n"
    )
    result = run_cli("import", "letterboxd", str(bad))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        'watchjournal: diary.csv, line 3: rating "eleven" is not a number'
    )
    assert dump(journal_path) == before
    missing = run_cli("import", "json", str(tmp_path / "nope.json"))
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    assert "Traceback" not in result.stderr + missing.stderr


def test_lists_command_shows_imported_lists(run_cli: Cli) -> None:
    ok(run_cli("import", "letterboxd", str(LETTERBOXD_EXPORT)))
    overview = ok(run_cli("lists"))
    assert "Quiet films, loud hearts  (2 films)" in overview.stdout
    one = ok(run_cli("lists", "quiet films, LOUD hearts"))
    assert one.stdout.splitlines()[-2:] == [
        "   1. Perfect Days (2023) — Wenders in Tokyo",
        "   2. Paterson (2016)",
    ]
    data = json.loads(ok(run_cli("lists", "Quiet films, loud hearts", "--json")).stdout)
    assert [f["title"] for f in data["films"]] == ["Perfect Days", "Paterson"]
    assert data["films"][1]["rating"] == 9.0  # every film object in --json has its rating
    missing = run_cli("lists", "Nope")
    assert missing.returncode == 1 and 'no list called "Nope"' in missing.stderr
