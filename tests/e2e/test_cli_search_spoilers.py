"""``watchjournal search`` keeps spoiler review text out of snippets until ``--spoilers``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.journal_helpers import as_json
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.paths import AppPaths

Cli = Callable[..., CliResult]
SECRET = "the butler was a ghost all along"


@pytest.fixture
def journal(journal_path: Path, app_dirs: AppPaths) -> dict[str, int]:
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    try:
        ghost = service.add_film(FilmFields("The Manor", year=2001))
        spoiler = service.write_review(
            ghost.id, ReviewFields(body=f"Twist: {SECRET}.", spoilers=True)
        )
        plain = service.add_film(FilmFields("Ghost Dog", year=1999))
        review = service.write_review(plain.id, ReviewFields(body="A samurai ghost story."))
        return {"spoiler": spoiler.id, "plain": review.id}
    finally:
        service.close()


def test_text_output_hides_spoilers_until_asked(run_cli: Cli, journal: dict[str, int]) -> None:
    hidden = run_cli("search", "ghost")
    assert hidden.returncode == 0, hidden.stderr
    assert "The Manor (2001)" in hidden.stdout  # the film is still found
    assert "butler" not in hidden.stdout
    assert (
        f"review #{journal['spoiler']}: Match in a review with spoilers — shown with --spoilers"
        in hidden.stdout
    )
    assert "A samurai [ghost] story." in hidden.stdout  # a plain review is shown as ever
    shown = run_cli("search", "ghost", "--spoilers")
    assert shown.returncode == 0, shown.stderr
    assert "butler was a [ghost] all along" in shown.stdout
    assert "Match in a review with spoilers" not in shown.stdout


def test_json_flags_spoilers_and_hides_their_text(run_cli: Cli, journal: dict[str, int]) -> None:
    hidden = {h["review_id"]: h for h in as_json(run_cli("search", "ghost", "--json"))}
    shown = {h["review_id"]: h for h in as_json(run_cli("search", "ghost", "--json", "--spoilers"))}
    assert hidden[journal["spoiler"]]["spoiler"] is True
    assert hidden[journal["spoiler"]]["snippet"] is None
    assert "butler" in shown[journal["spoiler"]]["snippet"]
    assert shown[journal["spoiler"]]["spoiler"] is True
    assert hidden[journal["plain"]]["spoiler"] is False
    assert hidden[journal["plain"]]["snippet"] == shown[journal["plain"]]["snippet"]
    # Found and ranked the same either way.
    assert [h["film"]["id"] for h in hidden.values()] == [h["film"]["id"] for h in shown.values()]
    assert [h["score"] for h in hidden.values()] == [h["score"] for h in shown.values()]
