"""``watchjournal history REVIEW_ID``: earlier versions of a review, newest first."""

from __future__ import annotations

import argparse

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.cli.ids import id_argument
from watchjournal.cli.output import format_rating


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("history", help="earlier versions of a review")
    parser.add_argument("review_id", type=id_argument, metavar="REVIEW_ID")
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    revisions = ctx.service.review_revisions(args.review_id)
    if args.json:
        ctx.print_json(
            [
                {
                    "id": r.id,
                    "rating": None if r.rating_tenths is None else r.rating_tenths / 10,
                    "headline": r.headline,
                    "body": r.body,
                    "saved_at": r.saved_at.isoformat(),
                }
                for r in revisions
            ]
        )
        return 0
    if not revisions:
        ctx.print(f"Review #{args.review_id} has not been revised.")
    for r in revisions:
        stamp = r.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        ctx.print(
            f"Revision {r.id}, replaced {stamp}: {format_rating(r.rating_tenths)}"
            + (f" — {r.headline}" if r.headline else "")
        )
        ctx.print("\n".join("  " + line for line in r.body.splitlines()))
    return 0
