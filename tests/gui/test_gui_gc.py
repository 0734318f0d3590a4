"""Cyclic garbage is collected on the GUI thread, never on a worker (ui/common/gui_gc.py)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from typing import ClassVar

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from watchjournal.paths import AppPaths
from watchjournal.ui.app import AppSession
from watchjournal.ui.common.gui_gc import GuiThreadCollector, collect_on_gui_thread, freeze_start_up


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


class Kept:
    """A plain object the collector tracks (it has a __dict__)."""


def tracked(thing: object) -> bool:
    """Whether a pass of the collector would walk ``thing`` (frozen objects are not listed)."""
    return any(found is thing for found in gc.get_objects())


def test_what_start_up_built_is_left_out_of_later_passes(
    qtbot: QtBot, collector: GuiThreadCollector
) -> None:
    built = Kept()
    walked_before = len(gc.get_objects())
    freeze_start_up(collector.parent())
    assert collector.frozen and gc.get_freeze_count() >= walked_before
    assert not tracked(built)
    assert len(gc.get_objects()) < walked_before / 10  # a full pass now walks a tenth or less
    later = Kept()
    assert tracked(later)
    # Cycles made after start-up are still freed, on the GUI thread.
    Cycle.freed_on = []
    for _ in range(3 * gc.get_threshold()[0]):
        Cycle()
    qtbot.waitUntil(lambda: Cycle.freed_on != [], timeout=5000)
    assert set(Cycle.freed_on) == {threading.main_thread().name}
    freeze_start_up(collector.parent())  # once: a second window freezes nothing more
    assert tracked(later)
    collector.stop()
    assert gc.get_freeze_count() == 0 and tracked(built)


def test_the_first_window_of_the_app_freezes_start_up(
    qtbot: QtBot, qapp: QObject, app_dirs: AppPaths
) -> None:
    collector = collect_on_gui_thread(qapp)  # as make_application does
    try:
        session = AppSession(app_dirs)
        window = session.open(app_dirs.journal, "journal")
        assert window is not None
        qtbot.addWidget(window)
        assert collector.frozen and not tracked(window)
        window.close()
        session.close()
    finally:
        collector.stop()
        collector.setParent(None)  # gone at once: no later test finds it on the app
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_without_a_collector_nothing_is_frozen(qtbot: QtBot) -> None:
    freeze_start_up(QObject())
    assert gc.get_freeze_count() == 0
