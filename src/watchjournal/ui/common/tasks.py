"""Running slow work off the GUI thread and getting ``(result, error)`` back on it.

Modelled on Picard's ``util/thread.py``: a callable runs on a QThreadPool, and
its return value or exception (never swallowed) is delivered to a callback on
the GUI thread through a queued signal. Work can report progress and check for
cancellation through the TaskControl it is given.

Every change to the journal goes through ``TaskRunner.write``: one "writer
lane" (a pool of one thread) runs the writes in the order they were asked
for, one at a time, so they never race each other and a read queued after a
write sees it. A write that finds the journal locked by another program
(JournalBusyError) is tried again with a growing pause until it succeeds or
is cancelled, and says meanwhile that it is waiting for the journal (or, when
an import holds the journal, for the import to finish); the GUI thread never
waits on the lock.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from watchjournal.errors import ImportRunningError, JournalBusyError

T = TypeVar("T")
log = logging.getLogger(__name__)

WAITING_TEXT = "Waiting for the journal…"
IMPORT_WAITING_TEXT = "Waiting for the import to finish…"
# The first retry comes soon (locks are usually short), then less and less often.
FIRST_RETRY_S = 0.1
LAST_RETRY_S = 2.0
# How long a GUI write waits inside SQLite before the lane says it is waiting.
GUI_BUSY_TIMEOUT_MS = 500


class TaskCancelledError(Exception):
    """Raised inside a task by ``TaskControl.check()`` once cancel was asked for."""


class TaskControl:
    """Handed to the work: report progress, and stop early when cancelled."""

    def __init__(self, bridge: _TaskBridge) -> None:
        self._bridge = bridge
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise TaskCancelledError

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._bridge.progressed.emit(done, total, text)

    def patiently(self, operation: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``operation(*args, **kwargs)``, tried again while the journal is busy.

        Between tries this reports waiting (``on_waiting(True)``, then False
        once it went through) and sleeps with a backoff; cancelling stops it
        with TaskCancelledError. ``operation`` must change nothing when it fails
        (one service call is one transaction).
        """
        delay = FIRST_RETRY_S
        waited = ""
        while True:
            self.check()
            try:
                result = operation(*args, **kwargs)
            except JournalBusyError as busy:
                text = IMPORT_WAITING_TEXT if isinstance(busy, ImportRunningError) else WAITING_TEXT
                if text != waited:  # said again when what it waits for changes
                    waited = text
                    self._bridge.waiting.emit(True, text)
                if self._cancel.wait(delay):
                    raise TaskCancelledError from None
                delay = min(delay * 2, LAST_RETRY_S)
                continue
            if waited:
                self._bridge.waiting.emit(False, waited)
            return result


class _TaskBridge(QObject):
    """Lives on the GUI thread, so its slots run there when the worker emits."""

    finished = Signal(object, object)
    progressed = Signal(int, int, str)
    waiting = Signal(bool, str)

    def __init__(
        self,
        parent: QObject,
        on_done: Callable[[Any, BaseException | None], None],
        on_progress: Callable[[int, int, str], None] | None,
        on_waiting: Callable[[bool, str], None] | None = None,
    ) -> None:
        # A parent on the GUI thread owns it, so no reference dropped on a worker thread
        # (nor a garbage collection run there) ever destroys it: it is deleted on the GUI
        # thread, with deleteLater, once its result was delivered.
        super().__init__(parent)
        self._on_done = on_done
        self._on_progress = on_progress
        self._on_waiting = on_waiting
        self.finished.connect(self._deliver)
        self.progressed.connect(self._report)
        self.waiting.connect(self._wait)

    @Slot(bool, str)
    def _wait(self, waiting: bool, text: str) -> None:
        if self._on_waiting is not None:
            self._on_waiting(waiting, text)

    @Slot(object, object)
    def _deliver(self, result: Any, error: BaseException | None) -> None:
        self._on_done(result, error)

    @Slot(int, int, str)
    def _report(self, done: int, total: int, text: str) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total, text)


class _Runnable(QRunnable, Generic[T]):
    def __init__(
        self, work: Callable[[TaskControl], T], bridge: _TaskBridge, control: TaskControl
    ) -> None:
        super().__init__()
        self._work = work
        self._bridge = bridge
        self._control = control
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._work(self._control)
        except BaseException as exc:  # delivered to the caller, never swallowed
            if not isinstance(exc, TaskCancelledError):
                log.debug("background task failed", exc_info=exc)
            self._bridge.finished.emit(None, exc)
        else:
            self._bridge.finished.emit(result, None)


