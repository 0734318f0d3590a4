"""Cyclic garbage is collected on the GUI thread, never on a worker (ui/common/gui_gc.py)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from typing import ClassVar

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from watchjournal.ui.common.gui_gc import GuiThreadCollector, collect_on_gui_thread


class Cycle:
    """An object in a reference cycle that notes the thread it is freed on."""

    freed_on: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        Cycle.freed_on.append(threading.current_thread().name)


@pytest.fixture
def collector(qtbot: QtBot) -> Iterator[GuiThreadCollector]:
    owner = QObject()
    made = collect_on_gui_thread(owner)
    yield made
    made.stop()
    owner.deleteLater()


def test_cycles_dropped_on_a_worker_are_freed_on_the_gui_thread(
    qtbot: QtBot, collector: GuiThreadCollector
) -> None:
    assert not gc.isenabled()
    Cycle.freed_on = []

    def allocate() -> None:
        # Cycles made and dropped on the worker: more than the first generation's
        # threshold, so an automatic collection would have run here, on this thread.
        for _ in range(3 * gc.get_threshold()[0]):
            Cycle()

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    assert Cycle.freed_on == []  # nothing collected on the worker
    qtbot.waitUntil(lambda: Cycle.freed_on != [], timeout=5000)  # the timer's pass
    assert set(Cycle.freed_on) == {threading.main_thread().name}
    assert collector.collections >= 1


def test_one_collector_per_application_and_stop_gives_gc_back(qtbot: QtBot) -> None:
    owner = QObject()
    first = collect_on_gui_thread(owner)
    assert collect_on_gui_thread(owner) is first
    first.stop()
    assert gc.isenabled()
