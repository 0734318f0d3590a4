"""``watchjournal --demo COMMAND``: the command runs on a temporary demo journal (with
its posters), which is gone afterwards; your own journal is never opened or made."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from watchjournal.cli.main import main as cli_main
from watchjournal.paths import AppPaths


def test_a_command_with_demo_runs_on_the_demo_and_leaves_nothing(
    app_dirs: AppPaths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[Path] = []
    real_mkdtemp = tempfile.mkdtemp

    def mkdtemp(*args: str, **kwargs: str) -> str:
        made.append(Path(real_mkdtemp(*args, **kwargs)))
        return str(made[-1])

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    page = tmp_path / "2025.html"
    status = cli_main(["--demo", "year-in-review", "2025", "--out", str(page), "--no-png"])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "temporary demo journal" in err
    assert re.search(r"\(2 films\)", out)  # the demo's two "Ballerina" films of 2025
    text = page.read_text(encoding="utf-8")
    assert "Ballerina (2023)" in text and "data:image/png;base64," in text  # its posters
    assert not app_dirs.journal.exists()  # your own journal: never made
    demo = [folder for folder in made if folder.name.startswith("watchjournal-demo-")]
    assert len(demo) == 1 and not demo[0].exists()  # the demo is gone


def test_without_demo_the_command_uses_your_journal(
    app_dirs: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["stats", "--json"]) == 0
    capsys.readouterr()
    assert app_dirs.journal.exists()
