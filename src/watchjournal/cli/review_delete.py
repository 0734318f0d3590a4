"""``watchjournal review-delete REVIEW_ID``: delete a review with its earlier versions."""

from __future__ import annotations

import argparse

from watchjournal.cli.context import CliContext, add_json_flag, add_yes_flag, confirmed
from watchjournal.cli.ids import id_argument
from watchjournal.cli.output import film_json, format_rating, review_json


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "review-delete",
        help="delete a review and its earlier versions",
        description="Review ids are shown by `watchjournal show FILM`.",
    )
    parser.add_argument("review_id", type=id_argument, metavar="REVIEW_ID")
    add_yes_flag(parser)
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    review = ctx.service.get_review(args.review_id)
    film = ctx.service.get_film(review.film_id)
    what = f"review #{review.id} of {film.long_label}"
    about = format_rating(review.rating_tenths) + (
        f" — {review.headline}" if review.headline else ""
    )
    versions = len(ctx.service.review_revisions(review.id))
    kept = f", and its {versions} earlier version(s)" if versions else ""
    if not confirmed(args.yes, f"not deleting {what}", f"Delete {what} ({about}){kept}?"):
        ctx.print("Nothing deleted.")
        return 1
    deleted = ctx.service.delete_review(review.id)
    if args.json:
        ctx.print_json({**review_json(deleted), "film": film_json(ctx.service.get_film(film.id))})
    else:
        ctx.print(f"Deleted {what} ({about}).")
    return 0
