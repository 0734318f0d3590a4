"""``watchjournal edit FILM``: change a film's details, its watchlist state or note."""

from __future__ import annotations

import argparse

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.cli.film_options import add_film_options, fields_from_options
from watchjournal.cli.output import film_json


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("edit", help="change a film's details")
    parser.add_argument("film", metavar="FILM", help='id, "Title (Year)" or title')
    add_film_options(parser, editing=True)
    parser.add_argument(
        "--force", action="store_true", help="allow a title and year another film already has"
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    film = ctx.service.resolve_film(args.film)
    film = ctx.service.edit_film(
        film.id,
        fields_from_options(args, film.fields),
        allow_duplicate=args.force,
        watchlist=args.watchlist,
        # An empty note clears it (and puts no film on the watchlist).
        watchlist_note="" if args.clear_watchlist_note else args.note,
    )
    if args.json:
        ctx.print_json(film_json(film))
    else:
        ctx.print(f"Updated {film.long_label} [id {film.id}]")
    return 0
