"""How fast this machine is right now: a fixed pure-Python loop, for comparing runs.

The benchmarks' figures are ratios against a baseline measured in the same run;
absolute milliseconds (the search aims are in milliseconds) also depend on the
machine and on what else it is doing. Each benchmark prints this reference
first, so two runs' absolute figures can be compared: a run whose reference is
twice as long ran on a machine about twice as slow. Session 8's host took
620-670 ms, session 9's 290-450 ms.

    .venv/bin/python benchmarks/host_speed.py
"""

from __future__ import annotations

import os
import statistics
import time

ADDITIONS = 3_000_000


def reference_ms(runs: int = 5) -> float:
    """Median CPU time of ``ADDITIONS`` integer additions in a Python loop, in ms."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        total = 0
        for number in range(ADDITIONS):
            total += number
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def describe() -> str:
    """One line for a benchmark's header: the reference and the load average."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"host: reference loop {reference_ms():.0f} ms CPU"
        f" ({ADDITIONS:,} additions; benchmarks/host_speed.py), load average {load:.1f}"
    )


if __name__ == "__main__":
    print(describe())
