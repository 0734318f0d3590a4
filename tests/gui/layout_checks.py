"""Checks that a window is laid out whole: no label narrower than its longest word or
shorter than its wrapped text, no list scrolling sideways, no button past the pane.

Used by test_layout.py in this process and by test_layout_scaled.py in a
process at 200 % (QT_SCALE_FACTOR must be set before Qt starts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QLabel, QToolButton, QWidget

from watchjournal.ui.common.widgets import mnemonic_width

SLACK = 1  # pixels of rounding


def _plain(label: QLabel) -> str:
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    ):
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def _shown_labels(root: QWidget) -> Iterator[QLabel]:
    for label in root.findChildren(QLabel):
        if label.isVisibleTo(root) and label.text() and label.pixmap().isNull():
            yield label


def widest_needed(label: QLabel) -> int:
    """The width the label needs: its longest word when it wraps, else its whole line."""
    metrics = label.fontMetrics()
    text = _plain(label)
    has_mnemonic = label.buddy() is not None or label.textFormat() != Qt.TextFormat.PlainText
    if not label.wordWrap():
        lines = text.splitlines() or [text]
        if "&" in text and has_mnemonic:
            return mnemonic_width(label)
        return max(metrics.horizontalAdvance(line) for line in lines)
    words = [w for w in re.split(r"\s+", text) if w]
    return max((metrics.horizontalAdvance(word) for word in words), default=0)


def clipped_labels(root: QWidget) -> list[str]:
    """Every visible label in ``root`` that is cut: too narrow for its longest word (or
    line, when it does not wrap) or too short for its text at its width."""
    problems: list[str] = []
    for label in _shown_labels(root):
        room = label.contentsRect().width() - 2 * max(0, label.indent()) - 2 * label.margin()
        need = widest_needed(label)
        name = f"{type(label.window()).__name__}: {_plain(label)[:40]!r}"
        if room + SLACK < need:
            problems.append(f"{name} is {room} px wide, needs {need}")
        if label.wordWrap():
            tall = label.heightForWidth(label.width())
        else:
            tall = label.fontMetrics().height() * max(1, len(_plain(label).splitlines()))
        if label.height() + SLACK < tall:
            problems.append(f"{name} is {label.height()} px high, needs {tall}")
    return problems


def sideways_lists(root: QWidget) -> list[str]:
    """Lists and tables in ``root`` that show a horizontal scrollbar."""
    return [
        view.accessibleName() or type(view).__name__
        for view in root.findChildren(QAbstractItemView)
        if view.isVisibleTo(root) and view.horizontalScrollBar().isVisible()
    ]


def buttons_past(pane: QWidget) -> list[str]:
    """Tool buttons in ``pane`` that reach past its right edge."""
    problems = []
    for button in pane.findChildren(QToolButton):
        if not button.isVisibleTo(pane):
            continue
        right = button.mapTo(pane, button.rect().topRight()).x()
        if right > pane.width():
            problems.append(f"{button.text()!r} ends at {right}, the pane at {pane.width()}")
    return problems
