"""The one rule for showing a rating (integer tenths of 10) in half stars.

Five stars cover the 10-point scale, so one half star is one whole point (10
tenths). A rating goes to the nearest whole point, a tie (x.5) going DOWN,
and never below half a star: 6.4 and 6.5 are 3 stars, 6.6 is 3.5, and 5.5 is
2.5 (5.5 lies exactly between 2.5 and 3 stars; rounded up it would look like
6.4, which the user rated higher). The GUI's stars (``ui.common.rating_display``)
and the Letterboxd CSV export's Rating and Rating10 (``interchange.csv_export``)
both take it from here, so a film shows the stars it is exported with.
"""

from __future__ import annotations

from watchjournal.journal.validate import MAX_RATING_TENTHS

HALF_STAR_TENTHS = 10  # tenths per half star (one whole point of ten)
MAX_HALF_STARS = MAX_RATING_TENTHS // HALF_STAR_TENTHS  # 10: five whole stars


def half_star_count(tenths: int) -> int:
    """How many half stars a rating shows: 1 to 10 (64 -> 6, 65 -> 6, 66 -> 7, 55 -> 5,
    5 -> 1). It is also the rating in whole points of ten."""
    halves = (tenths + HALF_STAR_TENTHS // 2 - 1) // HALF_STAR_TENTHS  # nearest, a tie down
    return max(1, min(MAX_HALF_STARS, halves))
