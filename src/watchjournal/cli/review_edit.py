"""``watchjournal review-edit ID``: revise a review; the previous text is kept as a revision."""

from __future__ import annotations

import argparse

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.cli.ids import id_argument
from watchjournal.cli.output import format_rating, review_json
from watchjournal.cli.review_options import add_review_options, review_fields_from_options


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "review-edit", help="revise a review (earlier versions are kept)"
    )
    parser.add_argument("review_id", type=id_argument, metavar="REVIEW_ID")
    add_review_options(parser, editing=True)
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    review = ctx.service.get_review(args.review_id)
    fields = review_fields_from_options(args, review.fields())
    # No editing session: a one-off edit always keeps the previous text (journal/reviews.py).
    review = ctx.service.update_review(review.id, fields)
    if args.json:
        ctx.print_json(review_json(review))
    else:
        ctx.print(f"Updated review #{review.id}: {format_rating(review.rating_tenths)}")
    return 0
