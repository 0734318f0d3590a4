"""The wall's geometry: tiles in rows across the width, section after section, by arithmetic.

Checked against brute force on small walls (every tile inside the width, none
overlapping, each found again at its own centre, headings above their
sections), and on a 100,000-film wall that only the first and last tiles are
visited to answer where things are.
"""

from __future__ import annotations

import pytest

from watchjournal.ui.wall.layout import Box, Metrics, Section, WallLayout

METRICS = Metrics(tile_width=100, tile_height=170, heading_height=30, margin=10, row_gap=8)


def overlaps(a: Box, b: Box) -> bool:
    return (
        a.x < b.x + b.width
        and b.x < a.x + a.width
        and a.y < b.y + b.height
        and b.y < a.y + a.height
    )


@pytest.mark.parametrize(
    ("width", "columns"),
    [(50, 1), (120, 1), (240, 2), (350, 3), (800, 7), (1920, 17)],
)
def test_columns_fill_the_width(width: int, columns: int) -> None:
    layout = WallLayout([Section(0, 40)], width, METRICS)
    assert layout.columns == columns
    for item in range(40):
        box = layout.box(item)
        assert box.x >= 0 and (columns == 1 or box.x + box.width <= width - METRICS.margin)


SECTIONS = [
    [Section(0, 23)],
    [Section(0, 5, "June 2025"), Section(5, 1, "May 2025"), Section(6, 13, "Date unknown")],
    [Section(0, 7, "March 2024"), Section(7, 7, "February 2024")],
]


@pytest.mark.parametrize("sections", SECTIONS)
@pytest.mark.parametrize("width", [230, 555, 1000])
def test_tiles_never_overlap_and_are_found_where_drawn(sections: list[Section], width: int) -> None:
    layout = WallLayout(sections, width, METRICS)
    count = sum(s.count for s in sections)
    boxes = [layout.box(item) for item in range(count)]
    for first in range(count):
        for second in range(first + 1, count):
            assert not overlaps(boxes[first], boxes[second]), (first, second)
        centre = (boxes[first].x + boxes[first].width // 2, boxes[first].y + 40)
        assert layout.item_at(*centre) == first
    assert max(b.y + b.height for b in boxes) <= layout.height
    # Items read left to right, top to bottom.
    assert [(b.y, b.x) for b in boxes] == sorted((b.y, b.x) for b in boxes)


@pytest.mark.parametrize("width", [230, 555, 1000])
def test_headings_sit_above_their_months_and_start_a_new_row(width: int) -> None:
    sections = SECTIONS[1]
    layout = WallLayout(sections, width, METRICS)
    for number, section in enumerate(sections):
        heading = layout.heading_box(number)
        first = layout.box(section.start)
        assert heading.y + heading.height <= first.y
        assert first.x == layout.box(0).x  # each month starts at the left edge
        if number:
            previous_last = layout.box(section.start - 1)
            assert previous_last.y + previous_last.height <= heading.y


@pytest.mark.parametrize("sections", SECTIONS)
def test_items_between_is_exactly_the_rows_in_range(sections: list[Section]) -> None:
    layout = WallLayout(sections, 420, METRICS)
    count = sum(s.count for s in sections)
    for top in range(0, layout.height, 37):
        bottom = top + 150
        expected = [
            item
            for item in range(count)
            if layout.box(item).y < bottom and layout.box(item).y + layout.row_height > top
        ]
        assert list(layout.items_between(top, bottom)) == expected


def test_gaps_and_headings_are_not_tiles() -> None:
    layout = WallLayout(SECTIONS[1], 555, METRICS)
    heading = layout.heading_box(0)
    assert layout.item_at(heading.x + 5, heading.y + 5) is None
    assert layout.item_at(1, layout.box(0).y + 5) is None  # the left margin


def test_moving_between_rows_keeps_the_column_or_takes_the_last_tile() -> None:
    # 3 columns: June has 5 items (rows of 3 and 2), May 1, then 13 of unknown date.
    layout = WallLayout(SECTIONS[1], 350, METRICS)
    assert layout.columns == 3
    assert layout.cell(2) == (0, 2)
    assert layout.at_cell(1, 2) == 4  # under the third tile of June: June's last
    assert layout.at_cell(2, 1) == 5  # May's only tile
    assert layout.at_cell(3, 1) == 7
    assert layout.at_cell(-1, 0) is None
    assert layout.at_cell(layout.grid_rows, 0) is None


def test_a_hundred_thousand_films_are_laid_out_at_once() -> None:
    layout = WallLayout([Section(0, 100_000)], 1280, METRICS)
    last = layout.box(99_999)
    assert layout.count == 100_000
    assert last.y + last.height + METRICS.margin == layout.height
    assert layout.item_at(last.x + 1, last.y + 1) == 99_999
    middle = list(layout.items_between(layout.height // 2, layout.height // 2 + 800))
    assert 0 < len(middle) <= 6 * layout.columns
    assert middle == list(range(middle[0], middle[-1] + 1))
