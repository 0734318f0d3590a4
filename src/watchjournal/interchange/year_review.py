"""The year in review as ONE self-contained HTML page (no Qt, no network).

Everything the page needs is inside it: the CSS inline, the charts drawn here as
inline SVG from the numbers of ``Stats``, the posters embedded as ``data:`` URIs
from the poster cache. No URL outside the file appears anywhere, so the page
opens offline and tells no server that it was opened. Every string that came
from the user (titles, names, the query, review text) goes through
``html.escape``. The PNG for sharing is drawn from the same ``YearReview`` by
``watchjournal.ui.stats.review_png`` (Qt lives only in ui/).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from watchjournal.interchange.files import write_atomic
from watchjournal.interchange.targets import ExportExistsError, ProtectedFiles, check_file_target
from watchjournal.journal.stats_types import FilmMoment, Ranked, Stats, StatsPeriod

if TYPE_CHECKING:
    from watchjournal.journal import JournalService
    from watchjournal.metadata.cache import PosterCache

TOP_FILMS = 8
TOP_RANKED = 5
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Poster files start with these bytes; anything else is not embedded.
_IMAGE_TYPES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG", "image/png"), (b"RIFF", "image/webp"))


@dataclass(frozen=True)
class ReviewFilm:
    """A film shown with its poster (the highest-rated of the year)."""

    film_id: int
    title: str
    year: int | None
    rating: float | None
    poster: bytes | None = None

    @property
    def label(self) -> str:
        return self.title if self.year is None else f"{self.title} ({self.year})"


@dataclass(frozen=True)
class LongestReview:
    title: str
    year: int | None
    words: int
    headline: str


@dataclass(frozen=True)
class YearReview:
    """What the page and the PNG show: the year's stats and a few films picked from it."""

    stats: Stats
    top_films: tuple[ReviewFilm, ...] = ()
    longest_review: LongestReview | None = None


def gather_year_review(
    service: JournalService, year: int, query: str | None, posters: PosterCache | None
) -> YearReview:
    """Ask the journal for ``year`` (films matching ``query`` only) and pick its best films."""
    stats = service.stats(StatsPeriod.year(year), query)
    best = service.top_rated_film_ids(stats.films.film_ids, TOP_FILMS)
    top = tuple(
        ReviewFilm(
            row.id,
            row.title,
            row.year,
            (row.rating_tenths or 0) / 10,
            _poster_bytes(posters, row.poster_ref),
        )
        for row in service.film_rows_by_ids(best)
    )
    longest = service.longest_review(stats.period.start, stats.period.end, stats.reviews.film_ids)
    return YearReview(
        stats,
        top,
        None
        if longest is None
        else LongestReview(longest.title, longest.year, longest.words, longest.headline),
    )


def _poster_bytes(posters: PosterCache | None, ref: str | None) -> bytes | None:
    if posters is None or ref is None:
        return None
    path = posters.path(ref)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:  # a cache file gone missing only loses the picture
        return None
    return data if _image_type(data) else None


def _image_type(data: bytes) -> str | None:
    return next((mime for magic, mime in _IMAGE_TYPES if data.startswith(magic)), None)


def data_uri(data: bytes) -> str | None:
    """``data:image/…;base64,…`` for poster bytes, or None if they are no known image."""
    mime = _image_type(data)
    return None if mime is None else f"data:{mime};base64,{base64.b64encode(data).decode()}"


# The page ---------------------------------------------------------------------------

