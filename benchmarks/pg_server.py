"""A PostgreSQL server for the benchmarks, on loopback TCP, optionally kept between runs.

As the test suite does (``tests/pg.py``: initdb/pg_ctl from the ``postgresql``
package, run as ``postgres`` or ``nobody`` when we are root), but listening on
127.0.0.1 (the issue's "PostgreSQL on loopback": every query pays a TCP round
trip, as a shared journal on another machine would, only shorter) with the
server's default settings apart from durability (``fsync`` off, as in the tests).

``folder`` None: a temporary folder, removed by ``stop``. A folder given (for
example ``/work/bench-pgs/search``) is kept: the next run starts the server on
the same data, so a 100,000-film journal is built once (``has_database``).
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.pg
from tests.pg import (
    SUPERUSER,
    TEMPLATE,
    PostgresServer,
    _reachable_temp_dir,
    _unprivileged_user,
    find_bin_dir,
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LoopbackServer(PostgresServer):
    """A ``tests.pg`` server that also listens on a loopback TCP port."""

    port: int = 0
    keep: bool = False

    def url(self, database: str, user: str = SUPERUSER, password: str | None = None) -> str:
        credentials = user if password is None else f"{user}:{password}"
        return f"postgresql://{credentials}@127.0.0.1:{self.port}/{database}"

    def resume(self) -> None:
        self.port = _free_port()
        options = (
            f"-k {self.socket_dir} -c listen_addresses=127.0.0.1 -p {self.port}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl", "-D", str(self.data_dir), "-l", "server.log", "-o", options, "-w", "start"
        )

    def start(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            self.resume()  # kept from an earlier run
            return
        self._run(
            "initdb",
            *("--pgdata", str(self.data_dir), "--username", SUPERUSER, "--auth", "trust"),
            *("--encoding", "UTF8", "--no-sync"),
        )
        # Only the benchmark's superuser, trusted on the socket and on loopback.
        (self.data_dir / "pg_hba.conf").write_text(
            f"local all {SUPERUSER} trust\nhost all {SUPERUSER} 127.0.0.1/32 trust\n",
            encoding="utf-8",
        )
        if self.user is not None:
            os.chown(self.data_dir / "pg_hba.conf", self.user.pw_uid, self.user.pw_gid)
        self.resume()
        self.admin(f"CREATE DATABASE {TEMPLATE}")

    def _connect(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        )

    def admin(self, sql: str) -> None:
        with self._connect() as connection:
            connection.execute(sql)  # type: ignore[arg-type]  # our own fixed SQL

    def has_database(self, name: str) -> bool:
        with self._connect() as connection:
            found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            return found.fetchone() is not None

    def stop(self) -> None:
        """Stop the server; a temporary folder goes with it, a kept one stays."""
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")
        if not self.keep:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_server(folder: Path | None = None) -> LoopbackServer:
    """A running loopback server: in ``folder`` (kept, reused) or a temporary folder."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise SystemExit("no PostgreSQL server binaries (initdb, pg_ctl): install 'postgresql'")
    user = _unprivileged_user()
    keep = folder is not None
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="watchjournal-bench-", dir=_reachable_temp_dir(user)))
    folder.mkdir(parents=True, exist_ok=True)
    if user is not None:
        os.chown(folder, user.pw_uid, user.pw_gid)
    server = LoopbackServer(bin_dir, folder.resolve(), user)
    server.keep = keep
    server.start()
    return server
