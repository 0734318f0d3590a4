"""Start-up benchmark: process start to a window showing the first rows of its list.

Compares ``watchjournal --db JOURNAL`` (the real entry point) on generated
journals of 0, 10,000 and 100,000 films against the floor of this stack: a bare
PySide6 window in a process that has imported ``sqlalchemy.orm`` (issue 17's
floor; a lighter line imports only ``sqlalchemy``). For the app it records:

- first rows: the first paint of a list showing rows (the window's first paint
  for an empty journal, which has none);
- ready: the first paint of the built ``MainWindow`` (everything imported and
  connected: the app answers clicks and keys);
- memory: the process's resident set (VmRSS) when ready, and its peak (ru_maxrss).

Each figure is the median of several runs; rounds interleave the floor and
every size, and ratios are against the floor measured in the same run.

    .venv/bin/python benchmarks/startup_bench.py [--runs 5] [--sizes 0,10000,100000]
        [--baseline SRC] [--pg-sizes 100000 [--pg-dir /work/bench-pgs/startup]]

``--pg-sizes 100000`` also starts the app on the journal of that size copied to a
PostgreSQL server on loopback (``pg_server``; ``--pg-dir DIR`` keeps the server's
data, and the copy, for the next run): ``--db postgresql://...``, the same driver.

``--baseline SRC`` also starts the app from another source tree (e.g. a worktree
of an earlier commit: ``git worktree add /tmp/before main``, SRC ``/tmp/before/src``)
in the same rounds, so a change is measured against its baseline in one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate_journal
from pg_server import LoopbackServer, start_server

# The floor's driver prints the wall-clock time of the first paint of its window.
FIRST_PAINT = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    done = False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow) and not self.done:
            self.done = True
            print(time.time(), flush=True)
            QApplication.instance().closeAllWindows()
        return False
"""
FLOOR_SQLALCHEMY = (
    FIRST_PAINT
    + """
import sqlalchemy
from PySide6.QtWidgets import QLabel
app = QApplication(sys.argv[:1])
spy = FirstPaint(); app.installEventFilter(spy)
window = QMainWindow(); window.setCentralWidget(QLabel("floor")); window.resize(1200, 760)
window.show()
app.exec()
"""
)
# Issue 17's floor: the same bare window with SQLAlchemy's ORM imported.
FLOOR = FLOOR_SQLALCHEMY.replace(
    "import sqlalchemy\n", "import sqlalchemy\nimport sqlalchemy.orm\n"
)
# The app's driver prints one line: first rows, ready (wall clock), VmRSS and peak RSS (kB)
# when ready, and whether SQLAlchemy was imported when the first rows were painted.
APP = """
import resource, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow

def rss_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

class Spy(QObject):
    # The first paint of a list with rows (or of the window, for an empty journal), then
    # the first paint of the built MainWindow; then close normally, so that the journal
    # records a clean close as it would for a user.
    rows = ready = None
    orm_at_rows = False

    def eventFilter(self, watched, event):
        if event.type() != QEvent.Type.Paint:
            return False
        now = time.time()
        view = watched.parent()
        if self.rows is None and (
            (isinstance(view, QAbstractItemView) and view.model() is not None
             and view.model().rowCount() and view.isVisible())
            or (EMPTY and isinstance(watched, QMainWindow))
        ):
            self.rows = now
            self.orm_at_rows = "sqlalchemy" in sys.modules
        if self.ready is None and type(watched).__name__ == "MainWindow":
            self.ready = now
            self.rss = rss_kb()
            QTimer.singleShot(0, QApplication.instance().closeAllWindows)
        return False

EMPTY = sys.argv[2] == "0"
from watchjournal.ui.app import make_application
app = make_application()
spy = Spy(); app.installEventFilter(spy)
from watchjournal.cli.main import main
main(["--db", sys.argv[1]])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(spy.rows or spy.ready, spy.ready, spy.rss, peak, int(spy.orm_at_rows), flush=True)
"""


def _report(script: str, *args: str, env: dict[str, str]) -> tuple[float, list[str]]:
    """Run a driver; (when it was started, the words of the last line it printed)."""
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if not lines:
        raise RuntimeError(f"no paint reported: {done.stderr[-2000:]}")
    return start, lines[-1].split()


def time_to_paint(script: str, *args: str, env: dict[str, str]) -> float:
    start, (painted,) = _report(script, *args, env=env)
    return float(painted) - start


# first rows (s), ready (s), VmRSS when ready (kB), peak RSS (kB), ORM imported at first rows
Run = tuple[float, float, int, int, bool]


def app_run(db: str, size: int, *, env: dict[str, str]) -> Run:
    """(first rows s, ready s, VmRSS kB when ready, peak RSS kB, ORM imported at first rows)."""
    start, (rows, ready, rss, peak, orm) = _report(APP, db, str(size), env=env)
    return float(rows) - start, float(ready) - start, int(rss), int(peak), orm == "1"


