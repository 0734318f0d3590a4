"""``watchjournal reindex``: rebuild the full-text search index from the journal."""

from __future__ import annotations

import argparse

from watchjournal.cli.context import CliContext, add_json_flag


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "reindex",
        help="rebuild the search index",
        description="Rebuild the search index from the journal. It is kept up to date"
        " automatically; this is for repairing it.",
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    count = ctx.service.rebuild_search_index()
    if args.json:
        ctx.print_json({"films_indexed": count})
    else:
        ctx.print(f"Rebuilt the search index: {count} film{'s' if count != 1 else ''}.")
    return 0
