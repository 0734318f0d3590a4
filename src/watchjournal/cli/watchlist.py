"""``watchjournal watchlist``: the watchlist in order; ``--move FILM --to N`` reorders it."""

from __future__ import annotations

import argparse

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.cli.output import film_json
from watchjournal.journal import ValidationError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("watchlist", help="show the watchlist in order")
    parser.add_argument("--move", metavar="FILM", help="move this film within the watchlist")
    parser.add_argument("--to", type=int, metavar="N", help="new position, 1 for the top")
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    if (args.move is None) != (args.to is None):
        raise ValidationError("--move FILM and --to N go together")
    if args.move is not None:
        film = ctx.service.resolve_film(args.move)
        films = ctx.service.move_in_watchlist(film.id, args.to - 1)
    else:
        films = ctx.service.watchlist()
    if args.json:
        ctx.print_json([film_json(f) for f in films])
        return 0
    if not films:
        ctx.print("Your watchlist is empty. Add a film with: watchjournal add TITLE --watchlist")
    for number, film in enumerate(films, start=1):
        note = f"  — {film.watchlist.note}" if film.watchlist and film.watchlist.note else ""
        ctx.print(f"{number:>3}. {film.long_label} [id {film.id}]{note}")
    return 0
