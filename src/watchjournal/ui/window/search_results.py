"""Search results in the GUI: ranked films with a snippet, the match highlighted.

Searches run off the GUI thread as the user types (debounced by the window);
a result arriving for an older query is dropped. Snippet text is user text:
every segment is HTML-escaped before the match is wrapped in <b>, so nothing a
user wrote is ever interpreted as markup.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from watchjournal.journal import JournalError, JournalService
from watchjournal.ui.common.tasks import TaskControl, TaskRunner
from watchjournal.ui.common.widgets import plain_label
from watchjournal.ui.window.models import FILM_ID_ROLE

if TYPE_CHECKING:
    # The search engine loads with the first search, not at start-up.
    from watchjournal.search.results import SearchHit, Snippet

RESULT_LIMIT = 200
Index = QModelIndex | QPersistentModelIndex


def snippet_html(snippet: Snippet) -> str:
    """The snippet as HTML: every piece escaped, matches in bold."""
    return "".join(
        f"<b>{html.escape(text)}</b>" if is_match else html.escape(text)
        for text, is_match in snippet.segments
    )


def result_html(hit: SearchHit) -> str:
    title = html.escape(hit.film.long_label)
    lines = [f"<span style='font-weight:600'>{title}</span>"]
    if hit.snippet is not None and hit.snippet.field != "title":
        where = html.escape(hit.snippet.field)
        lines.append(
            f"<span style='color:palette(mid)'>{where}:</span> {snippet_html(hit.snippet)}"
        )
    return "<br>".join(lines)


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            snippet = f" — {hit.snippet.text}" if hit.snippet else ""
            return hit.film.long_label + snippet
        if role == Qt.ItemDataRole.UserRole:
            return result_html(hit)
        if role == FILM_ID_ROLE:
            return hit.film.id
        return None


class SnippetDelegate(QStyledItemDelegate):
    """Paints a result's escaped HTML (title line + highlighted snippet)."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(str(index.data(Qt.ItemDataRole.UserRole) or ""))
        document.setTextWidth(max(100, option.rect.width() - 16))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        document = self._document(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        painter.translate(option.rect.left() + 8, option.rect.top() + 6)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        context.clip = QRectF(0, 0, option.rect.width() - 16, option.rect.height() - 12)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self.initStyleOption(option, index)
        document = self._document(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 12)


class SearchPanel(QWidget):
    """The list of search results with a line for messages (bad syntax, no results)."""

    film_selected = Signal(object)  # int | None
    film_activated = Signal(int)

    def __init__(
        self, service: JournalService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._query = ""
        self.message = plain_label(muted=True, selectable=False)
        self.model = SearchResultsModel(self)
        self.view = QListView()
        self.view.setAccessibleName("Search results")
        self.view.setModel(self.model)
        self.view.setItemDelegate(SnippetDelegate(self.view))
        self.view.setAlternatingRowColors(True)
        self.view.setUniformItemSizes(False)
        self.view.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        self.view.selectionModel().currentChanged.connect(
            lambda current, _previous: self.film_selected.emit(current.data(FILM_ID_ROLE))
        )
        self.view.activated.connect(
            lambda index: self.film_activated.emit(int(index.data(FILM_ID_ROLE)))
        )

    @property
    def query(self) -> str:
        return self._query

    def search(self, query: str) -> None:
        """Search in the background; only the newest query's results are shown."""
        self._query = query

        def work(_control: TaskControl) -> list[SearchHit]:
            return self._service.search(query, RESULT_LIMIT)

        def done(hits: list[SearchHit] | None, error: BaseException | None) -> None:
            if query != self._query:
                return  # the user typed on meanwhile
            if error is not None:
                self.model.set_hits([])
                known = isinstance(error, JournalError)
                self.message.setText(str(error) if known else "Search failed unexpectedly.")
                return
            self.show_hits(hits or [])

        self._runner.run(work, done)

    def show_hits(self, hits: list[SearchHit]) -> None:
        self.model.set_hits(hits)
        count = len(hits)
        if not count:
            self.message.setText(f"Nothing in your journal matches “{self._query}”.")
        else:
            more = "+" if count >= RESULT_LIMIT else ""
            self.message.setText(f"{count}{more} film{'s' if count != 1 else ''}, best match first")
        if count:
            self.view.setCurrentIndex(self.model.index(0, 0))
