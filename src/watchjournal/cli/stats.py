"""``watchjournal stats``: the statistics of a year, a month, a date range or all time.

``--query`` keeps only the films a search finds (``country:"South Korea"``,
``-tag:private``). ``--json`` prints every number of ``journal.stats_types.Stats``
with the films behind each count (``film_ids``); the text is a short summary.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping
from datetime import date
from typing import Any

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.journal.stats import DEFAULT_MIN_FILMS
from watchjournal.journal.stats_types import Count, FilmMoment, Ranked, Stats, StatsPeriod
from watchjournal.journal.validate import quote

_MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
COUNTS = ("films", "viewings", "rewatches", "did_not_finish", "reviews", "watchlist_added")
RANKINGS = ("directors", "cast", "genres", "countries", "decades")
TEXT_TOP = 5  # names per ranking in the text summary


def _year(text: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) != 4 or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{quote(text)} is not a year (like 2025)")
    return int(text)


def _month(text: str) -> tuple[int, int]:
    found = _MONTH_RE.fullmatch(text.strip())
    if found is None or not 1 <= int(found[2]) <= 12 or int(found[1]) < 1:
        raise argparse.ArgumentTypeError(f"{quote(text)} is not a month (like 2025-06)")
    return int(found[1]), int(found[2])


def _day(text: str) -> date:
    if _DATE_RE.fullmatch(text.strip()) is None:
        raise argparse.ArgumentTypeError(f"{quote(text)} is not a date (like 2025-06-30)")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quote(text)} is not a day of the calendar") from None


def _count(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text[:6]) <= 99_999:
        raise argparse.ArgumentTypeError(f"{quote(text)} is not a positive whole number")
    return int(text)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="statistics of a year, a month, a date range or all time",
        description="Films watched, hours, rewatches, ratings, top people, countries and"
        " decades, streaks and milestones. Without --year, --month or --from/--to: all time.",
    )
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--year", type=_year, metavar="YEAR", help="one year, like 2025")
    when.add_argument("--month", type=_month, metavar="YYYY-MM", help="one month, like 2025-06")
    when.add_argument("--from", dest="start", type=_day, metavar="DATE", help="from this day")
    parser.add_argument("--to", dest="end", type=_day, metavar="DATE", help="up to this day")
    parser.add_argument(
        "--query", "-q", metavar="QUERY", help='only the films this search finds, e.g. "tag:x"'
    )
    parser.add_argument(
        "--min-films",
        type=_count,
        default=DEFAULT_MIN_FILMS,
        metavar="N",
        help=f"films a name needs to be ranked by rating (default {DEFAULT_MIN_FILMS})",
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def period_of(args: argparse.Namespace) -> StatsPeriod:
    if args.end is not None and (args.year is not None or args.month is not None):
        raise argparse.ArgumentTypeError("--to goes with --from, not with --year or --month")
    if args.year is not None:
        return StatsPeriod.year(args.year)
    if args.month is not None:
        return StatsPeriod.month(*args.month)
    if args.start is None and args.end is None:
        return StatsPeriod()
    if args.start is not None and args.end is not None and args.start > args.end:
        raise argparse.ArgumentTypeError(
            f"--from {args.start.isoformat()} comes after --to {args.end.isoformat()}"
        )
    start = _long(args.start) if args.start else "the first day"
    end = _long(args.end) if args.end else "today"
    return StatsPeriod(args.start, args.end, f"{start} – {end}")


def _long(day: date) -> str:
    return f"{day.day} {day:%b} {day.year}"


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        period = period_of(args)
    except argparse.ArgumentTypeError as exc:
        # A usage error, like argparse's own (exit status 2).
        print(f"watchjournal stats: error: {exc}", file=sys.stderr)
        return 2
    stats = ctx.service.stats(period, args.query, min_films=args.min_films)
    if args.json:
        names = {
            (kind, ranked.name)
            for kind in RANKINGS
            for ranking in (kind, f"{kind}_by_rating")
            for ranked in getattr(stats, ranking)
        }
        films = ctx.service.stats_name_films(period, args.query, names)
        ctx.print_json(stats_json(stats, films))
    else:
        for line in stats_text(stats):
            ctx.print(line)
    return 0


def _moment(moment: FilmMoment | None) -> dict[str, Any] | None:
    if moment is None:
        return None
    on = None if moment.on is None else moment.on.isoformat()
    return {
        "film_id": moment.film_id,
        "title": moment.title,
        "year": moment.year,
        "on": on,
        "what": moment.what,
    }


def _ranked(
    kind: str, names: tuple[Ranked, ...], films: Mapping[tuple[str, str], tuple[int, ...]]
) -> list[dict[str, Any]]:
    return [
        {
            "name": r.name,
            "films": r.films,
            "average_rating": r.average_rating,
            "film_ids": list(films.get((kind, r.name), ())),
        }
        for r in names
    ]


def stats_json(
    stats: Stats, name_films: Mapping[tuple[str, str], tuple[int, ...]]
) -> dict[str, Any]:
    """Every number of ``stats``; each count's films under ``film_ids``, each ranked
    name's from ``name_films`` (``JournalService.stats_name_films``)."""
    counts: dict[str, Count] = {name: getattr(stats, name) for name in COUNTS}
    counts["watchlist_removed"] = stats.watchlist_removed
    data: dict[str, Any] = {
        "period": {
            "label": stats.period.label,
            "from": stats.period.start.isoformat() if stats.period.start else None,
            "to": stats.period.end.isoformat() if stats.period.end else None,
        },
        "query": stats.query,
        **{name: count.value for name, count in counts.items()},
        "minutes": stats.minutes,
        "viewings_without_runtime": stats.viewings_without_runtime,
        "words": stats.words,
        "by_month": stats.by_month,
        "by_week": stats.by_week,
        "by_weekday": stats.by_weekday,
        "by_day": {day.isoformat(): n for day, n in stats.by_day.items()},
        "longest_streak_days": stats.longest_streak_days,
        "longest_streak": None
        if stats.longest_streak is None
        else [day.isoformat() for day in stats.longest_streak],
        "busiest_day": None
        if stats.busiest_day is None
        else {"day": stats.busiest_day[0].isoformat(), "viewings": stats.busiest_day[1]},
        "ratings": {f"{step:.1f}": n for step, n in stats.ratings.items()},
        "average_rating": stats.average_rating,
        "rating_changes": [_moment(m) for m in stats.rating_changes],
        "min_films": stats.min_films,
    }
    for name in RANKINGS:
        data[name] = _ranked(name, getattr(stats, name), name_films)
        data[f"{name}_by_rating"] = _ranked(name, getattr(stats, f"{name}_by_rating"), name_films)
    data["milestones"] = [_moment(m) for m in stats.milestones]
    data["first_film"] = _moment(stats.first_film)
    data["last_film"] = _moment(stats.last_film)
    data["notes"] = list(stats.notes)
    data["film_ids"] = {name: list(count.film_ids) for name, count in counts.items()}
    return data


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _film(moment: FilmMoment) -> str:
    year = f" ({moment.year})" if moment.year else ""
    on = f", {moment.on.isoformat()}" if moment.on else ""
    return f"{moment.title}{year}{on}"


