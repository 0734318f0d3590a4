"""``run_cli``'s forked commands (tests/cli_zygote.py) behave as the installed script does.

Every other CLI test trusts the zygote to stand for ``watchjournal`` as a user
starts it; these run the same commands both ways and compare everything a
user sees: exit status, stdout and stderr, what a command reads from stdin,
the environment and working folder it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli_zygote import fresh_start_needed
from tests.conftest import CliResult

Cli = Callable[..., CliResult]

SESSION = [
    ("add", "Ballerina", "--year", "2023", "--director", "Lee Chung-hyun"),
    ("add", "Ballerina", "--year", "2025", "--director", "Len Wiseman"),
    ("show", "Ballerina"),  # two films: a user error (1)
    ("review", "Ballerina (2023)", "--rating", "6.4", "--body-file", "-"),
    ("show", "Ballerina (2023)"),
    ("search", "wiseman"),
    ("no-such-command",),  # usage (2)
    ("--version",),
]


def _seen(result: CliResult, journal: Path) -> tuple[int, str, str]:
    return (
        result.returncode,
        result.stdout.replace(str(journal), "JOURNAL"),
        result.stderr.replace(str(journal), "JOURNAL"),
    )


def test_forked_commands_answer_as_the_installed_script(run_cli: Cli, tmp_path: Path) -> None:
    forked, fresh = tmp_path / "forked.sqlite", tmp_path / "fresh.sqlite"
    statuses = set()
    for args in SESSION:
        stdin = "Stylish, lean, a little hollow." if "--body-file" in args else None
        one = _seen(run_cli(*args, db=forked, stdin=stdin), forked)
        other = _seen(run_cli(*args, db=fresh, stdin=stdin, fresh=True), fresh)
        assert one == other, args
        statuses.add(one[0])
    assert statuses == {0, 1, 2}
    assert "Stylish, lean" in run_cli("show", "Ballerina (2023)", db=forked).stdout


def test_a_forked_command_gets_the_tests_environment_and_folder(
    run_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "from-the-environment.sqlite"
    monkeypatch.chdir(tmp_path)
    ok = run_cli("add", "Paterson", "--year", "2016", db=None, env={"WATCHJOURNAL_DB": chosen.name})
    assert ok.returncode == 0, ok.stderr
    assert chosen.exists()  # the relative name was found in the test's folder
    assert "Paterson" in run_cli("list", db=chosen).stdout


def test_an_environment_that_changes_how_python_starts_starts_afresh() -> None:
    started = {"PATH": "/usr/bin", "LANG": "C.UTF-8"}
    assert not fresh_start_needed({**started, "WATCHJOURNAL_DB": "x"}, started)
    assert fresh_start_needed({**started, "LANG": "de_DE.UTF-8"}, started)
    assert fresh_start_needed({**started, "PYTHONIOENCODING": "latin-1"}, started)
    assert fresh_start_needed({"PATH": "/usr/bin"}, started)  # LANG removed


def test_such_a_command_runs_as_a_new_interpreter(run_cli: Cli) -> None:
    # PYTHONVERBOSE acts only as Python starts: it reports the imports on stderr.
    result = run_cli("--version", db=None, env={"PYTHONVERBOSE": "1"})
    assert result.returncode == 0
    assert result.stdout.startswith("watchjournal ")
    assert "import " in result.stderr
    quiet = run_cli("--version", db=None)
    assert (quiet.stdout, quiet.stderr) == (result.stdout, "")
