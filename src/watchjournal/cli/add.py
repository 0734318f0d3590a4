"""``watchjournal add TITLE``: add a film (optionally straight onto the watchlist)."""

from __future__ import annotations

import argparse

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.cli.film_options import add_film_options, fields_from_options
from watchjournal.cli.output import film_json
from watchjournal.journal import FilmFields


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("add", help="add a film to the journal")
    parser.add_argument("title", metavar="TITLE")
    add_film_options(parser, editing=False)
    parser.add_argument(
        "--force",
        action="store_true",
        help="add it even if a film with the same title and year is already there",
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    fields = fields_from_options(args, FilmFields(title=args.title))
    film = ctx.service.add_film(
        fields,
        watchlist=bool(args.watchlist) or args.note is not None,
        watchlist_note=args.note,
        allow_duplicate=args.force,
    )
    if args.json:
        ctx.print_json(film_json(film))
    else:
        ctx.print(f"Added {film.long_label} [id {film.id}]")
        if film.on_watchlist:
            ctx.print("It is on your watchlist.")
    return 0