def stats_text(stats: Stats) -> list[str]:
    """A readable summary: totals, time, ratings, the top names, moments and notes."""
    title = stats.period.label + (f" — {stats.query}" if stats.query else "")
    hours = f"{stats.minutes / 60:,.1f} hours"
    if stats.viewings_without_runtime:
        hours += f" ({_plural(stats.viewings_without_runtime, 'viewing')} without a runtime)"
    lines = [
        title,
        f"Films watched: {stats.films.value:,}   Viewings: {stats.viewings.value:,}"
        f"   Rewatches: {stats.rewatches.value:,}   Did not finish: {stats.did_not_finish.value:,}",
        f"Time watched: {hours}",
        f"Reviews written: {stats.reviews.value:,} ({_plural(stats.words, 'word')})",
        f"Added to the watchlist: {stats.watchlist_added.value:,}",
    ]
    if stats.average_rating is not None:
        lines.append(f"Average rating: {stats.average_rating:.2f} / 10")
    if stats.longest_streak is not None:
        start, end = stats.longest_streak
        days = start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"
        lines.append(f"Longest streak: {_plural(stats.longest_streak_days, 'day')} ({days})")
    if stats.busiest_day is not None:
        day, n = stats.busiest_day
        lines.append(f"Busiest day: {day.isoformat()} ({_plural(n, 'viewing')})")
    busy_months = {month: n for month, n in stats.by_month.items() if n}
    if busy_months:
        lines.append("By month: " + ", ".join(f"{m} {n}" for m, n in busy_months.items()))
    for name in RANKINGS:
        top = getattr(stats, name)[:TEXT_TOP]
        if top:
            entries = ", ".join(f"{r.name} ({r.films})" for r in top)
            lines.append(f"Top {name.replace('_', ' ')}: {entries}")
    for moment in (stats.first_film, stats.last_film, *stats.milestones):
        if moment is not None:
            lines.append(f"{moment.what[:1].upper()}{moment.what[1:]}: {_film(moment)}")
    for change in stats.rating_changes:
        lines.append(f"Rating changed: {_film(change)}: {change.what}")
    lines.extend(f"Note: {note}" for note in stats.notes)
    return lines