def postgres_journals(
    server: LoopbackServer, sqlite_journals: dict[int, Path], sizes: list[int]
) -> dict[int, str]:
    """The URL of a journal on the server per size: the generated journal of that size
    copied there (``copy-to``), once; a kept server's copy is reused."""
    # Lazy: the CLI only to copy a journal to the server, before any timed start.
    from watchjournal.cli.main import main as cli

    urls = {}
    for size in sizes:
        name = f"startup_{size}"
        urls[size] = server.url(name)
        if server.has_database(name):
            continue
        server.admin(f"CREATE DATABASE {name}")
        began = time.perf_counter()
        if cli(["--db", str(sqlite_journals[size]), "copy-to", urls[size]]) not in (0, None):
            raise SystemExit(f"copying the {size:,}-film journal to the server failed")
        print(f"copied {size:>7,} films to PostgreSQL in {time.perf_counter() - began:5.1f} s")
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="0,10000,100000")
    parser.add_argument("--baseline", type=Path, help="another source tree to compare with")
    parser.add_argument(
        "--pg-sizes",
        default="",
        help="also start on a journal of these sizes on a PostgreSQL server on loopback",
    )
    parser.add_argument("--pg-dir", type=Path, help="keep that server's data here for the next run")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    pg_sizes = [int(s) for s in args.pg_sizes.split(",") if s]
    server = start_server(args.pg_dir) if pg_sizes else None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            run_rounds(args, Path(tmp), sizes, pg_sizes, server)
    finally:
        if server is not None:
            server.stop()


def run_rounds(
    args: argparse.Namespace,
    home: Path,
    sizes: list[int],
    pg_sizes: list[int],
    server: LoopbackServer | None,
) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    journals = {}
    for size in sorted({*sizes, *pg_sizes}):
        began = time.perf_counter()
        journals[size] = generate_journal(home / f"journal-{size}.sqlite", size)
        print(f"generated {size:>7,} films in {time.perf_counter() - began:5.1f} s", flush=True)
    versions = {"WatchJournal": env}
    if args.baseline is not None:
        versions["baseline"] = {**env, "PYTHONPATH": str(args.baseline.resolve())}
    # (version, size) -> what --db names, and the environment to start it in
    cases: dict[tuple[str, int], tuple[str, dict[str, str]]] = {
        (version, size): (str(journals[size]), version_env)
        for version, version_env in versions.items()
        for size in sizes
    }
    if server is not None:
        for size, url in postgres_journals(server, journals, pg_sizes).items():
            cases["PostgreSQL", size] = (url, env)
    # Warm the file cache and Python's bytecode cache, let each journal make its
    # first daily backup and record a clean close (as a user's journal has) first.
    time_to_paint(FLOOR, env=env)
    for (_, size), (db, case_env) in cases.items():
        app_run(db, size, env=case_env)
    # Rounds interleave the floors and every case, so a change in the machine's
    # load during the run affects them all alike.
    floor: list[float] = []
    floor_light: list[float] = []
    runs: dict[tuple[str, int], list[Run]] = {case: [] for case in cases}
    for _ in range(args.runs):
        floor.append(time_to_paint(FLOOR, env=env))
        floor_light.append(time_to_paint(FLOOR_SQLALCHEMY, env=env))
        for case, (db, case_env) in cases.items():
            runs[case].append(app_run(db, case[1], env=case_env))
    report(floor, floor_light, runs)


def report(
    floor: list[float], floor_light: list[float], runs: dict[tuple[str, int], list[Run]]
) -> None:
    base = statistics.median(floor)
    print()
    print(f"{'what':<40}{'median ms':>10}{'min ms':>9}{'x floor':>9}")
    name = "floor: PySide6 window + sqlalchemy.orm"
    print(f"{name:<40}{base * 1000:>10.0f}{min(floor) * 1000:>9.0f}{1:>9.2f}")
    light = statistics.median(floor_light)
    print(
        f"{'  (same window + sqlalchemy only)':<40}{light * 1000:>10.0f}"
        f"{min(floor_light) * 1000:>9.0f}{light / base:>9.2f}"
    )
    for (version, size), results in runs.items():
        for label, index in (("first rows", 0), ("ready", 1)):
            times = [result[index] for result in results]
            median = statistics.median(times)
            name = f"{version}, {size:,} films: {label}"
            print(f"{name:<40}{median * 1000:>10.0f}{min(times) * 1000:>9.0f}{median / base:>9.2f}")
    print()
    print(f"{'memory when ready':<40}{'VmRSS MB':>10}{'peak MB':>9}{'ORM at first rows':>19}")
    for (version, size), results in runs.items():
        rss = statistics.median(result[2] for result in results) / 1024
        peak = statistics.median(result[3] for result in results) / 1024
        orm = f"{sum(result[4] for result in results)} of {len(results)}"
        print(f"{f'{version}, {size:,} films':<40}{rss:>10.1f}{peak:>9.1f}{orm:>19}")


if __name__ == "__main__":
    main()