_CSS = """
:root { --bg:#15161a; --fg:#f3efe8; --muted:#a3a0a8; --card:#202228; --line:#2e3038;
  --accent:#f59e0b; --heat0:#26282e; }
@media (prefers-color-scheme: light) { :root { --bg:#fbfaf7; --fg:#1d1d1f; --muted:#66656b;
  --card:#ffffff; --line:#e4e1da; --accent:#b45309; --heat0:#ece9e2; } }
* { box-sizing:border-box; }
body { margin:0; background:var(--bg); color:var(--fg);
  font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
  border-top:22px solid var(--card); }  /* the band of the picture's film strip */
main { max-width:960px; margin:0 auto; padding:32px 20px 48px; }
.kicker { color:var(--accent); font-weight:700; letter-spacing:.08em; margin:24px 0 0; }
h1 { font-size:56px; line-height:1.1; margin:0 0 6px; }
h2 { font-size:20px; margin:36px 0 12px; }
.sub { color:var(--muted); margin:0 0 24px; font-size:17px; }
.totals { display:grid; grid-template-columns:repeat(auto-fit,minmax(140px,1fr)); gap:12px; }
.total { background:var(--card); border:1px solid var(--line); border-radius:12px; padding:14px;
  text-align:center; }
.total b { display:block; font-size:30px; color:var(--accent); }
.total span { color:var(--muted); font-size:13px; }
svg { max-width:100%; height:auto; } svg text { fill:var(--muted); font-size:11px; }
svg text.n { fill:var(--fg); font-weight:700; } .base { stroke:var(--line); }
.bar { fill:var(--accent); } .heat0 { fill:var(--heat0); }
.films { display:grid; grid-template-columns:repeat(auto-fill,minmax(120px,1fr)); gap:14px; }
.film img, .film .noposter { width:100%; aspect-ratio:2/3; object-fit:cover; border-radius:8px;
  background:var(--card); display:block; }
.film .noposter { display:flex; align-items:center; justify-content:center; padding:8px;
  text-align:center; font-weight:700; }
.film p { margin:6px 0 0; font-size:13px; } .film em { color:var(--accent); font-style:normal;
  font-weight:700; display:block; }
.cols { display:grid; grid-template-columns:repeat(auto-fit,minmax(260px,1fr)); gap:20px; }
table { border-collapse:collapse; width:100%; } td { padding:4px 6px;
  border-bottom:1px solid var(--line); } td.n { text-align:right; color:var(--muted);
  white-space:nowrap; }
.moments p { margin:4px 0; } .moments b { color:var(--muted); font-weight:400; }
.empty { color:var(--muted); font-size:17px; }
footer { margin-top:40px; color:var(--muted); font-size:12px; }
"""


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def hours_text(stats: Stats) -> str:
    """Hours watched, or "–" when no viewing had a runtime to count (not "0")."""
    if stats.viewings.value and stats.viewings_without_runtime == stats.viewings.value:
        return "–"
    return f"{stats.minutes / 60:,.0f}"


def _totals(stats: Stats) -> list[tuple[str, str]]:
    return [
        (f"{stats.films.value:,}", "films"),
        (f"{stats.viewings.value:,}", "viewings"),
        (f"{stats.rewatches.value:,}", "rewatches"),
        (hours_text(stats), "hours watched"),
        (f"{stats.reviews.value:,}", "reviews"),
        (f"{stats.words:,}", "words written"),
        ("–" if stats.average_rating is None else f"{stats.average_rating:.1f}", "average rating"),
        (f"{stats.longest_streak_days:,}", "days in a row at most"),
    ]


def month_bars_svg(by_month: dict[str, int], width: int = 720, height: int = 180) -> str:
    """A bar per month, the count on top of each bar, the month's name under it."""
    months = sorted(by_month)
    if not months:
        return ""
    top = max(max(by_month.values()), 1)
    step = width / len(months)
    bar_w = step * 0.7
    chart_h = height - 34
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="Viewings per month">'
        f'<line class="base" x1="0" x2="{width}" y1="{16 + chart_h:.1f}" y2="{16 + chart_h:.1f}"/>'
    ]
    for i, month in enumerate(months):
        n = by_month[month]
        h = chart_h * n / top
        x = i * step + (step - bar_w) / 2
        y = 16 + chart_h - h
        name = MONTH_NAMES[int(month[5:7]) - 1] if len(months) <= 12 else month
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}"'
            f' rx="2"><title>{escape(month)}: {_plural(n, "viewing")}</title></rect>'
            # An empty month is the baseline alone: no "0" over it.
            + (
                f'<text class="n" x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">'
                f"{n:,}</text>"
                if n
                else ""
            )
            + f'<text x="{x + bar_w / 2:.1f}" y="{height - 4}" text-anchor="middle">'
            f"{escape(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def calendar_svg(by_day: dict[date, int], year: int, cell: int = 13) -> str:
    """The diary as a GitHub-style calendar: a column per week, a row per weekday."""
    first = date(year, 1, 1)
    origin = first - timedelta(days=first.weekday())  # the Monday of the first week
    top = max(by_day.values(), default=0) or 1
    weeks = (date(year, 12, 31) - origin).days // 7 + 1
    width, height = 30 + weeks * cell, 20 + 7 * cell
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="Calendar">']
    for row, name in enumerate(WEEKDAYS):
        if row % 2 == 0:
            parts.append(f'<text x="0" y="{20 + row * cell + cell - 3}">{name[:3]}</text>')
    day = first
    while day.year == year:
        offset = (day - origin).days
        col, row = offset // 7, offset % 7
        n = by_day.get(day, 0)
        x, y = 30 + col * cell, 20 + row * cell
        if day.day == 1:
            parts.append(f'<text x="{x}" y="12">{MONTH_NAMES[day.month - 1]}</text>')
        style = ' class="heat0"' if n == 0 else f' class="bar" opacity="{0.3 + 0.7 * n / top:.2f}"'
        parts.append(
            f'<rect{style} x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" rx="2">'
            f"<title>{day.isoformat()}: {_plural(n, 'viewing')}</title></rect>"
        )
        day += timedelta(days=1)
    parts.append("</svg>")
    return "".join(parts)


