"""``watchjournal year-in-review``: writes the page (and the PNG), never over a file
without --force. The stats come from the hand-made fixture while the stats service
is built elsewhere (the CLI's own work is under test here, not the numbers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.unit.stats_fixture import sample_stats
from watchjournal.cli import year_review as command
from watchjournal.cli.main import main as cli_main
from watchjournal.interchange.year_review import YearReview
from watchjournal.journal import JournalService

Asked = list[tuple[int, str | None]]


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str | None]]:
    calls: list[tuple[int, str | None]] = []

    def gather(_service: object, year: int, query: str | None, _posters: object) -> YearReview:
        calls.append((year, query))
        return YearReview(sample_stats(query))

    monkeypatch.setattr(command, "gather_year_review", gather)
    return calls


def _run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    status = cli_main(["--db", str(db), "year-in-review", *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def db(service: JournalService, journal_path: Path) -> Path:
    return journal_path  # made by the service fixture


def test_writes_the_page_and_the_png(
    db: Path,
    tmp_path: Path,
    asked: list[tuple[int, str | None]],
    capsys: pytest.CaptureFixture[str],
    qapp: Any,
) -> None:
    # qapp: --png reuses the running Qt application; without one it would make a
    # QGuiApplication that outlives the test, and later widget tests need a QApplication.
    out, png = tmp_path / "2025.html", tmp_path / "2025.png"
    status, text, err = _run(
        capsys, db, "2025", "--out", str(out), "--png", str(png), "--query=-tag:private"
    )
    assert status == 0, err
    assert asked == [(2025, "-tag:private")]
    assert "<h1>2025 in review</h1>" in out.read_text(encoding="utf-8")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert str(out) in text


def test_the_picture_goes_beside_the_page_unless_told_otherwise(
    db: Path,
    tmp_path: Path,
    asked: list[tuple[int, str | None]],
    capsys: pytest.CaptureFixture[str],
    qapp: Any,
) -> None:
    out = tmp_path / "year.html"
    status, text, err = _run(capsys, db, "2025", "--out", str(out))
    assert status == 0, err
    assert out.with_suffix(".png").read_bytes().startswith(b"\x89PNG")
    assert str(out.with_suffix(".png")) in text
    page_only = tmp_path / "page-only.html"
    status, _text, err = _run(capsys, db, "2025", "--out", str(page_only), "--no-png")
    assert status == 0, err
    assert page_only.exists() and not page_only.with_suffix(".png").exists()
    # A picture already there is not replaced unasked, and then nothing is written.
    kept = tmp_path / "kept.png"
    kept.write_bytes(b"mine")
    status, _text, err = _run(capsys, db, "2025", "--out", str(tmp_path / "kept.html"))
    assert status != 0 and "--force" in err
    assert kept.read_bytes() == b"mine" and not (tmp_path / "kept.html").exists()


def test_refuses_to_replace_a_file_without_force(
    db: Path,
    tmp_path: Path,
    asked: list[tuple[int, str | None]],
    capsys: pytest.CaptureFixture[str],
    qapp: Any,  # the forced run also draws the picture (see above)
) -> None:
    out = tmp_path / "2025.html"
    out.write_text("keep me")
    status, _text, err = _run(capsys, db, "2025", "--out", str(out))
    assert status != 0
    assert "--force" in err and asked == []
    assert out.read_text() == "keep me"
    status, _text, err = _run(capsys, db, "2025", "--out", str(out), "--force")
    assert status == 0, err
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
