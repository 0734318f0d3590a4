"""The Log dialog (Letterboxd's "Log", our Ctrl+M): a diary entry and, in the same go,
a rating, the film's like, tags and a review; any part of them.

Opened on a diary entry it edits it, filled in with the entry and the review
about it. What it asks of the journal (is this a rewatch?) comes through the
callable it is given, so the dialog never reads the journal itself; the window
writes ``entry()`` in one write on its writer lane.

Rewatch is pre-checked by the one rewatch rule for the day chosen
(``JournalService.implied_rewatch``) and follows the date until the user ticks
it; only a choice that differs from the rule is stored, as the entry's override.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from watchjournal.journal import (
    FilmRecord,
    LogEntry,
    ReviewFields,
    ReviewRecord,
    ViewingFields,
    ViewingRecord,
)
from watchjournal.ui.common.formatting import date_edit_format
from watchjournal.ui.common.forms import align_label_columns, form_layout
from watchjournal.ui.common.keyboard import discard_confirmed
from watchjournal.ui.common.preferences import UiPreferences
from watchjournal.ui.common.widgets import plain_label, separator
from watchjournal.ui.review.rating import RatingSlider
from watchjournal.ui.review.tag_edit import TagLineEdit

ImpliedRewatch = Callable[[date | None], bool]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class DateField(QDateEdit):
    """A date field that Tab leaves at once (Left and Right move between day, month and
    year), so Tab goes from field to field as everywhere else in the dialog."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class LogDialog(QDialog):
    """Log a viewing of ``film``, or (``viewing`` given) edit that diary entry.

    ``implied_rewatch(day)`` says whether the rewatch rule makes a viewing on
    ``day`` a rewatch; ``review`` is the review about ``viewing`` to edit with it.
    """

    def __init__(
        self,
        film: FilmRecord,
        preferences: UiPreferences | None,
        implied_rewatch: ImpliedRewatch,
        *,
        viewing: ViewingRecord | None = None,
        review: ReviewRecord | None = None,
        default_where: str | None = None,
        known_tags: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._film = film
        self._viewing = viewing
        self._review = review
        self._implied = implied_rewatch
        # The entry's own override, kept while the user leaves the box alone.
        self._override = viewing.rewatch_override if viewing is not None else None
        self._rewatch_touched = False
        editing = self._editing = viewing is not None
        self.setWindowTitle(f"Edit Diary Entry — {film.label}" if editing else f"Log {film.label}")
        self._make_fields(preferences, known_tags or [])
        self._build_layout(editing)
        self._fill(viewing, review, default_where)
        self._initial = self.entry()

    # -- construction --------------------------------------------------------

    def _make_fields(self, preferences: UiPreferences | None, known_tags: list[str]) -> None:
        today = QDate.currentDate()
        self.date_edit = DateField(today)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMaximumDate(today)
        self.date_edit.setDisplayFormat(date_edit_format())
        self.date_edit.setAccessibleName("Date watched")
        self.date_edit.dateChanged.connect(self._date_changed)
        self.unknown_check = QCheckBox("Date &unknown")
        self.unknown_check.setAccessibleName("I don't remember when")
        self.unknown_check.toggled.connect(self._unknown_toggled)
        self.where_edit = QLineEdit()
        self.where_edit.setPlaceholderText("Cinema, Netflix, a friend's place…")
        self.where_edit.setAccessibleName("Where you watched it")
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName("Note about this viewing")
        self.rewatch_check = QCheckBox("&Rewatch")
        self.rewatch_check.clicked.connect(self._rewatch_clicked)
        self.dnf_check = QCheckBox("Did &not finish")
        self.rating = RatingSlider(preferences)
        self.like_check = QCheckBox("&Like this film")
        self.tags_edit = TagLineEdit()
        self.tags_edit.setPlaceholderText("Separate tags with commas")
        self.tags_edit.setAccessibleName("Tags of this diary entry")
        self.tags_edit.set_known_tags(known_tags)
        self.review_edit = QPlainTextEdit()
        self.review_edit.setPlaceholderText("Your review (optional). Markdown works.")
        self.review_edit.setAccessibleName("Review text")
        self.review_edit.setTabChangesFocus(True)
        self.review_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        self.spoilers_check = QCheckBox("Contains &spoilers")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _build_layout(self, editing: bool) -> None:
        layout = QVBoxLayout(self)
        question = "Diary entry of" if editing else "When did you watch"
        heading = plain_label(
            f"{question} {self._film.label}{'' if editing else '?'}", point_delta=1, bold=True
        )
        layout.addWidget(heading)
        viewing_form = form_layout()
        when = QHBoxLayout()
        when.addWidget(self.date_edit)
        when.addWidget(self.unknown_check)
        when.addStretch(1)
        date_label = QLabel("&Date")
        date_label.setBuddy(self.date_edit)
        viewing_form.addRow(date_label, when)
        viewing_form.addRow("&Where", self.where_edit)
        viewing_form.addRow("N&ote", self.note_edit)
        flags = QHBoxLayout()
        flags.addWidget(self.rewatch_check)
        flags.addWidget(self.dnf_check)
        flags.addStretch(1)
        viewing_form.addRow("", flags)
        layout.addLayout(viewing_form)
        earlier = len(self._film.viewings)
        if earlier and not editing:
            times = "once" if earlier == 1 else f"{earlier} times"
            layout.addWidget(plain_label(f"You have logged this film {times} before.", muted=True))
        layout.addWidget(separator())
        review_form = form_layout()
        review_form.addRow("R&ating", self.rating)
        review_form.addRow("", self.like_check)
        review_form.addRow("&Tags", self.tags_edit)
        review_form.addRow("Re&view", self.review_edit)
        review_form.addRow("", self.spoilers_check)
        layout.addLayout(review_form, 1)
        align_label_columns(viewing_form, review_form)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Save" if editing else "Log")
        ok.setDefault(True)
        layout.addWidget(self.buttons)
        order: list[QWidget] = [self.date_edit, self.unknown_check, self.where_edit]
        order += [self.note_edit, self.rewatch_check, self.dnf_check, self.rating]
        order += [self.like_check, self.tags_edit, self.review_edit, self.spoilers_check]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.setMinimumWidth(min(560, self.fontMetrics().averageCharWidth() * 70))

    def _fill(
        self,
        viewing: ViewingRecord | None,
        review: ReviewRecord | None,
        default_where: str | None,
    ) -> None:
        if viewing is not None:
            if viewing.watched_on is not None:
                self.date_edit.setDate(_qdate(viewing.watched_on))
            self.unknown_check.setChecked(viewing.watched_on is None)
            self.where_edit.setText(viewing.where or "")
            self.note_edit.setText(viewing.note or "")
            self.dnf_check.setChecked(viewing.did_not_finish)
            self.tags_edit.setText(", ".join(viewing.tags))
            self.rewatch_check.setChecked(viewing.rewatch)
        else:
            self.where_edit.setText(default_where or "")
            self.rewatch_check.setChecked(self._implied(self.watched_on()))
        if review is not None:
            self.rating.set_rating_tenths(review.rating_tenths)
            self.review_edit.setPlainText(review.body)
            self.spoilers_check.setChecked(review.spoilers)
        self.like_check.setChecked(self._film.fields.liked)
        self.date_edit.setFocus()

    # -- behaviour -----------------------------------------------------------

    def watched_on(self) -> date | None:
        if self.unknown_check.isChecked():
            return None
        day = self.date_edit.date()
        return date(day.year(), day.month(), day.day())

    def _unknown_toggled(self, unknown: bool) -> None:
        self.date_edit.setEnabled(not unknown)
        self._date_changed()

    def _date_changed(self) -> None:
        # The box follows the rule for the day chosen, until the user says otherwise.
        if not self._rewatch_touched and self._override is None:
            self.rewatch_check.setChecked(self._implied(self.watched_on()))

    def _rewatch_clicked(self) -> None:
        self._rewatch_touched = True

    def rewatch(self) -> bool | None:
        """The override to store: None when the box says what the rule says."""
        if not self._rewatch_touched and self._override is not None:
            return self._override
        checked = self.rewatch_check.isChecked()
        return None if checked == self._implied(self.watched_on()) else checked

    def entry(self) -> LogEntry:
        """What to write: the diary entry, and the review and like when they change."""
        viewing = ViewingFields(
            watched_on=self.watched_on(),
            where=self.where_edit.text(),
            note=self.note_edit.text(),
            rewatch=self.rewatch(),
            did_not_finish=self.dnf_check.isChecked(),
            tags=self.tags_edit.tags(),
        )
        liked = self.like_check.isChecked()
        return LogEntry(
            viewing,
            review=self._review_fields(),
            review_id=self._review.id if self._review is not None else None,
            liked=None if liked == self._film.fields.liked else liked,
        )

    def _review_fields(self) -> ReviewFields | None:
        rating, text = self.rating.rating_tenths, self.review_edit.toPlainText()
        spoilers = self.spoilers_check.isChecked()
        old = self._review
        if old is None:
            if rating is None and not text.strip():
                return None  # a diary entry alone
            return ReviewFields(rating_tenths=rating, body=text, spoilers=spoilers)
        if (rating, text.strip(), spoilers) == (old.rating_tenths, old.body, old.spoilers):
            return None  # unchanged: no new revision of it
        return replace(old.fields(), rating_tenths=rating, body=text, spoilers=spoilers)

    def reject(self) -> None:
        # Escape on a dialog with something typed asks before throwing it away.
        if self.entry() != self._initial and not self._discard_confirmed():
            return
        super().reject()

    def _discard_confirmed(self) -> bool:
        question = "Discard your changes?" if self._editing else "Discard this viewing?"
        return discard_confirmed(self, question)
