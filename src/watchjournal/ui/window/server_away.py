"""The window while its journal's server is away: one plain notice, and nothing typed lost.

When a look for other machines' changes (ui/window/other_machines.py) or a
save of the review editor cannot reach the journal server, the status bar
says so in one sentence (``SERVER_AWAY_TEXT``) for as long as it lasts: no
dialog per failure; nor when a read on the GUI thread (a list, a film page, a
search) fails so (``errors.report_journal_away``). The window goes on showing
what it has, and the look for changes every few seconds tries the server
again. When the server answers again the notice goes, the window reads what
it shows again (``back``), the review editor saves at once, and review
text kept on this computer (ui/review/recovery.py), by this run or by one
closed or killed while the server was away, is saved.

The recovery files of the journal are also saved when the window opens, so
the next start (or the next opening of that journal) finds them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QMainWindow

from watchjournal.journal import JournalService
from watchjournal.journal.recovery import RecoveryFolder
from watchjournal.ui.common.errors import SERVER_AWAY_TEXT, listen_for_journal_away
from watchjournal.ui.common.tasks import TaskRunner
from watchjournal.ui.review.history import error_color
from watchjournal.ui.review.recovery import EditorRecovery, RecoveredReviews
from watchjournal.ui.window.other_machines import OtherMachines

if TYPE_CHECKING:
    from watchjournal.ui.review.editor import ReviewEditor

MESSAGE_MS = 15000  # how long a message about recovered text stays in the status bar


class ServerAway(QObject):
    """The notice in ``window``'s status bar, and the journal's recovery files."""

    # Review text kept on this computer was saved: the film it belongs to.
    recovered = Signal(int)
    # The server answers again after being away: read what is on screen again.
    back = Signal()

    def __init__(
        self,
        window: QMainWindow,
        service: JournalService,
        runner: TaskRunner,
        recovery_dir: Path | None,
        other_machines: OtherMachines | None,
    ) -> None:
        super().__init__(window)
        self._away = False
        self._editor: ReviewEditor | None = None
        self.notice = QLabel(SERVER_AWAY_TEXT)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setAccessibleName("Journal server")
        palette = self.notice.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_color(palette))
        self.notice.setPalette(palette)
        self.notice.hide()
        window.statusBar().addPermanentWidget(self.notice, 1)
        self._status = window.statusBar()
        self.folder = (
            RecoveryFolder(recovery_dir, service.journal_name) if recovery_dir is not None else None
        )
        self.recovered_reviews: RecoveredReviews | None = None
        if self.folder is not None:
            self.recovered_reviews = RecoveredReviews(
                service, runner, self.folder, self._editor_file, self
            )
            self.recovered_reviews.message.connect(self._say)
            self.recovered_reviews.saved.connect(self.recovered.emit)
            self.recovered_reviews.save_all()  # left by a run closed while the journal was away
        if other_machines is not None:
            other_machines.reachable.connect(lambda reachable: self.set_away(not reachable))
        self._stop_listening: Callable[[], None] | None = None
        if not service.is_file_journal:
            # Reads and saves that cannot reach the server come here, not to dialogs,
            # until the window closes.
            self._stop_listening = listen_for_journal_away(lambda: self.set_away(True))
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and self._stop_listening is not None:
            self._stop_listening()
            self._stop_listening = None
        return False

    @property
    def away(self) -> bool:
        return self._away

    def editor_recovery(self) -> EditorRecovery | None:
        """The recovery file helper for the window's review editor (None: no folder)."""
        return EditorRecovery(self.folder) if self.folder is not None else None

    def adopt(self, editor: ReviewEditor) -> None:
        """Hear from the window's review editor when its saves cannot reach the journal."""
        self._editor = editor
        editor.journal_away.connect(self.set_away)  # only a server journal's editor says so

    def _editor_file(self) -> Path | None:
        return self._editor.recovery_path if self._editor is not None else None

    def set_away(self, away: bool) -> None:
        """The journal server stopped answering (True) or answers again (False)."""
        if away == self._away:
            return
        self._away = away
        self.notice.setVisible(away)
        if away:
            return
        self.back.emit()
        if self._editor is not None and self._editor.isVisible():
            self._editor.save_now()  # now, not at its next retry
        if self.recovered_reviews is not None:
            self.recovered_reviews.save_all()

    def _say(self, text: str) -> None:
        self._status.showMessage(text, MESSAGE_MS)
