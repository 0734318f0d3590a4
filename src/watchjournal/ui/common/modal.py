"""Modal dialogs run with ``exec()`` are deleted on the GUI thread as soon as they are done.

PySide's ``QDialog.exec()`` hands a dialog to Python once it returns (it drops the
parent's hold on it, so dialogs do not pile up under the window): from then on
the dialog dies with its last Python reference, on whatever thread drops it. A
reference kept in a reference cycle (a closure, a test's helper, a callback) is
dropped by Python's cyclic garbage collector, which runs on ANY thread that
allocates, often a TaskRunner worker in the middle of a journal write. A widget
destroyed there posts its last signals (focus moving away from it, for one) to
the GUI thread, which then reads the freed widget: a segmentation fault.

``modal`` makes the end of a dialog deterministic: it is deleted right where
the ``with`` block ends, on the GUI thread, as a C++ dialog on the stack would be.
Read what the dialog holds inside the block; any reference kept after it is an
empty wrapper that frees nothing wherever it goes. Not for dialogs whose
background work may still call back into them after they close.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtWidgets import QDialog
from shiboken6 import Shiboken

D = TypeVar("D", bound=QDialog)


@contextmanager
def modal(dialog: D) -> Iterator[D]:
    """``with modal(SomeDialog(...)) as dialog: if dialog.exec(): use(dialog.value())``."""
    try:
        yield dialog
    finally:
        if Shiboken.isValid(dialog):
            Shiboken.delete(dialog)
