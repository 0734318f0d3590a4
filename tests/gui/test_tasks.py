"""The background task helper delivers results and errors on the GUI thread, and its
writer lane runs journal writes in order, waiting out a busy journal."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from watchjournal.errors import JournalBusyError, ValidationError
from watchjournal.ui.common.tasks import TaskCancelledError, TaskControl, TaskRunner


def test_result_and_progress_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    gui_thread = QThread.currentThread()
    seen: dict[str, object] = {}
    progress: list[tuple[int, int, str]] = []

    def work(control: TaskControl) -> str:
        seen["worker"] = threading.get_ident()
        for i in range(3):
            control.progress(i + 1, 3, f"step {i + 1}")
        return "done"

    def on_done(result: str | None, error: BaseException | None) -> None:
        seen["result"] = (result, error)
        seen["on_gui_thread"] = QThread.currentThread() is gui_thread

    runner.run(work, on_done, lambda d, t, text: progress.append((d, t, text)))
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == ("done", None)
    assert seen["on_gui_thread"] is True
    assert seen["worker"] != threading.get_ident()
    assert progress == [(1, 3, "step 1"), (2, 3, "step 2"), (3, 3, "step 3")]
    assert not runner.busy


def test_errors_are_delivered_not_swallowed(qtbot: QtBot) -> None:
    runner = TaskRunner()
    outcome: list[tuple[object, BaseException | None]] = []

    def work(_control: TaskControl) -> int:
        raise ValueError("provider down")

    runner.run(work, lambda r, e: outcome.append((r, e)))
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    result, error = outcome[0]
    assert result is None and isinstance(error, ValueError) and str(error) == "provider down"


def test_cancel_stops_work(qtbot: QtBot) -> None:
    runner = TaskRunner()
    outcome: list[BaseException | None] = []
    started = threading.Event()

    def work(control: TaskControl) -> None:
        started.set()
        while True:
            control.check()
            time.sleep(0.01)

    control = runner.run(work, lambda _r, e: outcome.append(e))
    assert started.wait(5)
    control.cancel()
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert isinstance(outcome[0], TaskCancelledError)


def test_writes_run_one_at_a_time_in_the_order_asked(qtbot: QtBot) -> None:
    runner = TaskRunner(max_threads=4)
    log: list[str] = []
    delivered: list[int] = []
    running = threading.Lock()

    def write(number: int) -> Callable[[TaskControl], int]:
        def work(_control: TaskControl) -> int:
            assert running.acquire(blocking=False), "two writes ran at once"
            try:
                log.append(f"start {number}")
                time.sleep(0.005 * (number % 3))  # later writes are sometimes quicker
                log.append(f"end {number}")
            finally:
                running.release()
            return number

        return work

    for number in range(12):
        runner.write(write(number), lambda n, _e: delivered.append(-1 if n is None else n))
    assert runner.writing
    qtbot.waitUntil(lambda: len(delivered) == 12, timeout=5000)
    assert delivered == list(range(12))
    assert log == [f"{what} {n}" for n in range(12) for what in ("start", "end")]
    assert not runner.writing


def test_a_busy_journal_is_waited_for_and_said_so(qtbot: QtBot) -> None:
    runner = TaskRunner()
    tries: list[float] = []
    waiting: list[bool] = []
    outcome: list[tuple[object, BaseException | None]] = []

    def work(_control: TaskControl) -> str:
        tries.append(time.monotonic())
        if len(tries) < 4:
            raise JournalBusyError(Path("journal.sqlite"), "the journal is busy")
        return "written"

    runner.waiting_changed.connect(waiting.append)
    runner.write(work, lambda r, e: outcome.append((r, e)))
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert outcome == [("written", None)]
    assert waiting == [True, False]
    gaps = [b - a for a, b in itertools.pairwise(tries)]
    assert gaps[0] >= 0.09 and gaps[2] > gaps[0]  # a growing pause between tries


def test_a_write_waiting_for_the_journal_can_be_cancelled(qtbot: QtBot) -> None:
    runner = TaskRunner()
    waiting: list[bool] = []
    outcome: list[BaseException | None] = []

    def work(_control: TaskControl) -> None:
        raise JournalBusyError(Path("journal.sqlite"), "the journal is busy")

    runner.write(work, lambda _r, e: outcome.append(e), on_waiting=waiting.append)
    qtbot.waitUntil(lambda: waiting == [True], timeout=5000)
    runner.cancel_writes()
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert isinstance(outcome[0], TaskCancelledError)
    assert not runner.writing


def test_other_errors_are_not_retried(qtbot: QtBot) -> None:
    runner = TaskRunner()
    tries: list[int] = []
    outcome: list[BaseException | None] = []

    def work(_control: TaskControl) -> None:
        tries.append(1)
        raise ValidationError("the title is empty")

    runner.write(work, lambda _r, e: outcome.append(e))
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert isinstance(outcome[0], ValidationError) and tries == [1]
