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

The journal may be a PostgreSQL URL (``search_pg_bench --baseline``): a worker
then also answers the CPU time its connections' server backends spent on the
call (from ``/proc/PID/schedstat``, nanoseconds, when the server runs on this
machine and its processes can be read), a third figure.
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
from typing import Any


class Side:
    """One source tree's worker process."""

    def __init__(self, name: str, src: Path, journal: Path | str) -> None:
        self.name = name
        env = dict(os.environ, PYTHONPATH=str(src))
        self._process = subprocess.Popen(
            [sys.executable, __file__, str(journal)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )

    def ask(self, op: str, query: str) -> tuple[float, ...]:
        """(wall ms, CPU ms[, server CPU ms]) of ``op`` on ``query``; for "count",
        (films found, 0)."""
        assert self._process.stdin and self._process.stdout
        self._process.stdin.write(json.dumps([op, query]) + "\n")
        self._process.stdin.flush()
        return tuple(float(figure) for figure in self._process.stdout.readline().split())

    def close(self) -> None:
        assert self._process.stdin
        self._process.stdin.close()
        self._process.wait()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(before: Side, now: Side, name: str, queries: list[str]) -> tuple[str, ...]:
    """A table row per clock (wall clock, CPU time, and the server's CPU time when
    the workers measure it): each figure "before → now", queries interleaved."""
    sides = (before, now)
    for side in sides:  # warm the caches for this kind of query
        side.ask("ids", queries[0])
        side.ask("search", queries[0])
    times: dict[tuple[str, str], list[tuple[float, ...]]] = {
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

    clocks = min(len(t) for side_times in times.values() for t in side_times)
    return tuple(row(clock) for clock in range(clocks))


HEADER = (
    "| query type | example | ids median ms | ids p95 ms | films+snippets median ms"
    " | films+snippets p95 ms | matches |\n|---|---|---:|---:|---:|---:|---:|"
)


def _backend_ns(pids: set[int]) -> float | None:
    """CPU nanoseconds the server backends ``pids`` have run (None: not readable)."""
    total = 0.0
    try:
        for pid in pids:
            total += float(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except (OSError, IndexError, ValueError):
        return None
    return total


def _worker(journal: str) -> None:
    # Imported here: the tree being timed is on PYTHONPATH in the worker only.
    from sqlalchemy import event

    from watchjournal.journal import JournalService

    backends: set[int] = set()
    if "://" in journal:
        from watchjournal.storage.server import create_server_engine

        engine = create_server_engine(journal)

        @event.listens_for(engine, "connect")
        def _remember(connection: Any, _record: Any) -> None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backends.add(int(cursor.fetchone()[0]))

        service = JournalService(engine)
    else:
        from watchjournal.storage.engine import create_journal_engine

        service = JournalService(create_journal_engine(Path(journal)), Path(journal))
    calls = {"ids": service.search_film_ids, "search": service.search}
    for line in sys.stdin:
        op, query = json.loads(line)
        if op == "count":
            print(len(service.search_film_ids(query)), 0, flush=True)
            continue
        server = _backend_ns(backends)
        start, cpu = time.perf_counter(), time.process_time()
        calls[op](query, 50)
        wall_ms = (time.perf_counter() - start) * 1000
        figures = [wall_ms, (time.process_time() - cpu) * 1000]
        after = _backend_ns(backends)  # a connection opened by the call counts from 0
        if server is not None and after is not None and backends:
            figures.append((after - server) / 1e6)
        print(*figures, flush=True)
    service.close()


if __name__ == "__main__":
    _worker(sys.argv[1])
