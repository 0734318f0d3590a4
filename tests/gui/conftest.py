"""GUI tests run in one known locale, whatever the machine's LANG says.

Dates and numbers in the UI follow QLocale (ui/common/formatting.py), so an
expected "1 Jun 2025" or "6.4" holds only in a known locale: the C locale,
which formats like the app did before it followed the locale. Tests of other
locales set their own with ``QLocale.setDefault``; this puts it back.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale


@pytest.fixture(autouse=True)
def c_locale() -> Iterator[None]:
    system = QLocale()
    QLocale.setDefault(QLocale.c())
    yield
    QLocale.setDefault(system)
