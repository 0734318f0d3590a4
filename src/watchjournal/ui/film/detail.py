"""A film's page in the right-hand pane: poster, facts, the films it reminds you of, the
lists it is on, your diary and your reviews.

The poster scales with the pane, with the facts beside it, or under it when
the pane is narrow; the buttons keep their natural size, wrapping onto more
rows when the pane is narrow (``FlowLayout``), and the page is as tall as its
wrapped text needs at the pane's width. Names on the page are links: a director, an actor, a
genre, a country, a tag, a streaming service or a content note asks for a
search (``search_requested``), a linked film for its page (``film_requested``)
and a list for the Lists view (``list_requested``). Reviews render from
Markdown (``reviews_view``); links inside them go out through
``url_requested``. Changes to links are asked for through signals and written
by the film commands. Buttons are bound to the main window's actions (so
menus, shortcuts and buttons share one enabled state); a review card's "Edit"
asks the window to open the review editor through ``edit_review``, a diary
entry's "Edit…" to edit it (``edit_viewing``) and the watchlist row's "Edit
Note…" its note (``edit_watchlist_note``).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from watchjournal.journal import FilmLinkRecord, FilmRecord, JournalError, JournalService
from watchjournal.journal.lists import ListMembership
from watchjournal.metadata.cache import PosterCache
from watchjournal.ui.common.errors import error_text
from watchjournal.ui.common.flow_layout import FlowLayout
from watchjournal.ui.common.formatting import day_text
from watchjournal.ui.common.tasks import TaskRunner
from watchjournal.ui.common.widgets import plain_label, separator, shown
from watchjournal.ui.film.credits import CreditsGrid, with_button
from watchjournal.ui.film.links_section import LinksSection
from watchjournal.ui.film.lists_section import ListsSection
from watchjournal.ui.film.poster_view import POSTER_SIZE, poster_pixmap
from watchjournal.ui.film.reviews_view import ReviewCard

MARGIN = 20
SPACING = 18
MIN_POSTER_WIDTH = 110
MAX_POSTER_WIDTH = 380
MIN_FACTS_WIDTH = 250  # narrower than this, the facts go under the poster
POSTER_SHARE = 0.36  # of the page's width, with the facts beside it


def poster_size(width: int) -> tuple[QSize, bool]:
    """The poster's size for a page ``width`` wide, and whether the facts sit beside it."""
    inner = max(width - 2 * MARGIN, MIN_POSTER_WIDTH)
    beside = inner >= MIN_POSTER_WIDTH + SPACING + MIN_FACTS_WIDTH
    if beside:
        poster = min(int(inner * POSTER_SHARE), inner - SPACING - MIN_FACTS_WIDTH)
    else:
        poster = int(inner * 0.6)
    poster = max(MIN_POSTER_WIDTH, min(poster, MAX_POSTER_WIDTH))
    ratio = POSTER_SIZE.height() / POSTER_SIZE.width()
    return QSize(poster, round(poster * ratio)), beside


