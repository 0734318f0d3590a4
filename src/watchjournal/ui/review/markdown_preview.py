"""A read-only Markdown preview that never loads anything and never renders raw HTML.

Reviews are the user's text but may be pasted from anywhere: raw HTML in them
(``<img src="http://…">``, ``<b>``) is shown literally, Markdown images are
not fetched (only their alt text shows), and links do not open.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import (
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

MARKDOWN_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)
LINE_HEIGHT_PROPORTIONAL = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value


class MarkdownPreview(QTextBrowser):
    """Shows a review body rendered from Markdown, with HTML and resources off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName("Review preview")
        self.document().setDocumentMargin(12)
        self.blocked_resources: list[QUrl] = []

    def set_markdown_text(self, text: str) -> None:
        document = self.document()
        document.setMarkdown(text, MARKDOWN_FEATURES)
        # Qt's Markdown import gives paragraphs no space between them; add some,
        # less within lists, and set quotes in the secondary text colour.
        line = self.fontMetrics().height()
        quote = QTextCharFormat()
        quote.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
        block = document.begin()
        while block.isValid():
            cursor = QTextCursor(block)
            spacing = QTextBlockFormat()
            spacing.setBottomMargin(line * (0.25 if block.textList() else 0.6))
            spacing.setLineHeight(125, LINE_HEIGHT_PROPORTIONAL)
            cursor.mergeBlockFormat(spacing)
            if block.blockFormat().intProperty(QTextFormat.Property.BlockQuoteLevel):
                cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
                cursor.mergeCharFormat(quote)
            block = block.next()

    def loadResource(self, resource_type: int, name: QUrl | str) -> Any:
        # Nothing in a review may make the app read a file or reach a server.
        self.blocked_resources.append(QUrl(name))
        return None
