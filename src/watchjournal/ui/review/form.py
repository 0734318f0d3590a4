"""The review editor's fields and their layout (ui/review/editor.py fills and saves them).

A title line with the save status beside it, a banner for what went wrong,
the rating and verdict, the Markdown body with its preview, then tags, the
linked viewing, spoilers, finished and the history button, visited by Tab in
that order. Every user-supplied string is shown as plain text.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from watchjournal.journal.types import ViewingRecord
from watchjournal.ui.common.formatting import day_text
from watchjournal.ui.common.forms import align_label_columns, buddy_label, form_layout
from watchjournal.ui.common.preferences import UiPreferences
from watchjournal.ui.review.history import ErrorBanner, error_color, plain_label
from watchjournal.ui.review.markdown_preview import MarkdownPreview
from watchjournal.ui.review.rating import RatingSlider
from watchjournal.ui.review.tag_edit import TagLineEdit


def viewing_text(viewing: ViewingRecord) -> str:
    """``1 Jun 2025 · Netflix · rewatch``: how a viewing is named in the list."""
    parts = [day_text(viewing.watched_on) or "Date unknown"]
    if viewing.where:
        parts.append(viewing.where)
    if viewing.rewatch:
        parts.append("rewatch")
    if viewing.did_not_finish:
        parts.append("did not finish")
    return " · ".join(parts)


class ReviewForm(QWidget):
    """The fields of one review and their layout; the preview follows the body."""

    def __init__(self, preferences: UiPreferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._make_widgets(preferences)
        self._build_layout()
        self.tabs.currentChanged.connect(self._tab_changed)

    def _make_widgets(self, preferences: UiPreferences) -> None:
        self._title = plain_label()
        title_font = QFont(self._title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self._title.setFont(title_font)
        self._title.setWordWrap(True)
        self._subtitle = plain_label()
        self._subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._subtitle.setWordWrap(True)
        self._status = plain_label()
        self._status.setAccessibleName("Save status")
        self._status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._banner = ErrorBanner("Try again")
        self.rating = RatingSlider(preferences)
        self.headline = QLineEdit()
        self.headline.setPlaceholderText("Your verdict in a line")
        self.headline.setAccessibleName("Verdict")
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText(
            "Write your review. Markdown works: *italics*, **bold**, > quotes, - lists."
        )
        self.body.setAccessibleName("Review text")
        self.body.setTabChangesFocus(True)
        self.body.document().setDocumentMargin(8)
        self.preview = MarkdownPreview()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.body, "Write")
        self.tabs.addTab(self.preview, "Preview")
        self.tabs.setAccessibleName("Review text and preview")
        tab_bar = self.tabs.tabBar()
        if tab_bar is not None:
            tab_bar.setAccessibleName("Write or preview")
        self.tags = TagLineEdit()
        self.tags.setPlaceholderText("Separate tags with commas")
        self.tags.setAccessibleName("Tags")
        self.viewing = QComboBox()
        self.viewing.setAccessibleName("Linked viewing")
        self.viewing.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.spoilers = QCheckBox("Contains &spoilers")
        self.spoilers.setAccessibleName("Contains spoilers")
        self.finished = QCheckBox("Fi&nished")
        self.finished.setAccessibleName("Finished, not a draft")
        self.finished.setToolTip("Unticked, the review is kept as a draft")
        self.history = QPushButton("His&tory…")
        self.history.setAccessibleName("Earlier versions")
        self.history.setToolTip("See and restore earlier versions of this review")

    def _build_layout(self) -> None:
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self._title)
        titles.addWidget(self._subtitle)
        header.addLayout(titles, 1)
        header.addWidget(self._status, 0, Qt.AlignmentFlag.AlignTop)
        top = form_layout(spacing=(12, 8))
        top.addRow(buddy_label("&Rating", self.rating), self.rating)
        top.addRow(buddy_label("Ver&dict", self.headline), self.headline)
        bottom = form_layout(spacing=(12, 8))
        bottom.addRow(buddy_label("T&ags", self.tags), self.tags)
        viewing_row = QHBoxLayout()
        viewing_row.addWidget(self.viewing)
        viewing_row.addStretch(1)
        bottom.addRow(buddy_label("Vie&wing", self.viewing), viewing_row)
        options = QHBoxLayout()
        options.setSpacing(18)
        options.addWidget(self.spoilers)
        options.addWidget(self.finished)
        options.addStretch(1)
        options.addWidget(self.history)
        bottom.addRow("", options)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addSpacing(4)
        layout.addWidget(self._banner)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        align_label_columns(top, bottom)
        order = [self.rating, self.headline, self.tabs, self.body, self.tags, self.viewing]
        order += [self.spoilers, self.finished, self.history]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.preview:
            self.preview.set_markdown_text(self.body.toPlainText())

    def _set_status(self, text: str) -> None:
        self._status.setToolTip(text)
        self._status.setAccessibleDescription(text)
        self._status.setText(
            self._status.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, 280)
        )
        failed = text.startswith("Not saved")
        palette = self.palette()
        role = QPalette.ColorRole.WindowText if failed else QPalette.ColorRole.PlaceholderText
        color = error_color(palette) if failed else palette.color(role)
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self._status.setPalette(palette)
