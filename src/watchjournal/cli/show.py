"""``watchjournal show FILM``: a film with its diary and reviews."""

from __future__ import annotations

import argparse

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.cli.output import film_json, film_text


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("show", help="show a film with its viewings and reviews")
    parser.add_argument("film", metavar="FILM", help='id, "Title (Year)" or title')
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    film = ctx.service.resolve_film(args.film)
    if args.json:
        ctx.print_json(film_json(film))
    else:
        ctx.print(film_text(film))
    return 0
