"""``watchjournal search QUERY``: find films with the search language (see README, Search)."""

from __future__ import annotations

import argparse
from typing import Any

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.cli.output import film_json, film_line
from watchjournal.journal.validate import MAX_DIGITS, MAX_ID, quote
from watchjournal.search import SearchHit

SPOILER_HIDDEN = "Match in a review with spoilers — shown with --spoilers"


def _positive(text: str) -> int:
    # A limit SQLite cannot hold (or Python cannot even convert) is a usage error too.
    if not text.isascii() or not text.isdigit() or not 1 <= _limited(text) <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{quote(text)} is not a positive whole number")
    return int(text)


def _limited(digits: str) -> int:
    return int(digits) if len(digits.lstrip("0")) <= MAX_DIGITS else MAX_ID + 1


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "search",
        help="search titles, people, notes and reviews",
        description='Words are all required; also OR, -word, "a phrase", title: director:'
        " cast: genre: country: tag: where: review: note:, like:TITLE (films linked to it),"
        " content: (content notes), year:2020..2025, rating:>=8, runtime:<100,"
        " watched:2025-06, added:2026 and is:watchlist/watched/reviewed/unrated/liked/"
        "spoilers/rewatch.",
    )
    parser.add_argument("query", metavar="QUERY")
    parser.add_argument(
        "--limit", type=_positive, default=50, metavar="N", help="at most N results"
    )
    parser.add_argument(
        "--spoilers",
        action="store_true",
        help="show snippets from reviews flagged as having spoilers (hidden otherwise)",
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def hit_json(hit: SearchHit, spoilers: bool = False) -> dict[str, Any]:
    """A hit as JSON; a spoiler snippet's text is null unless ``spoilers``."""
    snippet = hit.snippet
    shown = snippet is not None and (spoilers or not snippet.spoiler)
    return {
        "film": film_json(hit.film),
        "review_id": hit.review_id,
        "snippet": snippet.marked() if snippet is not None and shown else None,
        "spoiler": snippet is not None and snippet.spoiler,
        "score": round(hit.score, 4),
    }


def hit_text(hit: SearchHit, spoilers: bool = False) -> list[str]:
    lines = [film_line(hit.film)]
    snippet = hit.snippet
    if snippet is not None:
        where = f"review #{hit.review_id}" if hit.review_id is not None else snippet.field
        text = snippet.marked() if spoilers or not snippet.spoiler else SPOILER_HIDDEN
        lines.append(f"        {where}: {text}")
    return lines


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    hits = ctx.service.search(args.query, args.limit)
    if args.json:
        ctx.print_json([hit_json(hit, args.spoilers) for hit in hits])
        return 0
    if not hits:
        ctx.print(f'Nothing in your journal matches "{args.query}".')
    for hit in hits:
        for line in hit_text(hit, args.spoilers):
            ctx.print(line)
    return 0