class TaskRunner(QObject):
    """Starts background tasks and keeps them alive until their result is delivered."""

    # A write with no ``on_waiting`` of its own is waiting for the journal (True),
    # or went through after waiting (False): for the window's status bar.
    waiting_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        # The writer lane: one thread, so writes run one at a time in the order asked.
        self._lane = QThreadPool(self)
        self._lane.setMaxThreadCount(1)
        self._live: set[_TaskBridge] = set()
        self._writes: dict[_TaskBridge, TaskControl] = {}
        # What the latest write that waited was waiting for (WAITING_TEXT or
        # IMPORT_WAITING_TEXT): the text to show while ``on_waiting(True)`` holds.
        self.waiting_text = WAITING_TEXT

    def run(
        self,
        work: Callable[[TaskControl], T],
        on_done: Callable[[T | None, BaseException | None], None],
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> TaskControl:
        """Run ``work(control)`` in the pool; ``on_done(result, error)`` runs on this thread."""

        def done(result: Any, error: BaseException | None) -> None:
            self._live.discard(bridge)
            bridge.deleteLater()
            on_done(result, error)

        bridge = _TaskBridge(self, done, on_progress)
        self._live.add(bridge)
        control = TaskControl(bridge)
        self._pool.start(_Runnable(work, bridge, control))
        return control

    def write(
        self,
        work: Callable[[TaskControl], T],
        on_done: Callable[[T | None, BaseException | None], None],
        on_progress: Callable[[int, int, str], None] | None = None,
        on_waiting: Callable[[bool], None] | None = None,
    ) -> TaskControl:
        """Run the journal write ``work(control)`` on the writer lane, after earlier writes.

        ``work`` is retried while the journal is busy (see TaskControl.patiently),
        so it must be one transaction, or call ``control.patiently`` for each of
        its transactions. ``on_waiting(True/False)`` says when it waits for the
        journal (default: the runner's ``waiting_changed``), and ``waiting_text``
        what for; ``on_done(result, error)`` runs on this thread.
        """

        def done(result: Any, error: BaseException | None) -> None:
            self._live.discard(bridge)
            self._writes.pop(bridge, None)
            bridge.deleteLater()
            on_done(result, error)

        tell = on_waiting or self.waiting_changed.emit

        def waiting(is_waiting: bool, text: str) -> None:
            self.waiting_text = text
            tell(is_waiting)

        bridge = _TaskBridge(self, done, on_progress, waiting)
        self._live.add(bridge)
        control = TaskControl(bridge)
        self._writes[bridge] = control
        self._lane.start(_Runnable(lambda c: c.patiently(work, c), bridge, control))
        return control

    @property
    def waiting_message(self) -> str:
        """A sentence for a status line while a write waits: for what, and why."""
        if self.waiting_text == IMPORT_WAITING_TEXT:
            return IMPORT_WAITING_TEXT
        return f"{WAITING_TEXT} Another program is writing to it."

    @property
    def busy(self) -> bool:
        return bool(self._live)

    @property
    def writing(self) -> bool:
        """True while a write is queued, running or waiting for the journal."""
        return bool(self._writes)

    def cancel_writes(self) -> None:
        """Stop the writes still waiting for the journal (quitting without them)."""
        for control in self._writes.values():
            control.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until running tasks finish (used at shutdown and in tests)."""
        writes_done = self._lane.waitForDone(msecs)
        return self._pool.waitForDone(msecs) and writes_done


def wait_until(condition: Callable[[], bool], msecs: int) -> bool:
    """Run the event loop until ``condition()`` holds or ``msecs`` pass; True if it held.

    For the few places that must not go on before a write is confirmed
    (switching reviews, closing): painting, timers and results keep being
    processed, so the window never freezes. User input waits in the queue
    meanwhile (it is delivered afterwards, not lost), so nothing re-enters the
    code that is waiting.
    """
    if condition():
        return True
    deadline = time.monotonic() + msecs / 1000
    loop = QEventLoop()

    def poll() -> None:
        if condition() or time.monotonic() >= deadline:
            loop.quit()

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(poll)
    timer.start()
    try:
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    finally:
        timer.stop()
    return condition()
