"""The stars the app shows and the Letterboxd export's stars are one rule.

For every tenth from 0 to 10.0 the display's half stars (``format_rating`` in
star mode, the painted stars' snapping) and the export's Rating and Rating10
(``csv_export.half_stars``/``whole_points``) agree; a journal exported to a
Letterboxd CSV carries the stars its films show, ties included (5.5 and 6.5).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from watchjournal.interchange.csv_export import half_stars, letterboxd_csv, whole_points
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.ui.common.rating_display import format_rating, snap_to_half_star


def shown_halves(tenths: int) -> int:
    """Half stars in the display's text: "★★★½" is 7."""
    text = format_rating(tenths, as_stars=True)
    assert set(text) <= {"★", "½"}, text
    return 2 * text.count("★") + text.count("½")


@pytest.mark.parametrize("tenths", range(0, 101))
def test_display_and_export_agree_for_every_tenth(tenths: int) -> None:
    halves = shown_halves(tenths)
    assert snap_to_half_star(tenths) == 10 * halves  # the painted stars
    assert Decimal(half_stars(tenths)) * 2 == halves  # the export's Rating
    assert whole_points(tenths) == halves  # and its Rating10


def test_ties_go_down_in_both() -> None:
    # 5.5 must not look like 6.4 (the issue), and the export says the same.
    assert [shown_halves(t) for t in (55, 64, 65, 66)] == [5, 6, 6, 7]
    assert [half_stars(t) for t in (55, 64, 65, 66)] == ["2.5", "3", "3", "3.5"]


def test_an_exported_journal_carries_the_stars_it_shows(service: JournalService) -> None:
    ratings = {"Five and a half": 55, "Six point four": 64, "Six and a half": 65, "Ten": 100}
    for title, tenths in ratings.items():
        film = service.add_film(FilmFields(title, year=2001))
        service.write_review(film.id, ReviewFields(rating_tenths=tenths))
    data = letterboxd_csv(service.journal_snapshot()).data.decode("utf-8")
    rows = {row["Title"]: row for row in csv.DictReader(io.StringIO(data))}
    for title, tenths in ratings.items():
        halves = shown_halves(tenths)
        assert Decimal(rows[title]["Rating"]) * 2 == halves, title
        assert int(rows[title]["Rating10"]) == halves, title
