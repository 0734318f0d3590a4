"""The Stats view: a period picker and a query, then the numbers, charts and tops.

Every number is a button: a click lists the films it counts in the panel at the
bottom (whose current film is the window's current film, as in the other
views) and emits ``films_shown`` so the window may show them elsewhere too.
The statistics are computed off the GUI thread; ``load_stats`` is the one
place that asks the journal for them. The charts (ui/stats/charts.py, which
imports the charting library) are built when the view is first shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from watchjournal.journal.stats_types import Count, FilmMoment, Ranked, Stats, StatsPeriod
from watchjournal.ui.common.errors import error_text
from watchjournal.ui.common.formatting import day_text
from watchjournal.ui.common.tasks import TaskControl, TaskRunner
from watchjournal.ui.common.widgets import plain_label
from watchjournal.ui.stats.heatmap import CalendarHeatmap
from watchjournal.ui.stats.tiles import TotalTile
from watchjournal.ui.window.models import FILM_ID_ROLE

if TYPE_CHECKING:
    from watchjournal.journal import JournalService
    from watchjournal.ui.stats.charts import BarChart

MODES = ("Year", "Month", "Range", "All time")
# Ranked by rating, a name needs at least this many films (a diary of a few hundred
# films has few directors with three).
RANK_MIN_FILMS = 2
TOP_ROWS = 10
CONTENT_WIDTH = 1100  # pixels, at most
WEEKDAY_SHORT = {"Monday": "Mon", "Tuesday": "Tue", "Wednesday": "Wed", "Thursday": "Thu",
                 "Friday": "Fri", "Saturday": "Sat", "Sunday": "Sun"}  # fmt: skip
MONTH_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip


def load_stats(
    service: JournalService,
    runner: TaskRunner,
    period: StatsPeriod,
    query: str | None,
    on_done: Callable[[Stats | None, BaseException | None], None],
) -> TaskControl:
    """Compute the stats of ``period`` off the GUI thread; ``on_done`` gets them back."""

    def work(_control: TaskControl) -> Stats:
        result: Stats = service.stats(period, query, min_films=RANK_MIN_FILMS)
        return result

    return runner.run(work, on_done)


def ranked_rows(stats: Stats, kind: str, by_rating: bool) -> list[Ranked]:
    """The top of a table: the service's ranking of ``kind`` by films watched, or by
    average rating among names with at least ``stats.min_films`` films."""
    ranked: Sequence[Ranked] = getattr(stats, f"{kind}_by_rating" if by_rating else kind)
    return list(ranked[:TOP_ROWS])


def _fit_height(table: QTableWidget) -> None:
    rows = sum(table.rowHeight(row) for row in range(table.rowCount()))
    frame = 2 * table.frameWidth()
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows + frame)


class StatsView(QWidget):
    films_shown = Signal(object, str)  # (tuple of film ids, what they are)
    year_in_review = Signal(int, str)  # (year, query): the window writes the files
    status = Signal(str)

    def __init__(
        self, service: JournalService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service, self.runner = service, runner
        self.stats: Stats | None = None
        self._control: TaskControl | None = None
        self._generation = 0
        self._years: list[int] = []
        self.charts: dict[str, BarChart] = {}
        self.total_buttons: dict[str, TotalTile] = {}
        self._build()

    # Building ---------------------------------------------------------------------
    def _build(self) -> None:
        self.mode = QComboBox()
        self.mode.addItems(MODES)
        self.year = QComboBox()
        self.month = QComboBox()
        self.month.addItems(MONTH_SHORT)
        today = QDate.currentDate()
        self.month.setCurrentIndex(today.month() - 1)
        self.date_from = QDateEdit(today.addMonths(-6))
        self.date_to = QDateEdit(today)
        self.query = QLineEdit()
        self.query.setPlaceholderText('Only films matching…  e.g. country:"South Korea"')
        self.query.setClearButtonEnabled(True)
        self.review_button = QPushButton("Year in Review…")
        self.review_button.setToolTip("Save this year's review as a web page and a picture")
        for widget in (self.mode, self.year, self.month):
            widget.currentIndexChanged.connect(self._period_changed)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.dateChanged.connect(self._period_changed)
        self.query.returnPressed.connect(self.reload)
        self.review_button.clicked.connect(self.ask_year_in_review)
        picker = QHBoxLayout()
        for part in (self.mode, self.year, self.month, self.date_from, self.date_to):
            picker.addWidget(part)
        picker.addWidget(self.query, 1)
        picker.addWidget(self.review_button)

        self.heading = plain_label("", point_delta=4, bold=True)
        self.notes = plain_label("", muted=True)
        self.totals = QGridLayout()
        self.chart_grid = QGridLayout()
        self.heatmap = CalendarHeatmap()
        self.heatmap.day_clicked.connect(self._day_clicked)
        self.rank_by = QComboBox()
        self.rank_by.addItems(["by films watched", f"by average rating ({RANK_MIN_FILMS}+ films)"])
        self.rank_by.currentIndexChanged.connect(lambda _i: self._fill_tables())
        self.tables: dict[str, QTableWidget] = {}
        tables = QGridLayout()
        headings = {"directors": "Director", "cast": "Cast", "genres": "Genre",
                    "countries": "Country", "decades": "Decade"}  # fmt: skip
        for i, (name, heading) in enumerate(headings.items()):
            table = self._table(heading)
            self.tables[name] = table
            tables.addWidget(table, i // 2, i % 2, Qt.AlignmentFlag.AlignTop)
        self.moments = QVBoxLayout()

        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.heading)
        column.addWidget(self.notes)
        column.addLayout(self.totals)
        column.addLayout(self.chart_grid)
        column.addWidget(plain_label("Calendar", bold=True))
        column.addWidget(self.heatmap)
        top_line = QHBoxLayout()
        top_line.addWidget(plain_label("Top", bold=True))
        top_line.addWidget(self.rank_by)
        top_line.addStretch(1)
        column.addLayout(top_line)
        column.addLayout(tables)
        self.moments_title = plain_label("Moments", bold=True)
        column.addWidget(self.moments_title)
        column.addLayout(self.moments)
        column.addStretch(1)
        # A column of readable width in the middle of a wide window, not tables with a
        # gulf between a name and its numbers.
        content.setMaximumWidth(CONTENT_WIDTH)
        self.page_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll.setWidget(content)

        self.films_label = plain_label("Click a number to see its films here.", muted=True)
        self.films_list = QListWidget()
        self.films_list.setAccessibleName("Films behind the number")
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.films_label)
        bottom_layout.addWidget(self.films_list)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(picker)
        layout.addWidget(self.splitter, 1)
        self._show_pickers()

    def _table(self, title: str) -> QTableWidget:
        table = QTableWidget(0, 3)
        table.setAccessibleName(title)
        table.setHorizontalHeaderLabels([title, "Films", "Rating"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for column in (1, 2):  # numbers and their headings on the right
            heading = table.horizontalHeaderItem(column)
            assert heading is not None  # the labels were just set
            heading.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, header.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        # As tall as its rows: the page scrolls, never a table inside it.
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        table.cellClicked.connect(lambda row, _col, t=table: self._ranked_clicked(t, row))
        return table

    def _ensure_charts(self) -> None:
        if self.charts:
            return
        # Lazy: the charting library loads when the view is first shown, not at start-up.
        from watchjournal.ui.stats.charts import BarChart

        # (name, title, unit, row, column, columns spanned): time runs across the width.
        specs = (
            ("month", "Viewings per month", "viewing", 0, 0, 2),
            ("weekday", "Viewings per weekday", "viewing", 1, 0, 1),
            ("ratings", "Your ratings", "film", 1, 1, 1),
            ("week", "Viewings per week", "viewing", 2, 0, 2),
        )
        for name, title, unit, row, column, span in specs:
            chart = BarChart(title, unit)
            self.charts[name] = chart
            self.chart_grid.addWidget(chart, row, column, 1, span)

    # The period -------------------------------------------------------------------
    def current_period(self) -> StatsPeriod:
        mode = self.mode.currentText()
        year = int(self.year.currentText() or date.today().year)
        if mode == "Year":
            return StatsPeriod.year(year)
        if mode == "Month":
            return StatsPeriod.month(year, self.month.currentIndex() + 1)
        if mode == "Range":
            start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
            assert isinstance(start, date) and isinstance(end, date)
            start, end = min(start, end), max(start, end)
            return StatsPeriod(start, end, f"{day_text(start)} – {day_text(end)}")
        return StatsPeriod()

    def set_years(self, years: Sequence[int]) -> None:
        """The years that have viewings, newest first (this year if there are none)."""
        self._years = sorted(set(years), reverse=True) or [date.today().year]
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItems([str(y) for y in self._years])
        self.year.blockSignals(False)

    def _show_pickers(self) -> None:
        mode = self.mode.currentText()
        self.year.setVisible(mode in ("Year", "Month"))
        self.month.setVisible(mode == "Month")
        self.date_from.setVisible(mode == "Range")
        self.date_to.setVisible(mode == "Range")
        self.review_button.setEnabled(mode == "Year")

    def _period_changed(self, *_args: Any) -> None:
        self._show_pickers()
        self.reload()

    # Loading ----------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # light <-> dark
            for chart in self.charts.values():
                chart.apply_palette()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self._ensure_charts()
        super().showEvent(event)

    def reload(self) -> None:
        """Ask for the years (once) and the stats of the chosen period, off the GUI thread."""
        if not self._years:
            self.runner.run(lambda _c: self.service.diary_months(), self._years_loaded)
            return
        if self._control is not None:
            self._control.cancel()
        query = self.query.text().strip() or None
        self._generation += 1
        generation = self._generation
        self._control = load_stats(
            self.service,
            self.runner,
            self.current_period(),
            query,
            lambda stats, error: self._loaded(stats, error, generation),
        )

    def _years_loaded(self, months: Any, error: BaseException | None) -> None:
        if error is not None:
            self.status.emit(error_text(error))
            return
        self.set_years([int(m.month[:4]) for m in months or () if m.month])
        self.reload()

    def _loaded(self, stats: Stats | None, error: BaseException | None, generation: int) -> None:
        if generation != self._generation:
            return  # two loads may finish out of order: show only the latest asked for
        if error is not None:
            self.notes.setText(error_text(error))
            return
        if stats is not None:
            self.show_stats(stats)

    def show_stats(self, stats: Stats) -> None:
        self.stats = stats
        self._ensure_charts()
        only = f" · {stats.query}" if stats.query else ""
        self.heading.setText(f"{stats.period.label}{only}")
        lacking = stats.viewings_without_runtime
        notes = [*stats.notes]
        if lacking:
            notes.append(f"{lacking} viewing{'s' if lacking != 1 else ''} had no runtime")
        self.notes.setText(" · ".join(notes))
        self._fill_totals(stats)
        self._fill_charts(stats)
        self.heatmap.set_days(stats.by_day, stats.period.start, stats.period.end)
        self._fill_tables()
        self._fill_moments(stats)

    def _fill_totals(self, stats: Stats) -> None:
        while self.totals.count():
            item = self.totals.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.total_buttons.clear()
        hours = Count(round(stats.minutes / 60), stats.viewings.film_ids)
        totals = (
            ("films", "films", stats.films),
            ("viewings", "viewings", stats.viewings),
            ("rewatches", "rewatches", stats.rewatches),
            ("did_not_finish", "did not finish", stats.did_not_finish),
            ("hours", "hours", hours),
            ("reviews", "reviews", stats.reviews),
            ("words", "words", Count(stats.words, stats.reviews.film_ids)),
            ("watchlist_added", "onto the watchlist", stats.watchlist_added),
            ("watchlist_removed", "off the watchlist", stats.watchlist_removed),
            ("streak", "days in a row", Count(stats.longest_streak_days)),
        )
        for i, (key, what, count) in enumerate(totals):
            tile = TotalTile(f"{count.value:,}", what)
            tile.setEnabled(bool(count.film_ids))
            tile.setToolTip(f"Show the {len(count.film_ids)} films" if count.film_ids else "")
            tile.clicked.connect(
                lambda _c=False, ids=count.film_ids, w=what: self.show_films(ids, w)
            )
            self.total_buttons[key] = tile
            self.totals.addWidget(tile, i // 5, i % 5)

    def _fill_charts(self, stats: Stats) -> None:
        months = sorted(stats.by_month)
        values = [stats.by_month[m] for m in months]
        if len(months) <= 12:
            self.charts["month"].set_data([MONTH_SHORT[int(m[5:7]) - 1] for m in months], values)
        else:  # years of months: the tooltip names the month, the axis its January
            labels = [f"{MONTH_SHORT[int(m[5:7]) - 1]} {m[:4]}" for m in months]
            years = {i: m[:4] for i, m in enumerate(months) if m.endswith("-01")}
            self.charts["month"].set_data(labels, values, years or {0: months[0][:4]})
        self.charts["weekday"].set_data(
            [WEEKDAY_SHORT.get(d, d) for d in stats.by_weekday], list(stats.by_weekday.values())
        )
        steps = sorted(stats.ratings)
        self.charts["ratings"].set_data(
            [f"{s:g}" for s in steps],
            [stats.ratings[s] for s in steps],
            {i: f"{s:g}" for i, s in enumerate(steps) if float(s).is_integer()},  # whole points
        )
        weeks = sorted(stats.by_week)
        self.charts["week"].set_data(
            [f"Week {int(w[-2:])}" for w in weeks],
            [stats.by_week[w] for w in weeks],
            {i: str(int(w[-2:])) for i, w in enumerate(weeks)},
        )
        self.charts["week"].setVisible(bool(weeks))

    def _fill_tables(self) -> None:
        if self.stats is None:
            return
        by_rating = self.rank_by.currentIndex() == 1
        for name, table in self.tables.items():
            rows = ranked_rows(self.stats, name, by_rating)
            table.setRowCount(max(len(rows), 1))
            if not rows:
                table.setSpan(0, 0, 1, 3)
                empty = QTableWidgetItem("None in this period")
                empty.setFlags(Qt.ItemFlag.NoItemFlags)  # nothing behind it to list
                empty.setData(Qt.ItemDataRole.UserRole, ())
                table.setItem(0, 0, empty)
            else:
                table.clearSpans()
            for row, ranked in enumerate(rows):
                rating = "" if ranked.average_rating is None else f"{ranked.average_rating:.1f}"
                for col, text in enumerate((ranked.name, str(ranked.films), rating)):
                    item = QTableWidgetItem(text)  # plain text: names are the user's data
                    # What a click asks the service for: its films come on demand.
                    item.setData(Qt.ItemDataRole.UserRole, (name, ranked.name))
                    if col:
                        item.setTextAlignment(
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        )
                    table.setItem(row, col, item)
            _fit_height(table)

    def _fill_moments(self, stats: Stats) -> None:
        while self.moments.count():
            item = self.moments.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        moments: list[FilmMoment] = [
            m for m in (stats.first_film, stats.last_film) if m is not None
        ]
        moments += [*stats.milestones, *stats.rating_changes]
        if stats.busiest_day is not None and stats.busiest_day[1] > 1:  # one a day is no feat
            day, n = stats.busiest_day
            viewings = f"{n} viewing{'' if n == 1 else 's'}"
            self.moments.addWidget(plain_label(f"Busiest day: {day_text(day)}, {viewings}"))
        for moment in moments:
            title = moment.title if moment.year is None else f"{moment.title} ({moment.year})"
            on = "" if moment.on is None else f" — {day_text(moment.on)}"
            button = QPushButton(f"{moment.what}: {title}{on}")
            button.setFlat(True)
            button.clicked.connect(
                lambda _c=False, m=moment, t=title: self.show_films((m.film_id,), t)
            )
            # As wide as its text and on the left (no style sheet: the style draws it).
            self.moments.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)

    # Clicks -----------------------------------------------------------------------
    def _ranked_clicked(self, table: QTableWidget, row: int) -> None:
        item = table.item(row, 0)
        key = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        if item is None or not key or self.stats is None:
            return
        stats, what, name = self.stats, item.text(), (str(key[0]), str(key[1]))
        self.films_label.setText(f"{what}: finding its films…")

        def work(_control: object) -> tuple[int, ...]:
            return self.service.stats_name_films(stats.period, stats.query, [name])[name]

        def done(ids: Any, error: BaseException | None) -> None:
            if error is not None:
                self.films_label.setText(error_text(error))
            elif self.stats is stats:  # still the statistics the click was on
                self.show_films(ids, what)

        self.runner.run(work, done)

    def _day_clicked(self, day: date) -> None:
        self.status.emit(f"{self.heatmap.tooltip_for(day)}")

    def show_films(self, film_ids: Sequence[int], what: str) -> None:
        """List the films behind a number at the bottom, and tell the window."""
        ids = tuple(film_ids)
        self.films_shown.emit(ids, what)
        self.films_label.setText(f"{what}: {len(ids)} film{'s' if len(ids) != 1 else ''}")
        self.runner.run(lambda _c: self.service.film_rows_by_ids(list(ids)), self._films_loaded)

    def _films_loaded(self, rows: Any, error: BaseException | None) -> None:
        self.films_list.clear()
        if error is not None:
            self.films_label.setText(error_text(error))
            return
        for row in rows or ():
            label = row.title if row.year is None else f"{row.title} ({row.year})"
            item = QListWidgetItem(label)
            item.setData(FILM_ID_ROLE, row.id)
            self.films_list.addItem(item)
        if self.films_list.count():
            self.films_list.setCurrentRow(0)

    def ask_year_in_review(self) -> None:
        """Ask for the review of the year shown; from another period, the view first
        shows the year its picker holds (the newest with viewings, unless changed)."""
        if self.mode.currentText() != "Year":
            self.mode.setCurrentText("Year")
        period = self.current_period()
        if period.start is not None:
            self.year_in_review.emit(period.start.year, self.query.text().strip())
