"""A write that meets an import on a journal server waits for it saying so, as on a file.

Two real processes on one PostgreSQL journal: an "import" holds its write
transaction (and the import's advisory lock, ``journal.changes.IMPORT_LOCK_KEY``)
until the test lets it go. A CLI write meanwhile says it waits for the import,
then succeeds when the import commits; a write that does not wait (the GUI's,
which tries again with its own feedback) is refused at once with
ImportRunningError, not after a lock timeout. A writer that is not an import
is simply waited for, without that message.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import watchjournal_command
from watchjournal.cli.context import IMPORT_WAIT_MESSAGE
from watchjournal.errors import ImportRunningError
from watchjournal.journal import FilmFields, JournalService
from watchjournal.paths import AppPaths

pytestmark = pytest.mark.postgres

TIMEOUT_S = 60

# A writer holding the journal's write lock until the file ``release`` appears.
HOLD_WRITE = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from watchjournal.journal import FilmFields, JournalService
    url, folder, importing = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "import"
    service = JournalService.open(url, folder / "backups")
    with service._writing(importing=importing) as session:
        (folder / "holding").touch()
        deadline = time.monotonic() + 60
        while not (folder / "release").exists():
            assert time.monotonic() < deadline, "never released"
            time.sleep(0.02)
    service.add_film(FilmFields("Imported"))
    service.close()
    """
)


def _wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def _hold(pg_url: str, folder: Path, kind: str) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE, pg_url, str(folder), kind],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    _wait_for(lambda: (folder / "holding").exists() or holder.poll() is not None, "no hold")
    assert holder.poll() is None, holder.communicate()[1]
    return holder


@pytest.mark.parametrize("kind", ["import", "write"])
def test_a_cli_write_waits_for_the_import_saying_so(
    pg_url: str, app_dirs: AppPaths, tmp_path: Path, kind: str
) -> None:
    JournalService.open(pg_url, app_dirs.backup_dir).close()  # the journal exists first
    holder = _hold(pg_url, tmp_path, kind)
    err_path = tmp_path / "cli.err"
    with err_path.open("w", encoding="utf-8") as err:
        adding = subprocess.Popen(
            [*watchjournal_command(), "--db", pg_url, "add", "Written meanwhile"],
            stdout=subprocess.DEVNULL,
            stderr=err,
            text=True,
        )
        try:
            if kind == "import":
                _wait_for(
                    lambda: IMPORT_WAIT_MESSAGE in err_path.read_text(encoding="utf-8"),
                    "the CLI never said it waits for the import",
                )
            assert adding.poll() is None  # waiting, not failed
            (tmp_path / "release").touch()
            assert adding.wait(TIMEOUT_S) == 0, err_path.read_text(encoding="utf-8")
        finally:
            (tmp_path / "release").touch()
            holder.communicate(timeout=TIMEOUT_S)
    assert holder.returncode == 0
    said = err_path.read_text(encoding="utf-8")
    assert (IMPORT_WAIT_MESSAGE in said) == (kind == "import")
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        assert {f.title for f in service.list_films()} == {"Written meanwhile", "Imported"}
    finally:
        service.close()


def test_a_write_that_does_not_wait_is_refused_at_once_during_an_import(
    pg_url: str, app_dirs: AppPaths, tmp_path: Path
) -> None:
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    holder = _hold(pg_url, tmp_path, "import")
    try:
        started = time.monotonic()
        with pytest.raises(ImportRunningError, match="an import is running"):
            service.add_film(FilmFields("Refused"))
        assert time.monotonic() - started < 5  # at once, not after a lock timeout
    finally:
        (tmp_path / "release").touch()
        holder.communicate(timeout=TIMEOUT_S)
    try:
        service.add_film(FilmFields("After the import"))
        assert {f.title for f in service.list_films()} == {"Imported", "After the import"}
    finally:
        service.close()
