"""``watchjournal search QUERY``: find films by title, people or review text."""

from __future__ import annotations

import argparse

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.cli.output import film_json, film_line


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("search", help="search titles, people and reviews")
    parser.add_argument("query", metavar="QUERY")
    parser.add_argument(
        "--limit", type=_positive, default=50, metavar="N", help="at most N results"
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    results = ctx.service.search(args.query, args.limit)
    if args.json:
        ctx.print_json(
            [
                {"film": film_json(film), "review_id": review_id, "snippet": snippet or None}
                for film, review_id, snippet in results
            ]
        )
        return 0
    if not results:
        ctx.print(f'Nothing in your journal matches "{args.query}".')
    for film, review_id, snippet in results:
        ctx.print(film_line(film))
        if review_id is not None:
            ctx.print(f"        review #{review_id}: {snippet}")
    return 0
