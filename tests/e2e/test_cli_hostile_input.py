"""Hostile input to the real ``watchjournal`` process (issue 12): a zip bomb is refused in
bounded memory, ``/dev/zero`` and a FIFO are refused at once, a 1 MB title and a huge number
give short, clear errors, and user text with bidi controls cannot reorder a printed line.

Each run has a timeout, so a hang fails the test instead of blocking the suite; no
assertion is about time (the figures are in benchmarks/hostile_input_bench.py)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import CliResult, run_watchjournal, watchjournal_command
from tests.e2e.test_cli import dump, ok

MIB = 1024 * 1024
PEAK_LIMIT_MIB = 200
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, /dev/zero, getrusage")

# Runs the command given as JSON; prints its exit status, peak memory and stderr.
_WRAPPER = """
import json, resource, subprocess, sys
done = subprocess.run(json.loads(sys.argv[1]), capture_output=True, timeout=20)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps([done.returncode, peak, done.stderr.decode("utf-8", "replace")]))
"""


def _cli(journal: Path, *args: str, timeout: float = 20) -> CliResult:
    # The timeout: a FIFO that hangs the open fails here instead of blocking.
    return run_watchjournal("--db", str(journal), *args, timeout=timeout)


def _peak_run(journal: Path, *args: str) -> tuple[int, float, str]:
    """Exit status, peak resident MiB and stderr of the command, in a fresh wrapper
    process (so RUSAGE_CHILDREN holds this command only, not earlier tests' children)."""
    command = [*watchjournal_command(), "--db", str(journal), *args]
    wrapped = subprocess.run(
        [sys.executable, "-c", _WRAPPER, json.dumps(command)],
        capture_output=True,
        timeout=40,
        check=True,
    )
    code, peak, stderr = json.loads(wrapped.stdout)
    return code, peak / (MIB if sys.platform == "darwin" else 1024), stderr


def _zeros_zip(path: Path, members: int, member_bytes: int) -> Path:
    chunk = bytes(min(member_bytes, MIB))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for number in range(members):
            name = "diary.csv" if members == 1 else f"lists/list-{number}.csv"
            with archive.open(name, "w") as member:
                for start in range(0, member_bytes, len(chunk)):
                    member.write(chunk[: member_bytes - start])
    return path


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.sqlite"
    ok(_cli(path, "add", "Alien", "--year", "1979"))
    return path


@pytest.mark.parametrize(
    ("members", "member_bytes", "message"),
    [
        (1, 500 * MIB, 'member "diary.csv" unpacks to more than 256 MiB'),
        (1000, MIB // 2, "it unpacks to more than 384 MiB"),
    ],
    ids=["one member of 500 MiB", "1,000 members, 500 MiB in all"],
)
def test_a_zip_bomb_is_refused_in_bounded_memory(
    journal: Path, tmp_path: Path, members: int, member_bytes: int, message: str
) -> None:
    bomb = _zeros_zip(tmp_path / "bomb.zip", members, member_bytes)
    assert bomb.stat().st_size < 700 * 1024  # about 510 KB that inflate to 500 MiB
    before = dump(journal)
    code, peak_mib, stderr = _peak_run(journal, "import", "letterboxd", str(bomb))
    assert code == 1 and message in stderr, stderr
    assert peak_mib < PEAK_LIMIT_MIB, f"peak {peak_mib:.0f} MiB"
    assert dump(journal) == before


def test_dev_zero_is_refused_at_once(journal: Path) -> None:
    code, peak_mib, stderr = _peak_run(journal, "import", "json", "/dev/zero")
    assert code == 1
    assert "/dev/zero is a device, not a file; only regular files can be imported" in stderr
    assert peak_mib < PEAK_LIMIT_MIB


@pytest.mark.parametrize("inside_a_folder", [False, True], ids=["the path", "in a folder"])
def test_a_fifo_is_refused_at_once(journal: Path, tmp_path: Path, inside_a_folder: bool) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "watched.csv").write_text("Date,Name,Year,Letterboxd URI\n2024-01-01,X,2001,u\n")
    fifo = folder / "diary.csv"
    os.mkfifo(fifo)
    target = folder if inside_a_folder else fifo
    before = dump(journal)
    result = _cli(journal, "import", "letterboxd", str(target))  # 20 s timeout: no hang
    assert result.returncode == 1
    assert "diary.csv is a named pipe (FIFO), not a file" in result.stderr
    assert dump(journal) == before


def test_a_1_mb_title_is_refused_with_a_short_message(journal: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    ok(_cli(journal, "export", "json", str(export)))
    doc = json.loads(export.read_text())
    doc["films"][0]["title"] = "A" * 1_000_000
    export.write_text(json.dumps(doc))
    result = _cli(journal, "import", "json", str(export))
    assert result.returncode == 1
    assert "the title is longer than 500 characters" in result.stderr
    assert max(len(line) for line in result.stderr.splitlines()) < 300


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "X", "--year", "9" * 5000), "is too large (more than 18 digits)"),
        (("add", "X", "--year", str(10**30)), "is too large (more than 18 digits)"),
        (("add", "X", "--runtime", "9" * 5000), "is too large (more than 18 digits)"),
        (("add", "X", "--year", "99999"), "year 99999 is out of range"),
        (("search", "year:" + "9" * 1900), "is not a number"),
    ],
    ids=["year of 5,000 digits", "year 10**30", "runtime of 5,000 digits", "year 99999", "search"],
)
def test_a_huge_number_is_a_clear_error(journal: Path, args: tuple[str, ...], message: str) -> None:
    result = _cli(journal, *args)
    assert result.returncode == 1, result.stderr
    assert message in result.stderr and "unexpected" not in result.stderr
    assert max(len(line) for line in result.stderr.splitlines()) < 400


def test_a_json_number_of_5000_digits_names_its_line(journal: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    ok(_cli(journal, "export", "json", str(export)))
    text = export.read_text().replace('"year": 1979', '"year": ' + "9" * 5000)
    export.write_text(text)
    line = text.splitlines().index(next(x for x in text.splitlines() if "9" * 5000 in x)) + 1
    result = _cli(journal, "import", "json", str(export))
    assert result.returncode == 1 and "unexpected" not in result.stderr
    assert f"export.json, line {line}: holds a number thousands of digits long" in result.stderr


def test_bidi_controls_are_refused_and_never_printed_raw(journal: Path) -> None:
    refused = _cli(journal, "add", "Alien\u202e7991")
    assert refused.returncode == 1
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in refused.stderr
    assert "\u202e" not in refused.stderr  # the quoted title shows it written out
    # A title stored before the rule (an older journal) is printed with it written out.
    with sqlite3.connect(journal) as connection:
        connection.execute("UPDATE films SET title = ? WHERE title = 'Alien'", ("Alien\u202e\x9b",))
    connection.close()
    listing = ok(_cli(journal, "list"))
    assert "Alien\\u202e\\x9b" in listing.stdout
    assert "\u202e" not in listing.stdout and "\x9b" not in listing.stdout
    exact = json.loads(ok(_cli(journal, "list", "--json")).stdout)
    assert exact[0]["title"] == "Alien\u202e\x9b"  # --json stays exact
