"""``watchjournal lookup TITLE [--year Y]``: films a provider knows by that title."""

from __future__ import annotations

import argparse
from typing import Any

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.config import PROVIDER_NAMES, load_config
from watchjournal.metadata.providers.base import Candidate


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "lookup", help="look a film up online (needs network.enabled; see: config)"
    )
    parser.add_argument("title", metavar="TITLE")
    parser.add_argument("--year", type=int, help="the film's release year")
    parser.add_argument("--provider", choices=PROVIDER_NAMES, help="where to look")
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def candidate_json(candidate: Candidate) -> dict[str, Any]:
    f = candidate.fields
    return {
        "provider": candidate.provider,
        "id": candidate.key,
        "title": f.title,
        "year": f.year,
        "directors": list(f.directors),
        "description": candidate.description,
        "imdb_id": f.imdb_id,
        "tmdb_id": f.tmdb_id,
        "poster_url": candidate.poster_url,
    }


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    # Imported here so other commands do not pay for requests and Pillow at start-up.
    from watchjournal.metadata.cache import PosterCache

    # Lazy: requests and the providers load only for commands that go online (start-up time).
    from watchjournal.metadata.fetch import MetadataFetcher

    fetcher = MetadataFetcher(load_config(ctx.paths.config_file), PosterCache(ctx.paths.cache_dir))
    try:
        candidates = fetcher.lookup(args.title, args.year, args.provider)
    finally:
        fetcher.close()
    if args.json:
        ctx.print_json([candidate_json(c) for c in candidates])
        return 0
    if not candidates:
        ctx.print("no films found")
        return 0
    for c in candidates:
        about = f"  — {c.description}" if c.description else ""
        ctx.print(f"{c.label}  [{c.provider}:{c.key}]{about}")
    return 0
