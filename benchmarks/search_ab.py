"""Timing the same queries on two source trees in one run: ``search_bench --baseline SRC``.

On a shared, loaded machine two runs minutes apart are not comparable. Here each
tree runs in its own process (``python search_ab.py JOURNAL`` with that tree on
``PYTHONPATH``), both open the same journal, and the driver sends every query to
one and then the other (taking turns at going first), so both see the same load. A worker times
``JournalService.search_film_ids(query, 50)`` ("ids") and ``search(query, 50)``
("search") itself and answers with milliseconds of wall-clock time and of the
process's CPU time; "count" answers how many films the query finds (to check
both trees find the same). A search is CPU-bound once the journal is in the
page cache, so its CPU time is about what the wall clock shows on an idle
machine, and is far steadier than the wall clock when other work shares the CPUs.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


class Side:
    """One source tree's worker process."""

    def __init__(self, name: str, src: Path, journal: Path) -> None:
        self.name = name
        env = dict(os.environ, PYTHONPATH=str(src))
        self._process = subprocess.Popen(
            [sys.executable, __file__, str(journal)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )

    def ask(self, op: str, query: str) -> tuple[float, float]:
        """(wall ms, CPU ms) of ``op`` on ``query``; for "count", (films found, 0)."""
        assert self._process.stdin and self._process.stdout
        self._process.stdin.write(json.dumps([op, query]) + "\n")
        self._process.stdin.flush()
        wall, cpu = self._process.stdout.readline().split()
        return float(wall), float(cpu)

    def close(self) -> None:
        assert self._process.stdin
        self._process.stdin.close()
        self._process.wait()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(before: Side, now: Side, name: str, queries: list[str]) -> tuple[str, str]:
    """Two table rows (wall clock, CPU time): each figure "before → now", queries
    interleaved."""
    sides = (before, now)
    for side in sides:  # warm the caches for this kind of query
        side.ask("ids", queries[0])
        side.ask("search", queries[0])
    times: dict[tuple[str, str], list[tuple[float, float]]] = {
        (side.name, op): [] for side in sides for op in ("ids", "search")
    }
    for number, query in enumerate(queries):
        # Who goes first alternates: the second to run a query finds the machine's
        # caches warmer (the operating system's and the CPU's), which would favour it.
        order = sides if number % 2 == 0 else sides[::-1]
        for op in ("ids", "search"):
            for side in order:
                times[side.name, op].append(side.ask(op, query))
    counts = [[side.ask("count", query)[0] for side in sides] for query in queries]
    assert all(a == b for a, b in counts), f"the trees find different films for {name}"
    matches = statistics.median(count for count, _ in counts)

    def row(clock: int) -> str:
        def pair(op: str, figure: Callable[[list[float]], float]) -> str:
            first, second = (figure([t[clock] for t in times[side.name, op]]) for side in sides)
            return f"{first:.1f} → {second:.1f}"

        return (
            f"| {name} | `{queries[0]}` | {pair('ids', statistics.median)}"
            f" | {pair('ids', p95)} | {pair('search', statistics.median)}"
            f" | {pair('search', p95)} | {matches:,.0f} |"
        )

    return row(0), row(1)


HEADER = (
    "| query type | example | ids median ms | ids p95 ms | films+snippets median ms"
    " | films+snippets p95 ms | matches |\n|---|---|---:|---:|---:|---:|---:|"
)


def _worker(journal: Path) -> None:
    from watchjournal.journal import JournalService
    from watchjournal.storage.engine import create_journal_engine

    service = JournalService(create_journal_engine(journal), journal)
    calls = {"ids": service.search_film_ids, "search": service.search}
    for line in sys.stdin:
        op, query = json.loads(line)
        if op == "count":
            print(len(service.search_film_ids(query)), 0, flush=True)
            continue
        start, cpu = time.perf_counter(), time.process_time()
        calls[op](query, 50)
        wall_ms = (time.perf_counter() - start) * 1000
        print(wall_ms, (time.process_time() - cpu) * 1000, flush=True)
    service.close()


if __name__ == "__main__":
    _worker(Path(sys.argv[1]))
