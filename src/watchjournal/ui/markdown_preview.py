"""A read-only Markdown preview that never loads anything and never renders raw HTML.

Reviews are the user's text but may be pasted from anywhere: raw HTML in them
(``<img src="http://…">``, ``<b>``) is shown literally, Markdown images are
not fetched (only their alt text shows), and links do not open.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

MARKDOWN_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)


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
        self.document().setMarkdown(text, MARKDOWN_FEATURES)

    def loadResource(self, resource_type: int, name: QUrl | str) -> Any:
        # Nothing in a review may make the app read a file or reach a server.
        self.blocked_resources.append(QUrl(name))
        return None
