"""Python's cyclic garbage collection, run on the GUI thread only.

Left to itself, the collector runs on whichever thread happens to allocate,
so a Qt object kept in a reference cycle (a dialog PySide handed to Python
after ``exec()``, a widget captured by a callback) can be destroyed on a
worker thread in the middle of a journal write: Qt objects must die on their
own thread, and one that did not crashed the app (see ui/common/modal.py).
As qutebrowser does, automatic collection is switched off and a timer on the
GUI thread collects instead, as often as the collector's own thresholds ask.
Reference counting still frees everything that is not in a cycle at once.

A pass of the oldest generation walks every object Python tracks, and what
start-up built (the modules, their classes and functions, the first window)
is most of them: about 150 ms on a slow machine, a stutter the window shows
now and then (the tick test of tests/gui/test_busy_journal.py caught it).
Once the first window is built, ``freeze_start_up`` moves all of that out of
the collector's sight for good (``gc.freeze``): it lives as long as the app,
and later passes walk only what came after.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    """Collects garbage from a GUI-thread timer; automatic collection stays off meanwhile."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.collections = 0  # passes run, for tests
        self.frozen = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_if_due)
        gc.disable()
        self._timer.start()

    def collect_if_due(self) -> None:
        """One pass of the oldest generation whose threshold is passed, as gc would."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        for generation in (2, 1, 0):
            threshold = thresholds[generation]
            if threshold and counts[generation] > threshold:
                gc.collect(generation)
                self.collections += 1
                return

    def freeze_start_up(self) -> None:
        """Leave every object alive now out of all later passes (once; later calls do nothing)."""
        if not self.frozen:
            gc.freeze()
            self.frozen = True

    def stop(self) -> None:
        """Back to automatic collection, nothing frozen (tests; the app keeps it for life)."""
        self._timer.stop()
        if self.frozen:
            gc.unfreeze()
            self.frozen = False
        gc.enable()


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Switch automatic collection off for the life of ``app``; collect from its thread."""
    existing = app.findChild(GuiThreadCollector)
    if isinstance(existing, GuiThreadCollector):
        return existing
    return GuiThreadCollector(app)


def freeze_start_up(app: QObject) -> None:
    """Once the first window is built: ``GuiThreadCollector.freeze_start_up`` (if collecting)."""
    collector = app.findChild(GuiThreadCollector)
    if isinstance(collector, GuiThreadCollector):
        collector.freeze_start_up()
