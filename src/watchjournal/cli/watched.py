"""``watchjournal watched FILM``: log a viewing in the diary (and take it off the watchlist)."""

from __future__ import annotations

import argparse
from datetime import date

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.cli.output import film_json, viewing_json
from watchjournal.config import configured_default_where
from watchjournal.journal.validate import parse_date


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("watched", help="log that you watched a film")
    parser.add_argument("film", metavar="FILM", help='id, "Title (Year)" or title')
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--on", metavar="YYYY-MM-DD", help="the day you watched it (default today)")
    when.add_argument("--date-unknown", action="store_true", help="you don't remember when")
    parser.add_argument(
        "--where",
        metavar="NAME",
        help="where or how you watched it (default: the diary.default_where setting)",
    )
    parser.add_argument("--note", help="a note about this viewing")
    parser.add_argument("--dnf", action="store_true", help="you did not finish it")
    rewatch = parser.add_mutually_exclusive_group()
    rewatch.add_argument(
        "--rewatch", action="store_true", default=None, help="count it as a rewatch"
    )
    rewatch.add_argument(
        "--first-watch", dest="rewatch", action="store_false", help="count it as a first watch"
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    watched_on = None if args.date_unknown else parse_date(args.on) if args.on else date.today()
    film = ctx.service.resolve_film(args.film)
    where = (
        args.where if args.where is not None else configured_default_where(ctx.paths.config_file)
    )
    viewing = ctx.service.mark_watched(
        film.id,
        watched_on,
        where=where,
        note=args.note,
        did_not_finish=args.dnf,
        rewatch=args.rewatch,
    )
    if args.json:
        ctx.print_json({**viewing_json(viewing), "film": film_json(ctx.service.get_film(film.id))})
        return 0
    day = watched_on.isoformat() if watched_on else "an unknown date"
    kind = "a rewatch of" if viewing.rewatch else "watched"
    ctx.print(f"Logged {kind} {film.long_label} on {day}.")
    if film.on_watchlist:
        ctx.print("Taken off your watchlist.")
    return 0
