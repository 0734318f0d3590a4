"""Real read-only places for tests: a small tmpfs of our own (remountable read-only) and
``chattr +i`` (root ignores permission bits, so a read-only folder needs the attribute).

Both need root (CI runs as root); a test that cannot have them is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def tmpfs(mount: Path, size: str = "8m") -> Iterator[Callable[[], None]]:
    """Mount a tmpfs at ``mount``; yields a function that remounts it read-only."""
    mount.mkdir(parents=True, exist_ok=True)
    if os.name != "posix" or shutil.which("mount") is None:
        pytest.skip("needs mount(8)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.decode().strip()}")

    def make_read_only() -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)

    try:
        yield make_read_only
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@contextmanager
def immutable_paths() -> Iterator[Callable[[Path], None]]:
    """Yields a function that makes a path immutable (``chattr +i``) until the block ends."""
    if shutil.which("chattr") is None:
        pytest.skip("needs chattr(1)")
    made: list[Path] = []

    def make(path: Path) -> None:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"chattr +i is not possible here: {done.stderr.decode().strip()}")
        made.append(path)

    try:
        yield make
    finally:
        for path in made:
            subprocess.run(["chattr", "-i", str(path)], check=False)


def dump(path: Path) -> list[str]:
    """The journal's contents, read without creating -wal/-shm files next to it."""
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    connection = sqlite3.connect(f"{path.as_uri()}?{mode}", uri=True)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())
