"""Start-up benchmark: process start to the first painted main window.

Compares ``watchjournal --db JOURNAL`` (the real entry point) on generated
journals of 0, 10,000 and 100,000 films against the floor of this stack: a bare
PySide6 window in a process that also imports SQLAlchemy. Each figure is the
median of several runs; ratios are against the floor measured in the same run.

    .venv/bin/python benchmarks/startup_bench.py [--runs 5] [--sizes 0,10000,100000]
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

# Both drivers print the wall-clock time of the first paint of their main window.
FIRST_PAINT = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    # Report the first paint of a main window, then close it normally: the journal
    # records a clean shutdown, as it would for a user, so the next start does not
    # run the full integrity check meant for journals that were not closed cleanly.

    done = False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow) and not self.done:
            self.done = True
            print(time.time(), flush=True)
            QApplication.instance().closeAllWindows()
        return False
"""
FLOOR = (
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
# Not the floor, but where it stands: the same bare window with SQLAlchemy's ORM
# (which the journal's typed models need) imported too.
FLOOR_ORM = FLOOR.replace("import sqlalchemy\n", "import sqlalchemy\nimport sqlalchemy.orm\n")
APP = (
    FIRST_PAINT
    + """
from watchjournal.ui.app import make_application
app = make_application()
spy = FirstPaint(); app.installEventFilter(spy)
from watchjournal.cli.main import main
main(["--db", sys.argv[1]])
"""
)


def time_to_paint(script: str, *args: str, env: dict[str, str]) -> float:
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
    return float(lines[-1]) - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="0,10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
        }
        journals = {}
        for size in sizes:
            began = time.perf_counter()
            journals[size] = generate_journal(home / f"journal-{size}.sqlite", size)
            print(f"generated {size:>7,} films in {time.perf_counter() - began:5.1f} s", flush=True)
        # Warm the file cache and Python's bytecode cache, and let each journal make
        # its first daily backup, before measuring.
        time_to_paint(FLOOR, env=env)
        for path in journals.values():
            time_to_paint(APP, str(path), env=env)
        # Rounds interleave the floor and every size, so a change in the machine's
        # load during the run affects them all alike.
        floor: list[float] = []
        floor_orm: list[float] = []
        results: dict[int, list[float]] = {size: [] for size in sizes}
        for _ in range(args.runs):
            floor.append(time_to_paint(FLOOR, env=env))
            floor_orm.append(time_to_paint(FLOOR_ORM, env=env))
            for size, path in journals.items():
                results[size].append(time_to_paint(APP, str(path), env=env))
    floor_median = statistics.median(floor)
    print()
    print(f"{'what':<34}{'median ms':>10}{'min ms':>9}{'ratio':>8}")
    print(
        f"{'floor: PySide6 window + SQLAlchemy':<34}{floor_median * 1000:>10.0f}"
        f"{min(floor) * 1000:>9.0f}{1.0:>8.2f}"
    )
    rows = [("  (same window + SQLAlchemy ORM)", floor_orm)]
    rows += [(f"WatchJournal, {size:,} films", times) for size, times in results.items()]
    for label, times in rows:
        median = statistics.median(times)
        print(
            f"{label:<34}{median * 1000:>10.0f}"
            f"{min(times) * 1000:>9.0f}{median / floor_median:>8.2f}"
        )


if __name__ == "__main__":
    main()
