"""Running slow work off the GUI thread and getting ``(result, error)`` back on it.

Modelled on Picard's ``util/thread.py``: a callable runs on a QThreadPool, and
its return value or exception (never swallowed) is delivered to a callback on
the GUI thread through a queued signal. Work can report progress and check for
cancellation through the TaskControl it is given.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

T = TypeVar("T")
log = logging.getLogger(__name__)


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


class _TaskBridge(QObject):
    """Lives on the GUI thread, so its slots run there when the worker emits."""

    finished = Signal(object, object)
    progressed = Signal(int, int, str)

    def __init__(
        self,
        on_done: Callable[[Any, BaseException | None], None],
        on_progress: Callable[[int, int, str], None] | None,
    ) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_progress = on_progress
        self.finished.connect(self._deliver)
        self.progressed.connect(self._report)

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

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._live: set[_TaskBridge] = set()

    def run(
        self,
        work: Callable[[TaskControl], T],
        on_done: Callable[[T | None, BaseException | None], None],
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> TaskControl:
        """Run ``work(control)`` in the pool; ``on_done(result, error)`` runs on this thread."""

        def done(result: Any, error: BaseException | None) -> None:
            self._live.discard(bridge)
            on_done(result, error)

        bridge = _TaskBridge(done, on_progress)
        self._live.add(bridge)
        control = TaskControl(bridge)
        self._pool.start(_Runnable(work, bridge, control))
        return control

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def wait(self, msecs: int = -1) -> bool:
        """Block until running tasks finish (used at shutdown and in tests)."""
        return self._pool.waitForDone(msecs)
