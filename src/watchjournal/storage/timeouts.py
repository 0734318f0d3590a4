"""How long a journal connection waits for another program's lock.

Kept apart from ``storage.engine`` (which imports SQLAlchemy) so that the plain
``sqlite3`` readers (``health``, ``backup``, ``quick_read``) stay light enough
for the app to read its first page before SQLAlchemy is imported.
"""

from __future__ import annotations

import os

BUSY_TIMEOUT_MS = 10_000
# Tests (and users on very slow network disks) can change how long to wait for a lock.
BUSY_TIMEOUT_VARIABLE = "WATCHJOURNAL_BUSY_TIMEOUT_MS"


def busy_timeout_ms() -> int:
    """How long to wait for another program's lock before reporting the journal busy
    (unless the caller says otherwise, as the GUI does)."""
    try:
        return max(0, int(os.environ.get(BUSY_TIMEOUT_VARIABLE, BUSY_TIMEOUT_MS)))
    except ValueError:
        return BUSY_TIMEOUT_MS
