"""Another program holding a journal: a real second process, not a mock.

``hold_journal(path, *statements)`` starts a Python process that opens the
journal with plain ``sqlite3``, runs the statements (each committed unless it
opens a transaction), says "held" and keeps its connection (and its locks)
until the ``with`` block ends; then it rolls back whatever is still open and
exits, so SQLite checkpoints its WAL into the file as the last connection.
"""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=5)
for statement in sys.argv[2:]:
    connection.execute(statement)
print("held", flush=True)
sys.stdin.readline()
if connection.in_transaction:
    connection.execute("ROLLBACK")
connection.close()
"""

# A row another program committed: it stays in that program's -wal until it closes.
OTHER_PROGRAMS_ROW = (
    "CREATE TABLE IF NOT EXISTS other_program (note TEXT)",
    "INSERT INTO other_program VALUES ('committed by another program')",
)
# The other program is in the middle of a write: readers may go on, writers wait.
WRITING = "BEGIN IMMEDIATE"
# The other program keeps everyone out, readers too (WAL with exclusive locking).
EXCLUSIVE = ("PRAGMA locking_mode = EXCLUSIVE", "BEGIN EXCLUSIVE")


@contextmanager
def hold_journal(path: Path, *statements: str) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), *statements],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdin is not None
    try:
        line = process.stdout.readline()
        if line != "held\n":
            process.wait(timeout=30)
            raise AssertionError(f"the lock holder failed: {line}{_read(process.stderr)}")
        yield process
    finally:
        with contextlib.suppress(BrokenPipeError):
            process.stdin.write("\n")
            process.stdin.close()
        process.wait(timeout=30)
        errors = _read(process.stderr)
        process.stdout.close()
    assert process.returncode == 0, errors


def _read(stream: IO[str] | None) -> str:
    if stream is None or stream.closed:
        return ""
    text = stream.read()
    stream.close()
    return text


def other_programs_rows(path: Path) -> list[str]:
    """The rows the other program committed (read after it has exited)."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in connection.execute("SELECT note FROM other_program")]
    finally:
        connection.close()
