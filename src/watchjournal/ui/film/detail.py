"""The film detail pane: poster, facts, where to watch, the user's diary and reviews.

Buttons are bound to the main window's actions (so menus, shortcuts and
buttons share one enabled state); a review card's "Edit" asks the window to
open the review editor through the ``edit_review`` signal.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
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
from watchjournal.ui.common.formatting import count_text, day_text, rating_text, stamp_text
from watchjournal.ui.common.widgets import plain_label, separator, shown
from watchjournal.ui.film.poster_view import POSTER_SIZE, poster_pixmap


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

        top = QHBoxLayout()
        top.setSpacing(18)
        self.poster = QLabel()
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

        self.actions_grid = QGridLayout()
        self.actions_grid.setHorizontalSpacing(6)
        self.actions_grid.setVerticalSpacing(6)
        outer.addLayout(self.actions_grid)

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
        for number, action in enumerate(actions):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.actions_grid.addWidget(button, number // 2, number % 2)

    def show_film(self, film: FilmRecord | None) -> None:
        self.film = film
        self._body.setVisible(film is not None)
        self._nothing.setVisible(film is None)
        if film is None:
            return
        ratio = self.devicePixelRatioF()
        self.poster.setPixmap(
            poster_pixmap(self._cache, film.fields.poster_ref, film.title, POSTER_SIZE, ratio)
        )
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
            shown_value: QWidget = plain_label(value)
            if name == "Watchlist":
                shown_value = self._with_button(
                    plain_label(value),
                    "Edit Note…",
                    f"Edit the watchlist note of {film.label}",
                    lambda: self.edit_watchlist_note.emit(film.id),
                )
            self.credits.addWidget(shown_value, row, 1)
        self.credits.setColumnStretch(1, 1)

    @staticmethod
    def _with_button(
        text: QLabel, button_text: str, accessible: str, clicked: Callable[[], None]
    ) -> QWidget:
        """``text`` with a small button after it (edit what it shows)."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(text, 1)
        button = QPushButton(button_text)
        button.setAccessibleName(accessible)
        button.clicked.connect(lambda: clicked())  # not clicked(checked): it takes no argument
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return row

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
                self._with_button(
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
        head.addWidget(score)
        head.addWidget(plain_label(shown(review.headline), point_delta=1, bold=True), 1)
        edit = QPushButton("Edit…")
        edit.setAccessibleName(f"Edit review {review.id}")
        edit.clicked.connect(lambda: self.edit_review.emit(film_id, review.id))
        head.addWidget(edit, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        flags = [x for x, on in (("Draft", review.draft), ("Spoilers", review.spoilers)) if on]
        meta = [stamp_text(review.updated_at), *flags]
        if review.tags:
            meta.append("Tags: " + ", ".join(shown(tag) for tag in review.tags))
        layout.addWidget(plain_label("  ·  ".join(meta), muted=True))
        body = review.body if len(review.body) < 600 else review.body[:600] + "…"
        if review.spoilers:
            body = "This review has spoilers. Open it to read."
        text = plain_label(shown(body))
        text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout.addWidget(text)
        return card
