"""Earlier versions of a review, shown as plain text, with "Restore this version".

Restoring is a write: it runs on the window's writer lane, with the button
disabled meanwhile, and the dialog closes once the journal has it.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from watchjournal.journal import JournalError, JournalService, ReviewRecord, RevisionRecord
from watchjournal.ui.common.errors import error_text
from watchjournal.ui.common.formatting import stamp_time_text
from watchjournal.ui.common.tasks import TaskControl, TaskRunner
from watchjournal.ui.common.theme import error_color as error_color  # the editor's too
from watchjournal.ui.review.rating import describe_rating, format_rating

EMPTY_TEXT = (
    "No earlier versions yet.\n\nThe text a review had before you opened it to edit"
    " is kept here, and the text as it stood before each pause of a minute or more."
)


def saved_text(stamp: datetime) -> str:
    """``Nov 21, 2025, 2:02 PM`` in local time and the user's locale."""
    return stamp_time_text(stamp)


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class ErrorBanner(QFrame):
    """An inline message about something that went wrong, with an optional button."""

    retry = Signal()

    def __init__(self, button_text: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._label = plain_label()
        self._label.setWordWrap(True)
        self._label.setAccessibleName("Problem")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self._label, 1)
        if button_text:
            button = QPushButton(button_text)
            button.clicked.connect(self.retry.emit)
            layout.addWidget(button)
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        # Painted rather than styled so it follows palette changes (light/dark).
        red = error_color(self.palette())
        fill = QColor(red)
        fill.setAlpha(30)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(red)
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)

    @property
    def message(self) -> str:
        return self._label.text()

    def show_message(self, text: str) -> None:
        self._label.setText(text)
        self.show()


class RevisionHistoryDialog(QDialog):
    """Lists a review's earlier versions; restoring one emits ``restored(review_id)``."""

    restored = Signal(int)

    def __init__(
        self,
        service: JournalService,
        review_id: int,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._restoring = False
        self._review_id = review_id
        self._revisions: list[RevisionRecord] = []
        self._items: list[QTreeWidgetItem] = []
        self.setWindowTitle("Earlier versions")
        self.resize(760, 480)
        self._list = self._make_list()
        self._headline = plain_label()
        self._rating = plain_label()
        self._body = QPlainTextEdit()
        self._body.setReadOnly(True)
        self._body.setAccessibleName("Text of the selected version")
        self._body.document().setDocumentMargin(8)
        self._rating.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._error = ErrorBanner()
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self._restore = QPushButton("&Restore this version")
        self._restore.setAccessibleName("Restore this version")
        self._buttons.addButton(self._restore, QDialogButtonBox.ButtonRole.ActionRole)
        self._restore.clicked.connect(self.restore_selected)
        self._buttons.rejected.connect(self.reject)
        self._pages = QStackedWidget()
        self._build_layout()
        self.reload()

    def _make_list(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels(["Saved until", "Rating", "Verdict"])
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setAccessibleName("Earlier versions")
        tree.setColumnWidth(0, 150)
        tree.setColumnWidth(1, 56)
        tree.currentItemChanged.connect(lambda *_: self._show_selected())
        return tree

    def _build_layout(self) -> None:
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        title_font = QFont(self._headline.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.15)
        self._headline.setFont(title_font)
        self._headline.setWordWrap(True)
        detail_layout.addWidget(self._headline)
        detail_layout.addWidget(self._rating)
        detail_layout.addWidget(self._body, 1)
        splitter = QSplitter()
        splitter.addWidget(self._list)
        splitter.addWidget(detail)
        splitter.setSizes([320, 440])
        splitter.setChildrenCollapsible(False)
        empty = plain_label(EMPTY_TEXT)
        empty.setWordWrap(True)
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setEnabled(False)
        self._pages.addWidget(splitter)
        self._pages.addWidget(empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self._error)
        layout.addWidget(self._pages, 1)
        row = QHBoxLayout()
        row.addWidget(self._buttons)
        layout.addLayout(row)

    @property
    def revisions(self) -> list[RevisionRecord]:
        return list(self._revisions)

    def reload(self) -> None:
        try:
            self._revisions = self._service.review_revisions(self._review_id)
        except JournalError as exc:
            self._show_error(exc)
            self._revisions = []
        self._list.clear()
        self._items = []
        for revision in self._revisions:
            item = QTreeWidgetItem(
                [
                    saved_text(revision.saved_at),
                    format_rating(revision.rating_tenths) or "–",
                    revision.headline or "(no verdict)",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, revision.id)
            self._list.addTopLevelItem(item)
            self._items.append(item)
        self._pages.setCurrentIndex(0 if self._revisions else 1)
        if self._revisions:
            self._list.setCurrentItem(self._items[0])
        self._show_selected()

    def select_revision(self, revision_id: int) -> None:
        for row, revision in enumerate(self._revisions):
            if revision.id == revision_id:
                self._list.setCurrentItem(self._items[row])

    def selected_revision(self) -> RevisionRecord | None:
        current = self._list.currentItem()
        if current is None or current not in self._items:
            return None
        return self._revisions[self._items.index(current)]

    @property
    def restoring(self) -> bool:
        return self._restoring

    def _show_selected(self) -> None:
        revision = self.selected_revision()
        self._restore.setEnabled(revision is not None and not self._restoring)
        if revision is None:
            for label in (self._headline, self._rating):
                label.clear()
            self._body.clear()
            return
        self._headline.setText(revision.headline or "(no verdict)")
        self._rating.setText(
            f"{describe_rating(revision.rating_tenths)} · saved until"
            f" {saved_text(revision.saved_at)}"
        )
        self._body.setPlainText(revision.body)

    def restore_selected(self) -> None:
        """Restore the selected version (off the GUI thread); closes once it is saved."""
        revision = self.selected_revision()
        if revision is None or self._restoring:
            return
        self._restoring = True
        self._restore.setEnabled(False)
        self._error.hide()
        review_id, service = self._review_id, self._service

        def work(_control: TaskControl) -> ReviewRecord:
            return service.restore_revision(review_id, revision.id)

        self._runner.write(work, self._restore_done, on_waiting=self._waiting)

    def _waiting(self, waiting: bool) -> None:
        if waiting:
            self._error.show_message(self._runner.waiting_message)
        else:
            self._error.hide()

    def _restore_done(self, record: ReviewRecord | None, error: BaseException | None) -> None:
        self._restoring = False
        if error is not None or record is None:
            self._show_error(error or RuntimeError("nothing was restored"))
            self._show_selected()
            return
        self.restored.emit(self._review_id)
        self.accept()

    def _show_error(self, exc: BaseException) -> None:
        message = error_text(exc)
        self._error.show_message(f"Could not restore: {message}")
