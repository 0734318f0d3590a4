"""The year in review page: self-contained (no external URL), escaped, with the numbers."""

from __future__ import annotations

import base64
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.unit.stats_fixture import sample_stats
from watchjournal.interchange.targets import ExportExistsError, ProtectedFiles
from watchjournal.interchange.year_review import (
    ReviewFilm,
    YearReview,
    calendar_svg,
    month_bars_svg,
    write_year_review,
    year_review_html,
)
from watchjournal.journal.stats_types import Ranked

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
HOSTILE = '<script>alert("x")</script><img src="https://evil.example/t.png">'


class _Links(HTMLParser):
    """Every src/href attribute and every tag name of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [value or "" for name, value in attrs if name in ("src", "href")]


def _review(**changes: object) -> YearReview:
    films = (
        ReviewFilm(7, "Ballerina", 2023, 9.0, PNG_1PX),
        ReviewFilm(8, "Ballerina", 2025, 8.5, None),
    )
    return YearReview(replace(sample_stats(), **changes), films)  # type: ignore[arg-type]


def test_the_page_references_nothing_outside_itself() -> None:
    page = year_review_html(_review())
    parser = _Links()
    parser.feed(page)
    assert parser.urls, "the poster is embedded as an <img src>"
    assert all(url.startswith("data:image/png;base64,") for url in parser.urls)
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", page)
    assert not re.search(r"(src|href)\s*=\s*['\"]?(https?:|//)", page)
    assert "<link" not in page and "@import" not in page


def test_user_text_is_escaped_everywhere() -> None:
    stats = sample_stats(query=HOSTILE)
    evil = Ranked(HOSTILE, 3, 9.0)
    review = YearReview(
        replace(stats, directors=(evil,), countries=(evil,)),
        (ReviewFilm(1, HOSTILE, 2025, 9.0, None),),
    )
    page = year_review_html(review)
    parser = _Links()
    parser.feed(page)
    assert "script" not in parser.tags
    assert parser.urls == []  # the hostile <img> stayed text
    assert "&lt;script&gt;" in page


def test_the_page_shows_the_numbers_of_the_year() -> None:
    stats = sample_stats()
    page = year_review_html(_review())
    assert "<h1>2025 in review</h1>" in page
    assert f"<b>{stats.films.value:,}</b><span>films</span>" in page
    assert f"<b>{stats.words:,}</b><span>words written</span>" in page
    assert "Ballerina (2023)" in page and "Ballerina (2025)" in page
    assert "first film of 2025" in page and "Lee Chung-hyun" in page
    assert f"2025-06: {stats.by_month['2025-06']} viewings" in page


def test_month_bars_are_as_tall_as_their_counts() -> None:
    svg = month_bars_svg({"2025-01": 2, "2025-02": 4, "2025-03": 0}, height=134)
    heights = [float(h) for h in re.findall(r'<rect class="bar"[^>]* height="([\d.]+)"', svg)]
    assert heights == [50.0, 100.0, 0.0]


def test_the_calendar_has_every_day_of_the_year() -> None:
    from datetime import date

    svg = calendar_svg({date(2024, 2, 29): 3}, 2024)
    assert svg.count("<rect") == 366
    assert "2024-02-29: 3 viewings" in svg


def test_one_film_year_still_makes_a_page() -> None:
    stats = sample_stats()
    page = year_review_html(
        YearReview(replace(stats, directors=(), cast=(), genres=(), countries=(), decades=()))
    )
    assert "<h2>Highest rated</h2>" not in page
    assert page.startswith("<!DOCTYPE html>")


def test_an_existing_file_is_replaced_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "2025.html"
    target.write_text("mine")
    protected = ProtectedFiles.of(_NoJournal())
    with pytest.raises(ExportExistsError):
        write_year_review("<p>new</p>", target, protected)
    assert target.read_text() == "mine"
    assert write_year_review("<p>new</p>", target, protected, overwrite=True) is True
    assert target.read_text() == "<p>new</p>"


class _NoJournal:
    path = None
    backup_dir = None
