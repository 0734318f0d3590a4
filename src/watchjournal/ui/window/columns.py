"""List columns that size to their content, with one column taking what is left.

Each column is as wide as its widest shown value or its header (capped for
free text such as a note), one column stretches, and when the list is too
narrow for all of them the least important columns are hidden, in a given
order, rather than pushed behind a horizontal scrollbar: at 800 pixels the
film list shows title, year and rating; at 1920 it shows every column with
whole dates. Columns are fitted again when the list is resized or its rows
change. A column its owner hid (a list's position column when the list is not
ranked) stays hidden and takes no room.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView

PADDING = 16  # pixels beside a cell's text (margins, sort arrow room)


@dataclass(frozen=True)
class ColumnPlan:
    """How a list's columns share its width.

    ``stretch``: the column that takes the rest (never hidden), at least
    ``stretch_min`` average characters wide. ``drop_order``: the columns hidden
    first when space is short. ``caps``: the widest a column may get, in
    average characters (free text, not dates or numbers).
    """

    stretch: int
    stretch_min: int = 16
    drop_order: Sequence[int] = ()
    caps: dict[int, int] = field(default_factory=dict)


class ColumnFitter(QObject):
    """Keeps a table's or tree's columns fitted to its width (see the module docstring)."""

    def __init__(self, view: QTableView | QTreeView, plan: ColumnPlan) -> None:
        super().__init__(view)
        self._view = view
        self._plan = plan
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.fit)
        view.viewport().installEventFilter(self)
        self.hidden: set[int] = set()
        self._watch_model()

    def _header(self) -> QHeaderView:
        view = self._view
        return view.horizontalHeader() if isinstance(view, QTableView) else view.header()

    def _watch_model(self) -> None:
        model = self._view.model()
        if model is None:
            return
        for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
            signal.connect(self._timer.start)
        model.dataChanged.connect(self._timer.start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def content_width(self, column: int) -> int:
        """How wide the column wants to be: its header or its widest shown cell, capped."""
        view: QAbstractItemView = self._view
        header = self._header()
        wanted = max(header.sectionSizeHint(column), view.sizeHintForColumn(column) + PADDING)
        cap = self._plan.caps.get(column)
        if cap is not None:
            wanted = min(wanted, cap * view.fontMetrics().averageCharWidth() + PADDING)
        return wanted

    def fit(self) -> None:
        header = self._header()
        count = header.count()
        if count == 0:
            return
        plan = self._plan
        char = self._view.fontMetrics().averageCharWidth()
        view = self._view
        owners = {c for c in range(count) if view.isColumnHidden(c) and c not in self.hidden}
        widths = {
            c: self.content_width(c) for c in range(count) if c != plan.stretch and c not in owners
        }
        available = self._view.viewport().width()
        needed_for_stretch = plan.stretch_min * char + PADDING
        hidden: set[int] = set()
        for column in plan.drop_order:
            shown = sum(w for c, w in widths.items() if c not in hidden)
            if shown + needed_for_stretch <= available:
                break
            hidden.add(column)
        header.setStretchLastSection(False)
        for column in range(count):
            if column in owners:
                continue
            self._view.setColumnHidden(column, column in hidden)
            if column == plan.stretch:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
                header.resizeSection(column, widths[column])
        self.hidden = hidden


def fit_columns(view: QTableView | QTreeView, plan: ColumnPlan) -> ColumnFitter:
    """Fit ``view``'s columns now and whenever it is resized or reloaded."""
    fitter = ColumnFitter(view, plan)
    fitter.fit()
    return fitter
