"""A film's reviews on its page: each a card with the rating, headline, tags and the body
rendered from Markdown, safely.

The body is a ``MarkdownPreview`` (ui/review): raw HTML shows as text, no
image or other resource is ever loaded (``loadResource`` returns nothing) and
links do not open by themselves; a click on one is passed on through
``url_requested`` for the window to decide. The card grows to its text, so the
page scrolls as one. A review marked as having spoilers keeps its body and
tags behind a "Show Spoilers" button, one review at a time.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from watchjournal.journal import ReviewRecord
from watchjournal.ui.common.formatting import rating_text, stamp_text
from watchjournal.ui.common.rating_display import rating_tooltip
from watchjournal.ui.common.widgets import plain_label, shown
from watchjournal.ui.film.credits import search_pieces
from watchjournal.ui.film.link_label import LinkLabel, Piece
from watchjournal.ui.review.markdown_preview import MarkdownPreview

OBJECT_CHARACTER = "\ufffc"  # where the document holds an image


class ReviewBody(MarkdownPreview):
    """A review's Markdown, as tall as its text: no scroll bar of its own, no frame."""

    def __init__(self, markdown: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Review")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setAutoFillBackground(False)  # the card's colour shows through
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(2)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit())
        self.set_markdown_text(markdown)
        self._images_as_text()
        self._fit()

    def _images_as_text(self) -> None:
        """Each image becomes its description in brackets: nothing is fetched, nor shown as a
        broken picture (``loadResource`` refuses them anyway, should one be asked for)."""
        document = self.document()
        text = document.toPlainText()  # one character per document position
        spots = [at for at, char in enumerate(text) if char == OBJECT_CHARACTER]
        for at in reversed(spots):
            cursor = QTextCursor(document)
            cursor.setPosition(at)
            cursor.setPosition(at + 1, QTextCursor.MoveMode.KeepAnchor)
            image = cursor.charFormat()
            if not image.isImageFormat():
                continue
            alt = str(image.property(QTextFormat.Property.ImageAltText) or "").strip()
            look = QTextCharFormat()
            look.setFontItalic(True)
            look.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
            cursor.insertText(f"[image: {alt}]" if alt else "[image]", look)

    def _fit(self) -> None:
        height = math.ceil(self.document().size().height()) + 2 * self.frameWidth()
        if height != self.height():
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)  # the document takes the new width...
        self._fit()  # ...and the widget its new height


class ReviewCard(QFrame):
    edit_requested = Signal(int)  # review id
    search_requested = Signal(str)
    url_requested = Signal(QUrl)
    spoilers_shown = Signal(int)  # review id

    def __init__(
        self,
        review: ReviewRecord,
        *,
        as_stars: bool = False,
        show_spoilers: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.review = review
        self.body: ReviewBody | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"Review {review.headline or ''}".strip())
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(12, 10, 12, 10)
        self._layout.setSpacing(6)
        self._layout.addLayout(self._head(as_stars))
        if review.headline:  # on a line of its own: beside the score it wrapped a word a line
            self._layout.addWidget(plain_label(shown(review.headline), point_delta=1, bold=True))
        flags = [x for x, on in (("Draft", review.draft), ("Spoilers", review.spoilers)) if on]
        meta = plain_label("  ·  ".join([stamp_text(review.updated_at), *flags]), muted=True)
        self._layout.addWidget(meta)
        self.tags = LinkLabel(muted=True)  # filled only when the review may be read
        self.tags.setAccessibleName("Tags")
        self.tags.activated.connect(lambda query: self.search_requested.emit(str(query)))
        self.tags.hide()
        self._layout.addWidget(self.tags)
        self.spoiler_button: QPushButton | None = None
        if review.spoilers and not show_spoilers:
            self._layout.addLayout(self._spoiler_row())
        else:
            self._add_body()

    def _head(self, as_stars: bool) -> QHBoxLayout:
        review = self.review
        head = QHBoxLayout()
        rating = rating_text(review.rating_tenths, as_stars=as_stars)
        score = plain_label(
            (rating + ("" if as_stars else "/10")) if rating else "Unrated",
            point_delta=4,
            bold=True,
            wrap=False,
        )
        score.setToolTip(rating_tooltip(review.rating_tenths, as_stars) or "")
        head.addWidget(score, 0, Qt.AlignmentFlag.AlignTop)
        head.addStretch(1)
        edit = QPushButton("Edit…")
        edit.setAccessibleName(f"Edit review {review.id}")
        edit.clicked.connect(lambda: self.edit_requested.emit(review.id))
        head.addWidget(edit, 0, Qt.AlignmentFlag.AlignTop)
        return head

    def _spoiler_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(plain_label("This review has spoilers.", muted=True), 1)
        button = self.spoiler_button = QPushButton("Show Spoilers")
        button.setAccessibleName(f"Show spoilers of review {self.review.id}")
        button.clicked.connect(self.show_spoilers)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self._spoiler_row_layout = row
        return row

    def show_spoilers(self) -> None:
        """Show this review's body and tags (the others stay hidden)."""
        if self.body is not None:
            return
        row = self._spoiler_row_layout
        while row.count():
            item = row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.spoiler_button = None
        self._add_body()
        self.spoilers_shown.emit(self.review.id)

    def _add_body(self) -> None:
        if self.review.tags:
            self.tags.set_pieces([Piece("Tags: "), *search_pieces("tag", self.review.tags)])
            self.tags.show()
        if not self.review.body.strip():
            return
        self.body = ReviewBody(self.review.body)
        self.body.anchorClicked.connect(self.url_requested.emit)
        self._layout.addWidget(self.body)
