"""Guards against a Qt binding that corrupts the interpreter.

PySide6 6.12.0 dropped a reference to ``None`` on every call of a Qt method
returning nothing; on Python before 3.12 (where ``None`` is not immortal) a
long session then aborts with "deallocating None". pyproject.toml excludes it;
this test fails if such a binding is ever installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor


def test_void_qt_calls_keep_none_alive() -> None:
    colour = QColor()
    before = sys.getrefcount(None)
    for _ in range(1000):
        colour.setAlpha(1)
    assert sys.getrefcount(None) >= before - 10