def _clear(layout: QVBoxLayout | QGridLayout | QHBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()  # deleteLater is deferred; do not let it linger on screen
            widget.deleteLater()


class FilmDetailPane(QScrollArea):
    edit_review = Signal(int, int)  # film id, review id
    edit_viewing = Signal(int)  # a diary entry's "Edit…": its viewing id
    edit_watchlist_note = Signal(int)  # the watchlist row's "Edit Note…": the film id
    search_requested = Signal(str)  # a query: director:"Len Wiseman"
    film_requested = Signal(int)  # a linked film's page
    list_requested = Signal(int)  # a list the film is on
    url_requested = Signal(QUrl)  # a link inside a review
    link_requested = Signal(int, int, str)  # film, other film, note
    link_note_changed = Signal(int, int, str)  # film, other film, note ("" removes it)
    unlink_requested = Signal(int, int)  # film, other film

    def __init__(
        self,
        cache: PosterCache | None,
        parent: QWidget | None = None,
        *,
        service: JournalService | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._cache = cache
        self._service = service
        self.as_stars = False
        self.film: FilmRecord | None = None
        self._spoilers_shown: set[int] = set()  # review ids, for the film on the page
        self._poster_size = QSize()
        self._fitting_height = False
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Film details")
        body = self._body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(MARGIN, 18, MARGIN, 18)
        outer.setSpacing(12)
        outer.addLayout(self._make_top())

        # Natural size, wrapping: at 1920 wide a grid stretched each button to 600 pixels.
        self.actions_flow = FlowLayout(spacing=6)
        outer.addLayout(self.actions_flow)
        outer.addWidget(separator())
        self.links: LinksSection | None = None
        self.lists = ListsSection(body)
        self.lists.list_requested.connect(self.list_requested)
        self.lists.hide()
        if service is not None:
            self.links = LinksSection(service, runner or TaskRunner(self))
            self._connect_links(self.links)
            outer.addWidget(self.links)
            outer.addWidget(self.lists)
            outer.addWidget(separator())
        self.diary_heading = plain_label("Your diary", point_delta=2, bold=True)
        outer.addWidget(self.diary_heading)
        self.diary = QVBoxLayout()
        self.diary.setSpacing(2)
        outer.addLayout(self.diary)
        outer.addWidget(separator())
        self.reviews_heading = plain_label("Your reviews", point_delta=2, bold=True)
        outer.addWidget(self.reviews_heading)
        self.reviews = QVBoxLayout()
        self.reviews.setSpacing(10)
        outer.addLayout(self.reviews)
        outer.addStretch(1)
        self._nothing = plain_label(
            "Select a film to see its details.", muted=True, selectable=False
        )
        self._nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._page = QWidget()
        page_layout = QVBoxLayout(self._page)
        page_layout.addWidget(body)
        page_layout.addWidget(self._nothing, 1)
        page_layout.setContentsMargins(0, 0, 0, 0)
        self.setWidget(self._page)
        self.show_film(None)

    def _make_top(self) -> QBoxLayout:
        top = self._top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        top.setSpacing(SPACING)
        self.poster = QLabel()
        self.poster.setAccessibleName("Poster")
        self.poster.setAlignment(Qt.AlignmentFlag.AlignCenter)
        top.addWidget(self.poster, 0, Qt.AlignmentFlag.AlignTop)
        facts = QVBoxLayout()
        facts.setSpacing(4)
        self.title = plain_label(point_delta=7, bold=True)
        self.title.setAccessibleName("Title")
        self.original_title = plain_label(italic=True)
        self.credits = CreditsGrid()
        self.credits.search_requested.connect(self.search_requested)
        self.credits.watchlist_note_requested.connect(
            lambda: self.edit_watchlist_note.emit(self.film.id) if self.film else None
        )
        facts.addWidget(self.title)
        facts.addWidget(self.original_title)
        facts.addSpacing(6)
        facts.addWidget(self.credits)
        self.synopsis = plain_label()  # beside the poster when there is room, else under it
        facts.addSpacing(6)
        facts.addWidget(self.synopsis)
        facts.addStretch(1)
        top.addLayout(facts, 1)
        return top

    def _connect_links(self, links: LinksSection) -> None:
        def film_id() -> int:
            assert self.film is not None  # the section shows only with a film
            return self.film.id

        links.film_requested.connect(self.film_requested)
        links.link_requested.connect(
            lambda other, note: self.link_requested.emit(film_id(), other, note)
        )
        links.note_changed.connect(
            lambda other, note: self.link_note_changed.emit(film_id(), other, note)
        )
        links.unlink_requested.connect(lambda other: self.unlink_requested.emit(film_id(), other))

    def set_actions(self, actions: list[QAction]) -> None:
        """Show these window actions as buttons under the film's facts."""
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.actions_flow.addWidget(button)

    def show_film(self, film: FilmRecord | None) -> None:
        if film is None or self.film is None or film.id != self.film.id:
            self._spoilers_shown = set()
        self.film = film
        self._body.setVisible(film is not None)
        self._nothing.setVisible(film is None)
        if film is None:
            return
        self._poster_size = QSize()  # drawn again for this film
        self._fit_to_width()
        liked = "  ♥" if film.fields.liked else ""
        self.title.setText(film.label + liked)
        original = film.fields.original_title
        self.original_title.setText(original or "")
        self.original_title.setVisible(bool(original) and original != film.title)
        self.credits.set_film(film)
        self.synopsis.setText(film.fields.synopsis or "")
        self.synopsis.setVisible(bool(film.fields.synopsis))
        self._fill_connections(film)
        self._fill_diary(film)
        self._fill_reviews(film)
        self._fit_height()

    def _fill_connections(self, film: FilmRecord) -> None:
        if self.links is None or self._service is None:
            return
        links: list[FilmLinkRecord] = []
        lists: list[ListMembership] = []
        problem = None
        try:
            links = self._service.links_of(film.id)
            lists = self._service.lists_of_film(film.id)
        except JournalError as exc:
            problem = error_text(exc)
        self.links.set_links(film.id, links)
        if problem is not None:
            self.links.message.setText(problem)
            self.links.message.show()
        self.lists.set_lists(lists)

    # The poster and the facts follow the page's width ---------------------------------
    def viewportEvent(self, event: QEvent) -> bool:
        handled = super().viewportEvent(event)
        # The viewport, not the pane: it narrows when the vertical scrollbar appears.
        if event.type() == QEvent.Type.Resize:
            self._fit_to_width()
            self._fit_height()
        return handled

    def _fit_height(self) -> None:
        """As tall as the wrapped text needs at this width.

        A scroll area sizes its page from the page's size hint, which does not
        follow wrapping: in a narrow pane a review's text was cut off at the
        height it would have had at full width.
        """
        # No layout.activate() here: laying the page out at once, in the middle of
        # show_film, crashed (a queued call reached a widget deleted meanwhile); the
        # layout answers heightForWidth without it.
        if self._fitting_height:
            return
        # Once at a time: the new height can show or hide the scroll bar, which resizes
        # the viewport and would call this again from inside.
        self._fitting_height = True
        try:
            self._page.setMinimumHeight(self._page.heightForWidth(self.viewport().width()))
        finally:
            self._fitting_height = False

    def _fit_to_width(self) -> None:
        width = self.viewport().width()
        size, beside = poster_size(width)
        direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        if self._top.direction() != direction:
            self._top.setDirection(direction)
            align = Qt.AlignmentFlag.AlignTop if beside else Qt.AlignmentFlag.AlignHCenter
            self._top.setAlignment(self.poster, align)
        if self.film is None or size == self._poster_size:
            return
        self._poster_size = size
        film = self.film
        self.poster.setFixedSize(size)
        self.poster.setPixmap(
            poster_pixmap(
                self._cache, film.fields.poster_ref, film.title, size, self.devicePixelRatioF()
            )
        )

    # Diary and reviews ------------------------------------------------------------------
    def _fill_diary(self, film: FilmRecord) -> None:
        _clear(self.diary)
        if not film.viewings:
            self.diary.addWidget(plain_label("Not watched yet.", muted=True))
        for viewing in reversed(film.viewings):
            day = day_text(viewing.watched_on) or "Date unknown"
            extra = [
                x
                for x in (
                    viewing.where,
                    "rewatch" if viewing.rewatch else None,
                    "did not finish" if viewing.did_not_finish else None,
                )
                if x
            ]
            text = day + (f"  ·  {', '.join(extra)}" if extra else "")
            if viewing.tags:
                text += "\n    Tags: " + ", ".join(shown(tag) for tag in viewing.tags)
            if viewing.note:
                text += f"\n    {viewing.note}"
            self.diary.addWidget(
                with_button(
                    plain_label(text),
                    "Edit…",
                    f"Edit the diary entry of {day}",
                    partial(self.edit_viewing.emit, viewing.id),
                )
            )

    def _fill_reviews(self, film: FilmRecord) -> None:
        _clear(self.reviews)
        if not film.reviews:
            self.reviews.addWidget(plain_label("No review yet.", muted=True))
        for review in reversed(film.reviews):
            card = ReviewCard(
                review, as_stars=self.as_stars, show_spoilers=review.id in self._spoilers_shown
            )
            card.edit_requested.connect(
                lambda review_id, film_id=film.id: self.edit_review.emit(film_id, review_id)
            )
            card.search_requested.connect(self.search_requested)
            card.url_requested.connect(self.url_requested)
            card.spoilers_shown.connect(self._spoilers_shown.add)
            self.reviews.addWidget(card)

    def review_cards(self) -> list[ReviewCard]:
        """The review cards on the page, newest first."""
        items = (self.reviews.itemAt(i) for i in range(self.reviews.count()))
        cards = (item.widget() for item in items if item is not None)
        return [card for card in cards if isinstance(card, ReviewCard)]
