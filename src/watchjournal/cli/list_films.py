"""``watchjournal list``: all films, or only the watched ones or the watchlist."""

from __future__ import annotations

import argparse

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.cli.output import film_json, film_line
from watchjournal.journal.films import FilmListKind


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("list", help="list the films in the journal")
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--watched", dest="kind", action="store_const", const="watched", help="only watched films"
    )
    which.add_argument(
        "--watchlist",
        dest="kind",
        action="store_const",
        const="watchlist",
        help="only films on the watchlist",
    )
    parser.set_defaults(kind="all")
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    kind: FilmListKind = args.kind
    films = ctx.service.list_films(kind)
    if args.json:
        ctx.print_json([film_json(f) for f in films])
        return 0
    if not films:
        ctx.print("No films yet. Add one with: watchjournal add TITLE --year YEAR")
    for film in films:
        ctx.print(film_line(film))
    return 0
