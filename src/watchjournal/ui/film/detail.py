"""The film detail pane: poster, facts, where to watch, the user's diary and reviews.

Buttons are bound to the main window's actions (so menus, shortcuts and
buttons share one enabled state); a review card's "Edit" asks the window to
open the review editor through the ``edit_review`` signal.

The page fits the pane at any width: the poster scales with it (a third of
the pane, 110 to 300 pixels wide), below ``STACK_BELOW`` pixels the facts go
under the poster instead of beside it, and the buttons keep their natural
size, wrapping onto more rows when the pane is narrow.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from watchjournal.journal import FilmRecord, ReviewRecord
from watchjournal.metadata.cache import PosterCache
from watchjournal.ui.common.flow_layout import FlowLayout
from watchjournal.ui.common.formatting import count_text, day_text, rating_text, stamp_text
from watchjournal.ui.common.rating_display import rating_tooltip
from watchjournal.ui.common.widgets import plain_label, separator, shown
from watchjournal.ui.film.poster_view import POSTER_SIZE, poster_pixmap

STACK_BELOW = 460  # pane width (pixels) under which the facts go below the poster
POSTER_MIN_WIDTH, POSTER_MAX_WIDTH = 110, 300


def poster_size_for(pane_width: int) -> QSize:
    """The poster's size in a pane this wide: a third of it, within 110..300, 2:3."""
    width = max(POSTER_MIN_WIDTH, min(POSTER_MAX_WIDTH, pane_width // 3))
    if pane_width < STACK_BELOW:  # stacked: the poster may take more of the row
        width = max(POSTER_MIN_WIDTH, min(200, pane_width - 40))
    height = width * POSTER_SIZE.height() // POSTER_SIZE.width()
    return QSize(width, height)


def _clear(layout: QVBoxLayout | QGridLayout | QHBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()  # deleteLater is deferred; do not let it linger on screen
            widget.deleteLater()


class FilmDetailPane(QScrollArea):
    edit_review = Signal(int, int)  # film id, review id

    def __init__(self, cache: PosterCache | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cache = cache
        self.as_stars = False
        self.film: FilmRecord | None = None
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Film details")
        body = self._body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(20, 18, 20, 18)
        outer.setSpacing(12)

        top = self._top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        top.setSpacing(18)
        self.poster = QLabel()
        self._poster_size = POSTER_SIZE
        self.poster.setFixedSize(POSTER_SIZE)
        self.poster.setAccessibleName("Poster")
        top.addWidget(self.poster, 0, Qt.AlignmentFlag.AlignTop)
        facts = QVBoxLayout()
        facts.setSpacing(4)
        self.title = plain_label(point_delta=7, bold=True)
        self.title.setAccessibleName("Title")
        self.original_title = plain_label(italic=True)
        self.credits = QGridLayout()
        self.credits.setHorizontalSpacing(12)
        self.credits.setVerticalSpacing(3)
        facts.addWidget(self.title)
        facts.addWidget(self.original_title)
        facts.addSpacing(6)
        facts.addLayout(self.credits)
        facts.addStretch(1)
        top.addLayout(facts, 1)
        outer.addLayout(top)

        self.actions_flow = FlowLayout(spacing=6)
        outer.addLayout(self.actions_flow)

        self.synopsis = plain_label()
        outer.addWidget(self.synopsis)
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

    def set_actions(self, actions: list[QAction]) -> None:
        """Show these window actions as buttons under the film's facts."""
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.actions_flow.addWidget(button)

    def viewportEvent(self, event: QEvent) -> bool:
        handled = super().viewportEvent(event)
        # The viewport, not the pane: it narrows when the vertical scrollbar appears.
        if event.type() == QEvent.Type.Resize:
            self._fit_to_width(self.viewport().width())
            self._fit_height()
        return handled

    def _fit_height(self) -> None:
        """As tall as the wrapped text needs at this width.

        A scroll area sizes its page from the page's size hint, which does not
        follow wrapping: in a narrow pane a review's text was cut off at the
        height it would have had at full width.
        """
        page = self._page
        layout = page.layout()
        if layout is None:
            return
        layout.activate()
        page.setMinimumHeight(page.heightForWidth(self.viewport().width()))

    def _fit_to_width(self, width: int) -> None:
        """Stack the facts under the poster in a narrow pane; scale the poster to the pane."""
        stacked = width < STACK_BELOW
        direction = QBoxLayout.Direction.LeftToRight
        if stacked:
            direction = QBoxLayout.Direction.TopToBottom
        if self._top.direction() != direction:
            self._top.setDirection(direction)
        size = poster_size_for(width)
        if size != self._poster_size:
            self._poster_size = size
            self.poster.setFixedSize(size)
            if self.film is not None:
                self._show_poster(self.film)

    def show_film(self, film: FilmRecord | None) -> None:
        self.film = film
        self._body.setVisible(film is not None)
        self._nothing.setVisible(film is None)
        if film is None:
            return
        self._show_poster(film)
        liked = "  ♥" if film.fields.liked else ""
        self.title.setText(film.label + liked)
        original = film.fields.original_title
        self.original_title.setText(original or "")
        self.original_title.setVisible(bool(original) and original != film.title)
        self._fill_credits(film)
        self.synopsis.setText(film.fields.synopsis or "")
        self.synopsis.setVisible(bool(film.fields.synopsis))
        self._fill_diary(film)
        self._fill_reviews(film)
        self._fit_height()

    def _show_poster(self, film: FilmRecord) -> None:
        ratio = self.devicePixelRatioF()
        self.poster.setPixmap(
            poster_pixmap(self._cache, film.fields.poster_ref, film.title, self._poster_size, ratio)
        )

    def _fill_credits(self, film: FilmRecord) -> None:
        _clear(self.credits)
        f = film.fields
        runtime = f"{count_text(f.runtime)} min" if f.runtime else ""
        where = "\n".join(
            w.service + (f"  (checked {day_text(w.checked_on)})" if w.checked_on else "")
            for w in f.where_to_watch
        )
        rows = [
            ("Directed by", ", ".join(f.directors)),
            ("Cast", ", ".join(f.cast)),
            ("Genres", ", ".join(f.genres)),
            ("Countries", ", ".join(f.countries)),
            ("Runtime", runtime),
            ("Where to watch", where),
        ]
        if film.watchlist is not None:
            note = f" — {film.watchlist.note}" if film.watchlist.note else ""
            rows.append(("Watchlist", f"since {stamp_text(film.watchlist.added_at)}{note}"))
        for row, (name, value) in enumerate((n, v) for n, v in rows if v):
            label = plain_label(name, muted=True, selectable=False, wrap=False)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.credits.addWidget(label, row, 0)
            self.credits.addWidget(plain_label(value), row, 1)
        self.credits.setColumnStretch(1, 1)

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
            if viewing.note:
                text += f"\n    {viewing.note}"
            self.diary.addWidget(plain_label(text))

    def _fill_reviews(self, film: FilmRecord) -> None:
        _clear(self.reviews)
        if not film.reviews:
            self.reviews.addWidget(plain_label("No review yet.", muted=True))
        for review in reversed(film.reviews):
            self.reviews.addWidget(self._review_card(film.id, review))

    def _review_card(self, film_id: int, review: ReviewRecord) -> QWidget:
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setAccessibleName(f"Review {review.headline or ''}".strip())
        layout = QVBoxLayout(card)
        layout.setContentsMargins(12, 10, 12, 10)
        head = QHBoxLayout()
        rating = rating_text(review.rating_tenths, as_stars=self.as_stars)
        score = plain_label(
            (rating + ("" if self.as_stars else "/10")) if rating else "Unrated",
            point_delta=4,
            bold=True,
            wrap=False,
        )
        score.setToolTip(rating_tooltip(review.rating_tenths, self.as_stars) or "")
        head.addWidget(score)
        head.addStretch(1)
        edit = QPushButton("Edit…")
        edit.setAccessibleName(f"Edit review {review.id}")
        edit.clicked.connect(lambda: self.edit_review.emit(film_id, review.id))
        head.addWidget(edit, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        if review.headline:  # on a line of its own: beside the score it wrapped a word a line
            layout.addWidget(plain_label(shown(review.headline), point_delta=1, bold=True))
        flags = [x for x, on in (("Draft", review.draft), ("Spoilers", review.spoilers)) if on]
        meta = [stamp_text(review.updated_at), *flags]
        if review.tags:
            meta.append("Tags: " + ", ".join(shown(tag) for tag in review.tags))
        layout.addWidget(plain_label("  ·  ".join(meta), muted=True))
        body = review.body if len(review.body) < 600 else review.body[:600] + "…"
        if review.spoilers:
            body = "This review has spoilers. Open it to read."
        text = plain_label(shown(body))
        # Keep the label's height-for-width flag: a new QSizePolicy dropped it, and the
        # text was cut to the height it would have had on one long line.
        policy = text.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Minimum)
        text.setSizePolicy(policy)
        layout.addWidget(text)
        return card
