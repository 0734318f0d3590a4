"""Benchmark: what hostile imports cost before they are refused (time and peak memory).

Runs the real ``watchjournal import`` command on each case, in a child process
of a small wrapper that reports the child's peak resident memory
(``getrusage(RUSAGE_CHILDREN).ru_maxrss``), and prints a table:

- a 510 KB zip with one member of 500 MiB of zeros;
- a zip of 1,000 members of 0.5 MiB of zeros each (500 MiB in all);
- the one-member zip with its directory lying that the member holds 1,000 bytes;
- ``/dev/zero`` as a JSON file;
- a named pipe (FIFO) with no writer as the import path.

    .venv/bin/python benchmarks/hostile_input_bench.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

MIB = 1024 * 1024
# Runs the command given as JSON and prints its exit status and peak memory.
_WRAPPER = """
import json, resource, subprocess, sys
done = subprocess.run(json.loads(sys.argv[1]), capture_output=True, timeout=float(sys.argv[2]))
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps([done.returncode, peak, done.stderr.decode("utf-8", "replace")]))
"""


def zeros_zip(path: Path, members: int, member_bytes: int) -> Path:
    """A zip of ``members`` members of zeros, written in chunks (never whole in memory)."""
    chunk = bytes(min(member_bytes, MIB))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for number in range(members):
            name = "diary.csv" if members == 1 else f"lists/list-{number}.csv"
            with archive.open(name, "w", force_zip64=member_bytes > 2**31) as member:
                written = 0
                while written < member_bytes:
                    part = chunk[: member_bytes - written]
                    member.write(part)
                    written += len(part)
    return path


def lying_copy(source: Path, target: Path, claimed: int = 1000) -> Path:
    """``source`` (one member) with both headers claiming ``claimed`` bytes inflated."""
    data = bytearray(source.read_bytes())
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    data[local + 22 : local + 26] = claimed.to_bytes(4, "little")
    data[central + 24 : central + 28] = claimed.to_bytes(4, "little")
    target.write_bytes(bytes(data))
    return target


def measure(command: list[str], timeout: float = 60) -> tuple[float, float, int, str]:
    """Seconds, peak MiB, exit status and stderr of ``command`` run as a child."""
    started = time.perf_counter()
    wrapped = subprocess.run(
        [sys.executable, "-c", _WRAPPER, json.dumps(command), str(timeout)],
        capture_output=True,
        check=True,
        timeout=timeout + 10,
    )
    seconds = time.perf_counter() - started
    returncode, peak_kib, stderr = json.loads(wrapped.stdout)
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    peak_mib = peak_kib / (MIB if sys.platform == "darwin" else 1024)
    return seconds, peak_mib, returncode, stderr


def watchjournal(journal: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "watchjournal", "--db", str(journal), *args]


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        journal = folder / "journal.sqlite"
        one = zeros_zip(folder / "one-member.zip", 1, 500 * MIB)
        many = zeros_zip(folder / "many-members.zip", 1000, MIB // 2)
        liar = lying_copy(one, folder / "lying.zip")
        fifo = folder / "pipe.json"
        os.mkfifo(fifo)
        subprocess.run(watchjournal(journal, "list"), check=True, capture_output=True)
        _, baseline, _, _ = measure(watchjournal(journal, "list"))
        cases = [
            (f"zip, 1 member of 500 MiB ({one.stat().st_size // 1024} KB)", "letterboxd", one),
            (f"zip, 1,000 members, 500 MiB ({many.stat().st_size // 1024} KB)", "letterboxd", many),
            ("the same, its directory claiming 1,000 bytes", "letterboxd", liar),
            ("/dev/zero as JSON", "json", Path("/dev/zero")),
            ("a FIFO without a writer", "json", fifo),
        ]
        print(f"{'case':44} {'seconds':>8} {'peak MiB':>9}  message")
        print(f"{'(watchjournal list, for comparison)':44} {'':>8} {baseline:9.0f}")
        for label, kind, path in cases:
            seconds, peak, code, stderr = measure(watchjournal(journal, "import", kind, str(path)))
            message = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit {code}"
            print(f"{label:44} {seconds:8.2f} {peak:9.0f}  {message[:90]}")


if __name__ == "__main__":
    main()
