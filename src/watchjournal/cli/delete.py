"""``watchjournal delete FILM``: remove a film with its viewings and reviews."""

from __future__ import annotations

import argparse

from watchjournal.cli.context import CliContext, add_json_flag, add_yes_flag, confirmed
from watchjournal.cli.output import film_json


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("delete", help="delete a film with its diary and reviews")
    parser.add_argument("film", metavar="FILM", help='id, "Title (Year)" or title')
    add_yes_flag(parser)
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    film = ctx.service.resolve_film(args.film)
    what = f"{len(film.viewings)} viewing(s) and {len(film.reviews)} review(s)"
    question = f"Delete {film.long_label} with {what}?"
    if not confirmed(args.yes, f"not deleting {film.long_label}", question):
        ctx.print("Nothing deleted.")
        return 1
    snapshot = ctx.service.delete_film(film.id)
    if args.json:
        ctx.print_json(film_json(snapshot))
    else:
        ctx.print(f"Deleted {snapshot.long_label}.")
    return 0
