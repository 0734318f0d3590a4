"""The background task helper delivers results and errors on the GUI thread."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

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
