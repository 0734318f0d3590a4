"""The year in review page on the years users have: an empty month shows no "0", a
year with no viewings says so, a year of one film names it once."""

from __future__ import annotations

import re
from dataclasses import replace

from tests.unit.stats_fixture import sample_stats
from watchjournal.interchange.year_review import YearReview, month_bars_svg, year_review_html
from watchjournal.journal.stats_types import Count


def test_an_empty_month_is_the_baseline_alone() -> None:
    svg = month_bars_svg({"2025-01": 2, "2025-02": 0, "2025-03": 1234})
    numbers = re.findall(r'<text class="n"[^>]*>([^<]*)</text>', svg)
    assert numbers == ["2", "1,234"]
    assert '<line class="base"' in svg


def test_a_year_with_no_viewings_says_so_instead_of_empty_charts() -> None:
    stats = sample_stats()
    empty = replace(
        stats,
        films=Count(0),
        viewings=Count(0),
        by_month=dict.fromkeys(stats.by_month, 0),
        by_day={},
        first_film=None,
        last_film=None,
    )
    page = year_review_html(YearReview(empty))
    assert "Nothing in the diary for 2025 (yet)." in page
    assert "<h2>Month by month</h2>" not in page and "<h2>The calendar</h2>" not in page
    assert "<h2>Month by month</h2>" in year_review_html(YearReview(stats))


def test_a_year_of_one_film_names_it_once() -> None:
    stats = sample_stats()
    assert stats.first_film is not None
    one = replace(stats, last_film=stats.first_film)
    page = year_review_html(YearReview(one))
    assert page.count("Ballerina (2023)") == 1
    assert "last film of 2025" not in page
    both = year_review_html(YearReview(stats))
    assert "first film of 2025" in both and "last film of 2025" in both
