"""``watchjournal review FILM``: write a review with a rating, headline, body and tags."""

from __future__ import annotations

import argparse

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.cli.output import format_rating, review_json
from watchjournal.cli.review_options import add_review_options, review_fields_from_options
from watchjournal.journal import ReviewFields


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("review", help="write a review of a film")
    parser.add_argument("film", metavar="FILM", help='id, "Title (Year)" or title')
    add_review_options(parser, editing=False)
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    fields = review_fields_from_options(args, ReviewFields())
    film = ctx.service.resolve_film(args.film)
    review = ctx.service.write_review(film.id, fields)
    if args.json:
        ctx.print_json({**review_json(review), "film_id": film.id})
    else:
        ctx.print(
            f"Saved review #{review.id} of {film.long_label}: {format_rating(review.rating_tenths)}"
        )
    return 0
