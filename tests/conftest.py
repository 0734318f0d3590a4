"""Shared fixtures: every app path in a temp dir, a journal service, the CLI as a process,
and a guard that fails any test trying to reach a non-loopback address."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests import cli_zygote
from tests.cli_zygote import fresh_start_needed
from watchjournal.journal import JournalService
from watchjournal.paths import AppPaths, resolve_paths

# The PostgreSQL server and the sqlite/postgresql ``backend`` fixtures.
pytest_plugins = ["tests.pg", "tests.journal_template"]

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def _is_loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host in {"localhost", ""}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a hostname: it would need DNS, which is the internet


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test at once if anything connects outside 127.0.0.0/8 or ::1."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    def guarded_ex(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_ex)


@pytest.fixture(autouse=True)
def app_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    """Point the user data, config and cache dirs (XDG) into the test's temp dir."""
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = tmp_path / "home" / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(folder))
    monkeypatch.delenv("WATCHJOURNAL_DB", raising=False)
    return resolve_paths()


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.sqlite"


@pytest.fixture
def service(
    journal_path: Path, app_dirs: AppPaths, journal_template: None
) -> Iterator[JournalService]:
    svc = JournalService.open(journal_path, app_dirs.backup_dir)
    yield svc
    svc.close()


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def watchjournal_command() -> list[str]:
    """The installed console script, as a user runs it."""
    script = Path(sys.executable).with_name("watchjournal")
    if script.exists():
        return [str(script)]
    found = shutil.which("watchjournal")
    return [found] if found else [sys.executable, "-m", "watchjournal"]


def run_watchjournal(
    *args: str,
    stdin: str | bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
    fresh: bool = False,
) -> CliResult:
    """Run ``watchjournal ARGS...`` as a real process, in this environment and folder
    (``env`` added): forked from this worker's zygote (tests/cli_zygote.py: the same
    command, without the interpreter's start-up), or with ``fresh`` (or an
    environment that changes how Python starts) as a new process of the installed
    script. A command still running after ``timeout`` s is killed
    (``subprocess.TimeoutExpired``)."""
    data = stdin.encode() if isinstance(stdin, str) else (stdin or b"")
    environment = {**os.environ, **(env or {})}
    zygote = cli_zygote.shared(watchjournal_command())
    if fresh or zygote is None or fresh_start_needed(environment, zygote.env):
        completed = subprocess.run(
            [*watchjournal_command(), *args],
            input=data,
            capture_output=True,
            env=environment,
            timeout=timeout,
            check=False,
        )
        status, out, err = completed.returncode, completed.stdout, completed.stderr
    else:
        status, out, err = zygote.run(list(args), environment, data, timeout=timeout)
    return CliResult(status, out.decode("utf-8"), err.decode("utf-8"))


@pytest.fixture
def run_cli(journal_path: Path) -> Callable[..., CliResult]:
    """Run ``watchjournal --db JOURNAL ARGS...`` as a real process (``run_watchjournal``)."""

    def run(
        *args: str,
        db: Path | None = journal_path,
        stdin: str | bytes | None = None,
        env: dict[str, str] | None = None,
        fresh: bool = False,
    ) -> CliResult:
        arguments = [] if db is None else ["--db", str(db)]
        return run_watchjournal(*arguments, *args, stdin=stdin, env=env, fresh=fresh)

    return run


@pytest.fixture
def make_window(qtbot: Any, service: JournalService, app_dirs: AppPaths) -> Callable[[], Any]:
    """Build the real main window over the test journal (after the test filled it)."""

    def make() -> Any:
        from watchjournal.metadata.cache import PosterCache
        from watchjournal.ui.app import ui_settings
        from watchjournal.ui.window.main_window import MainWindow

        cache = PosterCache(app_dirs.cache_dir)
        window = MainWindow(service, ui_settings(app_dirs), cache, "journal", app_dirs.config_file)
        qtbot.addWidget(window)
        with qtbot.waitExposed(window):
            window.show()
        with qtbot.waitActive(window):
            window.activateWindow()
        return window

    return make
