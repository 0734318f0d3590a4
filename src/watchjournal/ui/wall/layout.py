"""Where every tile and month heading of the wall sits, by arithmetic alone.

The wall's items come in sections (the diary's months; one section without a
heading elsewhere). A section is a heading band, then rows of tiles that fill
the width. Positions are computed from the section sizes, never by visiting
every item, so laying out 100,000 films costs as little as laying out ten, and
a scroll step only looks at the items on screen. Plain integers, no Qt: the
view turns them into rectangles.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    start: int  # the first item's row in the model
    count: int
    heading: str | None = None  # None: no heading band


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int

    def contains(self, x: int, y: int) -> bool:
        return self.x <= x < self.x + self.width and self.y <= y < self.y + self.height


@dataclass(frozen=True)
class Metrics:
    tile_width: int
    tile_height: int
    heading_height: int = 0
    margin: int = 12  # around the whole wall
    row_gap: int = 10  # between rows of tiles
    min_gap: int = 8  # at least this between two tiles side by side


class WallLayout:
    """Tiles in rows across ``width``, section after section."""

    def __init__(self, sections: Sequence[Section], width: int, metrics: Metrics) -> None:
        self.sections = [s for s in sections if s.count > 0]
        self.metrics = m = metrics
        inner = max(1, width - 2 * m.margin)
        self.columns = max(1, (inner + m.min_gap) // (m.tile_width + m.min_gap))
        # Spare width is shared out: each tile is centred in an equal cell.
        self.cell_width = max(m.tile_width, inner // self.columns)
        self.left = m.margin + max(0, (inner - self.cell_width * self.columns) // 2)
        self.row_height = m.tile_height + m.row_gap
        self._starts = [s.start for s in self.sections]
        self._tops: list[int] = []  # y of each section's heading (or first row)
        self._first_rows: list[int] = []  # the global grid row of each section's first row
        y, grid_row = m.margin, 0
        for section in self.sections:
            self._tops.append(y)
            self._first_rows.append(grid_row)
            rows = self.rows_of(section)
            y += self._heading(section) + rows * self.row_height
            grid_row += rows
        self.height = y + m.margin - (m.row_gap if self.sections else 0)
        self.grid_rows = grid_row

    # Sections ------------------------------------------------------------------------
    def rows_of(self, section: Section) -> int:
        return -(-section.count // self.columns)

    def _heading(self, section: Section) -> int:
        return self.metrics.heading_height if section.heading is not None else 0

    @property
    def count(self) -> int:
        return self.sections[-1].start + self.sections[-1].count if self.sections else 0

    def section_of(self, item: int) -> int:
        """The index of the section holding ``item`` (which must exist)."""
        return max(0, bisect.bisect_right(self._starts, item) - 1)

    def heading_box(self, number: int) -> Box:
        m = self.metrics
        return Box(m.margin, self._tops[number], self.columns * self.cell_width, m.heading_height)

    # Items -----------------------------------------------------------------------
    def cell(self, item: int) -> tuple[int, int]:
        """(global grid row, column) of ``item``."""
        number = self.section_of(item)
        offset = item - self.sections[number].start
        return self._first_rows[number] + offset // self.columns, offset % self.columns

    def box(self, item: int) -> Box:
        number = self.section_of(item)
        section = self.sections[number]
        row, column = divmod(item - section.start, self.columns)
        y = self._tops[number] + self._heading(section) + row * self.row_height
        x = self.left + column * self.cell_width + (self.cell_width - self.metrics.tile_width) // 2
        return Box(x, y, self.metrics.tile_width, self.metrics.tile_height)

    def _row_top(self, grid_row: int) -> tuple[int, int, int]:
        """(section number, row inside it, y) of a global grid row."""
        number = max(0, bisect.bisect_right(self._first_rows, grid_row) - 1)
        inside = grid_row - self._first_rows[number]
        top = self._tops[number] + self._heading(self.sections[number])
        return number, inside, top + inside * self.row_height

    def at_cell(self, grid_row: int, column: int) -> int | None:
        """The item at a grid cell; past the end of a short row, that row's last item."""
        if not self.sections or not 0 <= grid_row < self.grid_rows:
            return None
        number, inside, _y = self._row_top(grid_row)
        section = self.sections[number]
        first = section.start + inside * self.columns
        last = min(section.start + section.count, first + self.columns) - 1
        return min(first + max(0, column), last)

    def item_at(self, x: int, y: int) -> int | None:
        """The item whose tile holds the point (content coordinates), else None."""
        for item in self.items_between(y, y + 1):
            if self.box(item).contains(x, y):
                return item
        return None

    def items_between(self, top: int, bottom: int) -> Iterator[int]:
        """The items whose rows reach into ``top <= y < bottom``, in order."""
        for number, section in enumerate(self.sections):
            first_y = self._tops[number] + self._heading(section)
            end_y = first_y + self.rows_of(section) * self.row_height
            if end_y <= top:
                continue
            if self._tops[number] >= bottom:
                break
            first_row = max(0, (top - first_y) // self.row_height)
            last_row = min(self.rows_of(section) - 1, (bottom - 1 - first_y) // self.row_height)
            start = section.start + first_row * self.columns
            end = min(section.start + section.count, section.start + (last_row + 1) * self.columns)
            yield from range(start, end)

    def headings_between(self, top: int, bottom: int) -> Iterator[int]:
        """The sections whose heading band reaches into ``top <= y < bottom``."""
        for number, section in enumerate(self.sections):
            if section.heading is None:
                continue
            y = self._tops[number]
            if y >= bottom:
                break
            if y + self.metrics.heading_height > top:
                yield number

    def rows_per_page(self, viewport_height: int) -> int:
        return max(1, viewport_height // self.row_height)
