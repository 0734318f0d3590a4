"""The status bar: where you are (the journal, the count of the view) and what just happened.

On the right, always: the journal's name (its path in the tooltip) and the
count of what the current view shows ("3 films on your watchlist", "23 diary
entries", "2 lists", "12 of 340 films" for search results). On the left, for a few
seconds: a short message after each action ("Liked Paterson (2016)").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFrame, QLabel, QStatusBar

from watchjournal.ui.common.formatting import count_text
from watchjournal.ui.common.widgets import plain_label

MESSAGE_MS = 6000  # how long an action's message stays


def _films(count: int) -> str:
    return "1 film" if count == 1 else f"{count_text(count)} films"


def view_count_text(view: str, shown: int, total_films: int, *, more: bool = False) -> str:
    """The status bar's count for a view showing ``shown`` rows of a journal of films.

    ``more``: the search stopped at its limit, so there are at least ``shown``.
    """
    if total_films == 0 and view not in ("search", "lists"):
        return "No films yet"
    match view:
        case "watchlist":
            return f"{_films(shown)} on your watchlist"
        case "diary":
            return "1 diary entry" if shown == 1 else f"{count_text(shown)} diary entries"
        case "reviews":
            return "1 review" if shown == 1 else f"{count_text(shown)} reviews"
        case "lists":
            return "1 list" if shown == 1 else f"{count_text(shown)} lists"
        case "search":
            found = f"{count_text(shown)}{'+' if more else ''}"
            return f"{found} of {_films(total_films)}"
        case _:
            return _films(shown)


class WindowStatus:
    """The window's status bar: the journal's name and the view's count, and messages."""

    def __init__(
        self,
        status_bar: Callable[[], QStatusBar],
        journal_name: str,
        journal_path: Path | None,
        *,
        demo: bool = False,
    ) -> None:
        # The window's statusBar method, asked each time: a QStatusBar wrapper kept here
        # was found invalidated by PySide ("already deleted") after a search and a Log,
        # while the bar itself lived on, so the message after logging raised.
        self._status_bar = status_bar
        bar = status_bar()
        # The file's name says which journal this is ("journal.sqlite", "films-2024.sqlite").
        shown = journal_name if demo or journal_path is None else journal_path.name
        self.journal_label: QLabel = plain_label(shown, wrap=False, selectable=False)
        self.journal_label.setAccessibleName("Journal")
        self.journal_label.setToolTip(
            f"Journal: {journal_path}" if journal_path is not None else journal_name
        )
        self.count_label: QLabel = plain_label(wrap=False, selectable=False)
        self.count_label.setAccessibleName("Count")
        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.VLine)
        bar.addPermanentWidget(self.count_label)
        bar.addPermanentWidget(separator)
        bar.addPermanentWidget(self.journal_label)

    def show_count(self, text: str) -> None:
        self.count_label.setText(text)

    def message(self, text: str, timeout_ms: int = MESSAGE_MS) -> None:
        """A short message about what just happened (0: until the next message)."""
        self._status_bar().showMessage(text, timeout_ms)
