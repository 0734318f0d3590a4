"""Search results in the GUI: ranked films with a snippet, the match highlighted.

Searches run off the GUI thread as the user types (debounced by the window);
a result arriving for an older query is dropped. Snippet text is user text:
every segment is HTML-escaped before the match is wrapped in <b>, so nothing a
user wrote is ever interpreted as markup. A snippet from a review with
spoilers shows as "Spoiler: click to show" until the user clicks that line,
presses Space on the result or picks Show Spoiler from its context menu.
Enter on the results before they have arrived (Enter, Enter typed quickly
after a query) opens the first result as soon as it comes, even while the list
still shows the previous query's results (never one of those).
A rated film shows its rating on the title line (so a search by rating alone
shows what it matched), and the name of the field a snippet comes from is in
the palette's secondary text colour, as readable in dark as in light.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAction,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from watchjournal.journal import JournalError, JournalService
from watchjournal.ui.common.formatting import count_text, rating_text
from watchjournal.ui.common.tasks import TaskControl, TaskRunner
from watchjournal.ui.common.theme import muted_color
from watchjournal.ui.common.widgets import plain_label
from watchjournal.ui.window.models import FILM_ID_ROLE

if TYPE_CHECKING:
    # The search engine loads with the first search, not at start-up.
    from watchjournal.search.results import SearchHit, Snippet

RESULT_LIMIT = 200
Index = QModelIndex | QPersistentModelIndex
# bool: a spoiler snippet not shown yet (a role number clear of FILM_ID_ROLE and the
# other list roles in models.py and diary_model.py).
SPOILER_HIDDEN_ROLE = Qt.ItemDataRole.UserRole + 16
SPOILER_HIDDEN = "Spoiler: click to show"
SPOILER_HIDDEN_SPOKEN = "snippet hidden, it has spoilers: press Space to show"
# Where the painted document starts inside an item (the delegate's margins).
TEXT_LEFT = 8
TEXT_TOP = 6


def snippet_html(snippet: Snippet) -> str:
    """The snippet as HTML: every piece escaped, matches in bold."""
    return "".join(
        f"<b>{html.escape(text)}</b>" if is_match else html.escape(text)
        for text, is_match in snippet.segments
    )


def result_html(hit: SearchHit, revealed: bool = False, as_stars: bool = False) -> str:
    """The title line (with the film's rating) and, unless it only repeats the title,
    the snippet line. Secondary text is in ``<span class='muted'>`` (the delegate
    colours it from the palette).

    A spoiler snippet is replaced by "Spoiler: click to show" unless ``revealed``.
    """
    title = html.escape(hit.film.long_label)
    rating = rating_text(hit.film.rating_tenths, as_stars=as_stars)
    rated = f" <span class='muted'>· {html.escape(rating)}</span>" if rating else ""
    lines = [f"<span style='font-weight:600'>{title}</span>{rated}"]
    snippet = hit.snippet
    if snippet is not None and snippet.field != "title":
        where = html.escape(snippet.field)
        hidden = snippet.spoiler and not revealed
        text = f"<i>{html.escape(SPOILER_HIDDEN)}</i>" if hidden else snippet_html(snippet)
        lines.append(f"<span class='muted'>{where}:</span> {text}")
    return "<br>".join(lines)


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[SearchHit] = []
        self._revealed: set[int] = set()  # rows whose spoiler snippet the user asked to see
        self.as_stars = False

    def set_ratings_as_stars(self, as_stars: bool) -> None:
        self.as_stars = as_stars
        if self.hits:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.hits) - 1, 0))

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self._revealed = set()
        self.endResetModel()

    def spoiler_hidden(self, row: int) -> bool:
        if not 0 <= row < len(self.hits) or row in self._revealed:
            return False
        snippet = self.hits[row].snippet
        return snippet is not None and snippet.spoiler and snippet.field != "title"

    def reveal(self, row: int) -> bool:
        """Show this result's spoiler snippet; False if there was none hidden."""
        if not self.spoiler_hidden(row):
            return False
        self._revealed.add(row)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)
        return True

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.hits):
            return None
        hit = self.hits[index.row()]
        hidden = self.spoiler_hidden(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            if hidden:
                return f"{hit.film.long_label} — {SPOILER_HIDDEN_SPOKEN}"
            snippet = f" — {hit.snippet.text}" if hit.snippet else ""
            return hit.film.long_label + snippet
        if role == Qt.ItemDataRole.UserRole:
            return result_html(hit, revealed=not hidden, as_stars=self.as_stars)
        if role == SPOILER_HIDDEN_ROLE:
            return hidden
        if role == FILM_ID_ROLE:
            return hit.film.id
        return None


class SnippetDelegate(QStyledItemDelegate):
    """Paints a result's escaped HTML (title line + highlighted snippet)."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        muted = (
            option.palette.color(QPalette.ColorRole.HighlightedText)
            if selected
            else muted_color(option.palette)
        )
        document.setDefaultStyleSheet(f".muted {{ color: {muted.name()}; }}")
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
        painter.translate(option.rect.left() + TEXT_LEFT, option.rect.top() + TEXT_TOP)
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

    def on_snippet_line(
        self, option: QStyleOptionViewItem, index: Index, point: QPointF, title: str
    ) -> bool:
        """Whether ``point`` (viewport coordinates) is past the title, on the snippet line."""
        document = self._document(option, index)
        inside = point - QPointF(option.rect.left() + TEXT_LEFT, option.rect.top() + TEXT_TOP)
        position = document.documentLayout().hitTest(inside, Qt.HitTestAccuracy.FuzzyHit)
        return position > len(title)  # the title, then one line break, then the snippet

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        # A click on "Spoiler: click to show" reveals it; elsewhere it just selects.
        if (
            isinstance(event, QMouseEvent)
            and event.type() == QEvent.Type.MouseButtonRelease
            and event.button() == Qt.MouseButton.LeftButton
            and isinstance(model, SearchResultsModel)
            and model.spoiler_hidden(index.row())
            and self.on_snippet_line(
                option, index, event.position(), model.hits[index.row()].film.long_label
            )
        ):
            return model.reveal(index.row())
        return super().editorEvent(event, model, option, index)


class SearchPanel(QWidget):
    """The list of search results with a line for messages (bad syntax, no results)."""

    film_selected = Signal(object)  # int | None
    film_activated = Signal(int)
    counted = Signal(int)  # how many results are shown (after each search)

    def __init__(
        self, service: JournalService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._query = ""
        self._pending = False  # a search is running
        self._open_first = False  # Enter was pressed before its results came
        self._shown_query: str | None = None  # the query whose results the list holds
        self.message = plain_label(muted=True, selectable=False)
        self.model = SearchResultsModel(self)
        self.view = QListView()
        self.view.setAccessibleName("Search results")
        self.view.setModel(self.model)
        self.view.setItemDelegate(SnippetDelegate(self.view))
        self.view.setAlternatingRowColors(True)
        self.view.setUniformItemSizes(False)
        self.view.setWordWrap(True)
        self.view.installEventFilter(self)
        self.show_spoiler_action = QAction("Show &Spoiler", self.view)
        self.show_spoiler_action.setEnabled(False)
        self.show_spoiler_action.triggered.connect(self.reveal_current)
        self.view.addAction(self.show_spoiler_action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        self.view.selectionModel().currentChanged.connect(
            lambda current, _previous: self.film_selected.emit(current.data(FILM_ID_ROLE))
        )
        self.view.selectionModel().currentChanged.connect(self._update_spoiler_action)
        self.model.modelReset.connect(self._update_spoiler_action)
        self.model.dataChanged.connect(self._update_spoiler_action)
        self.view.activated.connect(
            lambda index: self.film_activated.emit(int(index.data(FILM_ID_ROLE)))
        )

    @property
    def query(self) -> str:
        return self._query

    def reveal_current(self) -> bool:
        """Show the current result's spoiler snippet (Space, or Show Spoiler)."""
        return self.model.reveal(self.view.currentIndex().row())

    def _update_spoiler_action(self) -> None:
        self.show_spoiler_action.setEnabled(
            self.model.spoiler_hidden(self.view.currentIndex().row())
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Space on a result with a hidden spoiler reveals it (Enter opens the film).
        if (
            watched is self.view
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.modifiers()
            in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            if event.key() == Qt.Key.Key_Space:
                return self.reveal_current()
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._stale():
                # Enter, Enter typed faster than the search: open its first result when it
                # comes, never a row of the query before (another film of the same title).
                self._open_first = True
                return True
        return super().eventFilter(watched, event)

    def _stale(self) -> bool:
        """Whether a search is running and the list still shows another query's
        results (or none): Enter must wait for the new ones."""
        return self._pending and (self._shown_query != self._query or not self.model.rowCount())

    def search(self, query: str) -> None:
        """Search in the background; only the newest query's results are shown."""
        self._query = query
        self._pending, self._open_first = True, False

        def work(_control: TaskControl) -> list[SearchHit]:
            return self._service.search(query, RESULT_LIMIT)

        def done(hits: list[SearchHit] | None, error: BaseException | None) -> None:
            if query != self._query:
                return  # the user typed on meanwhile
            self._pending = False
            if error is not None:
                self.model.set_hits([])
                self._shown_query = query
                known = isinstance(error, JournalError)
                self.message.setText(str(error) if known else "Search failed unexpectedly.")
                self.film_selected.emit(None)  # no result: no film from an earlier search
                self.counted.emit(0)
                return
            self.show_hits(hits or [])

        self._runner.run(work, done)

    def show_hits(self, hits: list[SearchHit]) -> None:
        self.model.set_hits(hits)
        self._shown_query = self._query
        count = len(hits)
        if not count:
            self.message.setText(f"Nothing in your journal matches “{self._query}”.")
        else:
            more = "+" if count >= RESULT_LIMIT else ""
            films = f"{count_text(count)}{more} film{'s' if count != 1 else ''}"
            self.message.setText(f"{films}, best match first")
        if count:
            self.view.setCurrentIndex(self.model.index(0, 0))
            if self._open_first:
                self.film_activated.emit(hits[0].film.id)
        else:
            self.film_selected.emit(None)  # nothing found: the pane must not show the last film
        self._open_first = False
        self.counted.emit(count)

    def set_ratings_as_stars(self, as_stars: bool) -> None:
        self.model.set_ratings_as_stars(as_stars)
