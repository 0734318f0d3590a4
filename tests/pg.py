"""A real PostgreSQL server for the tests, started by the suite itself.

The first test that needs it starts one server for the whole session: ``initdb``
and ``pg_ctl`` from the Debian ``postgresql`` package (or ``WATCHJOURNAL_PG_BIN``),
in a temporary folder, listening only on a Unix socket in that folder. PostgreSQL
refuses to run as root, so when the suite runs as root (CI) the server runs as
the ``postgres`` user (or ``nobody``). Each test gets a fresh, empty database
(``CREATE DATABASE ... TEMPLATE``, a file copy), dropped after the test; the server
is stopped at the end. Under pytest-xdist (scripts/run-tests runs the suite in
parallel) each worker process starts its own server in its own folder, so workers
share no socket, port (there is none: the socket only) or database.

Local connections of the superuser ``watchjournal`` are trusted; every other
role must give its password (so a test can see a refused password).

Without PostgreSQL binaries (or without psycopg), the PostgreSQL tests fail with
a clear message in CI (``CI`` or ``WATCHJOURNAL_REQUIRE_PG`` set, as
scripts/run-tests does) and are skipped only on a developer machine.
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SUPERUSER = "watchjournal"
TEMPLATE = "watchjournal_template"
# An empty journal, made once per server by the migrations (``create_journal_database``).
JOURNAL_TEMPLATE = "watchjournal_journal_template"
BIN_VARIABLE = "WATCHJOURNAL_PG_BIN"
REQUIRE_VARIABLES = ("CI", "WATCHJOURNAL_REQUIRE_PG")
START_TIMEOUT_S = 60


def find_bin_dir() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: the variable, Debian's newest, or PATH."""
    if chosen := os.environ.get(BIN_VARIABLE):
        return Path(chosen)
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(re.sub(r"\D", "", p.parent.parent.name) or 0),
    )
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _unprivileged_user() -> pwd.struct_passwd | None:
    """Who runs the server when we are root (PostgreSQL refuses root); None: ourselves."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root, and there is no 'postgres' or 'nobody' user to run as")


def _reachable_temp_dir(user: pwd.struct_passwd | None) -> Path:
    """A temporary folder the server's user can reach: not pytest's (its folders are
    private to us), and not /tmp when /tmp is closed to others (it has been seen 0700)."""
    candidates = [Path(tempfile.gettempdir()), Path("/var/tmp"), Path("/dev/shm"), Path("/run")]
    if user is None:
        return candidates[0]
    for candidate in candidates:
        folders = [candidate, *candidate.parents]
        if candidate.is_dir() and all(f.stat().st_mode & 0o001 for f in folders):
            return candidate
    raise RuntimeError("no temporary folder the PostgreSQL server's user can reach")


def _required() -> bool:
    return any(os.environ.get(name) for name in REQUIRE_VARIABLES)


@dataclass
class PostgresServer:
    """A running server on a Unix socket in ``folder``."""

    bin_dir: Path
    folder: Path
    user: pwd.struct_passwd | None
    journal_template_made: bool = False

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def socket_dir(self) -> Path:
        return self.folder

    def url(self, database: str, user: str = SUPERUSER, password: str | None = None) -> str:
        """The URL WatchJournal opens (``--db``), through the socket."""
        credentials = user if password is None else f"{user}:{password}"
        return f"postgresql://{credentials}@/{database}?host={self.socket_dir}"

    def _run(self, *command: str) -> None:
        options: dict[str, Any] = {}
        if self.user is not None:
            options = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        completed = subprocess.run(
            [str(self.bin_dir / command[0]), *command[1:]],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_S,
            check=False,
            env={**os.environ, "LC_ALL": "C.UTF-8", "TZ": "UTC"},
            **options,
        )
        if completed.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed ({completed.returncode}):"
                f" {completed.stderr.strip()}\n{tail}"
            )

    def start(self) -> None:
        self._run(
            "initdb",
            "--pgdata",
            str(self.data_dir),
            "--username",
            SUPERUSER,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--no-sync",
        )
        # The superuser is trusted on the socket; any other role must give its password.
        (self.data_dir / "pg_hba.conf").write_text(
            f"local all {SUPERUSER} trust\nlocal all all scram-sha-256\n", encoding="utf-8"
        )
        if self.user is not None:
            os.chown(self.data_dir / "pg_hba.conf", self.user.pw_uid, self.user.pw_gid)
        self.resume()
        self.admin(f"CREATE DATABASE {TEMPLATE}")

    def resume(self) -> None:
        """Start the server on its data folder (again, after ``pause``)."""
        options = (
            f"-k {self.socket_dir} -c listen_addresses='' -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            "pg_ctl", "-D", str(self.data_dir), "-l", "server.log", "-o", options, "-w", "start"
        )

    def pause(self) -> None:
        """Stop the server as if it went away (its data kept): ``resume`` brings it back."""
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")

    def admin(self, sql: str) -> None:
        """Run ``sql`` as the superuser, outside a transaction (CREATE DATABASE needs that)."""
        # Lazy: psycopg is an optional extra; without it the fixture skips or fails first.
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir), user=SUPERUSER, dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(sql)  # type: ignore[arg-type]  # our own fixed SQL

    def create_database(self, name: str) -> str:
        """A fresh, empty database; its URL."""
        self.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def create_journal_database(self, name: str) -> str:
        """A database holding an empty journal; its URL.

        The journal is a file copy of one the migrations made in this server once
        (opened by the app as a new user's would be), not migrated again for each
        test: tests of the migrations themselves take ``create_database``.
        """
        if not self.journal_template_made:
            # Lazy: the app's storage layer needs psycopg, an optional extra.
            from watchjournal.storage.journal_file import HEAD_REVISION
            from watchjournal.storage.server import open_server_journal

            url = self.create_database(JOURNAL_TEMPLATE)
            open_server_journal(url, HEAD_REVISION).engine.dispose()  # (no session left)
            self.journal_template_made = True
        self.admin(f"CREATE DATABASE {name} TEMPLATE {JOURNAL_TEMPLATE}")
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Remove a test's database once the test is over, its connections closed by force.

        Best effort: when the server is down (a test stopped it and failed), the
        database stays until the session removes the whole folder.
        """
        import psycopg

        with contextlib.suppress(psycopg.OperationalError):
            self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _missing_reason() -> str | None:
    if importlib.util.find_spec("psycopg") is None:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    bin_dir = find_bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        return (
            "no PostgreSQL server binaries (initdb, pg_ctl) were found: install the"
            f" 'postgresql' package or set {BIN_VARIABLE}"
        )
    return None


def _unavailable(reason: str) -> None:
    if _required():
        pytest.fail(f"the PostgreSQL tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the session (started by the first test that asks)."""
    if (reason := _missing_reason()) is not None:
        _unavailable(reason)
    bin_dir = find_bin_dir()
    assert bin_dir is not None
    user = _unprivileged_user()
    # Under pytest-xdist every worker is its own session: its own server and folder.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    folder = Path(
        tempfile.mkdtemp(prefix=f"watchjournal-pg-{worker}-", dir=_reachable_temp_dir(user))
    )
    if user is not None:
        os.chown(folder, user.pw_uid, user.pw_gid)
    server = PostgresServer(bin_dir, folder, user)
    try:
        server.start()
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


_numbers = itertools.count(1)


def _fresh_database(server: PostgresServer, *, journal: bool) -> Iterator[str]:
    """A database for one test (holding an empty journal, or empty), dropped after it.

    Dropped at once rather than with the server at the end: a database is some
    megabytes, and hundreds of them made the session's last teardown (removing the
    server's folder) take 20 s.
    """
    name = f"journal_{os.getpid()}_{next(_numbers)}"
    yield server.create_journal_database(name) if journal else server.create_database(name)
    server.drop_database(name)


@pytest.fixture
def pg_journal_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a fresh database holding an empty journal (``create_journal_database``)."""
    yield from _fresh_database(postgres_server, journal=True)


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database for this test (dropped after it)."""
    yield from _fresh_database(postgres_server, journal=False)


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Which database the journal lives in: ``"sqlite"`` or ``"postgresql"``."""
    return str(request.param)


@pytest.fixture
def journal_db(backend: str, journal_path: Path, request: pytest.FixtureRequest) -> str:
    """What ``--db`` names for this backend: the SQLite file, or the URL of a fresh
    database holding an empty journal. Either is made from a template the
    migrations made once (tests/journal_template.py, ``create_journal_database``)."""
    if backend == "sqlite":
        request.getfixturevalue("journal_template")  # made once, copied (tests/journal_template.py)
        return str(journal_path)
    return str(request.getfixturevalue("pg_journal_url"))