def _ranked_table(title: str, ranked: Sequence[Ranked]) -> str:
    if not ranked:
        return ""
    rows = "".join(
        f"<tr><td>{escape(r.name)}</td><td class='n'>{_plural(r.films, 'film')}</td>"
        f"<td class='n'>{'' if r.average_rating is None else f'{r.average_rating:.1f}'}</td></tr>"
        for r in sorted(ranked, key=lambda r: (-r.films, r.name))[:TOP_RANKED]
    )
    return f"<div><h2>{escape(title)}</h2><table>{rows}</table></div>"


def _film_card(film: ReviewFilm) -> str:
    uri = data_uri(film.poster) if film.poster else None
    picture = (
        f'<img src="{uri}" alt="{escape(film.label)}">'
        if uri
        else f'<div class="noposter">{escape(film.title)}</div>'  # the title on a blank card
    )
    rating = "" if film.rating is None else f" <em>{film.rating:.1f}</em>"
    return f'<div class="film">{picture}<p>{escape(film.label)}{rating}</p></div>'


def _other_last(stats: Stats) -> tuple[FilmMoment, ...]:
    """The last film of the period, unless it is the first one again (a year of one film)."""
    first, last = stats.first_film, stats.last_film
    if last is None or (first is not None and (first.film_id, first.on) == (last.film_id, last.on)):
        return ()
    return (last,)


def _moments(review: YearReview) -> str:
    stats = review.stats
    lines = []
    for moment in (stats.first_film, *_other_last(stats), *stats.milestones):
        if moment is not None:
            title = moment.title if moment.year is None else f"{moment.title} ({moment.year})"
            on = "" if moment.on is None else f" — {moment.on.isoformat()}"
            lines.append(f"<p><b>{escape(moment.what)}:</b> {escape(title)}{on}</p>")
    if stats.busiest_day is not None and stats.busiest_day[1] > 1:  # one a day is no feat
        day, n = stats.busiest_day
        lines.append(f"<p><b>Busiest day:</b> {day.isoformat()}, {_plural(n, 'viewing')}</p>")
    if review.longest_review is not None:
        longest = review.longest_review
        title = longest.title if longest.year is None else f"{longest.title} ({longest.year})"
        headline = f" “{escape(longest.headline)}”" if longest.headline else ""
        lines.append(
            f"<p><b>Longest review:</b> {escape(title)}{headline},"
            f" {_plural(longest.words, 'word')}</p>"
        )
    return f'<div class="moments">{"".join(lines)}</div>' if lines else ""


def year_review_html(review: YearReview) -> str:
    """The whole page: one string, nothing outside it."""
    stats = review.stats
    year = stats.period.start.year if stats.period.start else date.today().year
    label = escape(stats.period.label)
    only = f" · only films matching <code>{escape(stats.query)}</code>" if stats.query else ""
    totals = "".join(
        f'<div class="total"><b>{escape(value)}</b><span>{escape(what)}</span></div>'
        for value, what in _totals(stats)
    )
    films = "".join(_film_card(film) for film in review.top_films)
    ranked = "".join(
        _ranked_table(title, items)
        for title, items in (
            ("Directors", stats.directors),
            ("Cast", stats.cast),
            ("Countries", stats.countries),
            ("Genres", stats.genres),
            ("Decades", stats.decades),
        )
    )
    sections = [
        '<p class="kicker">MY YEAR IN FILM</p>',
        f"<h1>{label} in review</h1>",
        f'<p class="sub">{_plural(stats.films.value, "film")},'
        f" {_plural(stats.viewings.value, 'viewing')}{only}</p>",
        f'<section class="totals">{totals}</section>',
    ]
    if stats.viewings.value:
        sections += [
            f"<h2>Month by month</h2>{month_bars_svg(stats.by_month)}",
            f"<h2>The calendar</h2>{calendar_svg(stats.by_day, year)}",
        ]
    else:
        sections.append(f'<p class="empty">Nothing in the diary for {label} (yet).</p>')
    if films:
        sections.append(f'<h2>Highest rated</h2><section class="films">{films}</section>')
    if ranked:
        sections.append(f'<section class="cols">{ranked}</section>')
    moments = _moments(review)
    if moments:
        sections.append(f"<h2>Moments</h2>{moments}")
    sections.append("<footer>Made offline by WatchJournal from your own diary.</footer>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{label} in review</title><style>{_CSS}</style></head>"
        f"<body><main>{''.join(sections)}</main></body></html>\n"
    )


def write_year_review(
    html: str, target: Path, protected: ProtectedFiles, *, overwrite: bool = False
) -> bool:
    """Write the page to ``target`` (through a temporary file, so no half page is left);
    True if a file was replaced. Refuses to replace one unless ``overwrite``."""
    exists = check_file_target(target, protected)
    if exists and not overwrite:
        raise ExportExistsError([target])
    write_atomic(target, html.encode("utf-8"), replace=True)
    return exists
