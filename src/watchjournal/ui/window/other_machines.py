"""Showing what other machines change in a shared journal, without a restart.

A journal on a server can be changed by another machine at any time. The
window looks at the journal's change counter (``JournalService.changed_elsewhere``,
one cheap read on the runner's pool, never on the GUI thread) when it gets the
focus and every ``POLL_MS``, and when another machine changed something it
refreshes its lists and, unless a review is being written, the film page: the
same refresh as after its own changes. A journal file is not polled (it is not
shared between machines; nothing about it changes).

A look that cannot reach the server says so through ``reachable(False)``, and
the next look that can through ``reachable(True)``: the window shows one notice
meanwhile (ui/window/server_away.py), not an error per look.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from watchjournal.journal import JournalService
from watchjournal.ui.common.errors import is_journal_away
from watchjournal.ui.common.tasks import TaskControl, TaskRunner

POLL_MS = 4000


class OtherMachines(QObject):
    """Looks for other machines' changes; ``changed`` when there are some."""

    changed = Signal()
    # Whether the last look reached the journal server (after a failure, or a first look).
    reachable = Signal(bool)

    def __init__(
        self, service: JournalService, runner: TaskRunner, window: QWidget, poll_ms: int = POLL_MS
    ) -> None:
        super().__init__(window)
        self._service = service
        self._runner = runner
        self._looking = False
        self._stopped = False
        self._timer = QTimer(self, interval=poll_ms)
        self._timer.timeout.connect(self.look)
        self._timer.start()
        window.installEventFilter(self)
        self.look()  # the first look only takes note of where the journal stands

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            self.look()
        elif event.type() == QEvent.Type.Close:
            # A closed window's journal is closed next: looking again would reopen it.
            self.stop()
        return False

    def look(self) -> None:
        """Ask the journal (in the background) whether someone else changed it."""
        if self._looking or self._stopped:
            return
        self._looking = True
        service = self._service

        def work(_control: TaskControl) -> bool:
            return service.changed_elsewhere()

        self._runner.run(work, self._looked)

    def _looked(self, changed: bool | None, error: BaseException | None) -> None:
        self._looking = False
        if error is None or is_journal_away(error):
            self.reachable.emit(error is None)
        if error is None and changed:
            self.changed.emit()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()


def watch_other_machines(
    service: JournalService, runner: TaskRunner, window: QWidget, refresh: Callable[[], None]
) -> OtherMachines | None:
    """Refresh ``window`` (``refresh``) when other machines change a server journal."""
    if service.is_file_journal:
        return None
    watcher = OtherMachines(service, runner, window)
    watcher.changed.connect(refresh)
    return watcher
