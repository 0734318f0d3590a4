"""``watchjournal poster FILM [--provider P]``: fetch a film's poster into the cache."""

from __future__ import annotations

import argparse

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.config import PROVIDER_NAMES, load_config


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "poster", help="fetch a film's poster online (needs network.enabled; see: config)"
    )
    parser.add_argument("film", metavar="FILM", help='id, "Title (Year)" or title')
    parser.add_argument("--provider", choices=PROVIDER_NAMES, help="where to look")
    parser.add_argument(
        "--refresh", action="store_true", help="fetch again even if the poster is cached"
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    # Imported here so other commands do not pay for requests and Pillow at start-up.
    from watchjournal.metadata.cache import PosterCache

    # Lazy: requests and the providers load only for commands that go online (start-up time).
    from watchjournal.metadata.fetch import MetadataFetcher, NetworkDisabledError

    config = load_config(ctx.paths.config_file)
    if not config.network_enabled:
        raise NetworkDisabledError  # before the journal is even opened
    cache = PosterCache(ctx.paths.cache_dir)
    film = ctx.service.resolve_film(args.film)
    ref = film.fields.poster_ref
    path = cache.path(ref) if ref else None
    if path is None or args.refresh:
        fetcher = MetadataFetcher(config, cache)
        try:
            film = fetcher.fetch_poster_for(ctx.service, film.id, args.provider)
        finally:
            fetcher.close()
        ref = film.fields.poster_ref
        path = cache.path(ref) if ref else None
    if args.json:
        ctx.print_json({"id": film.id, "poster": ref, "file": str(path) if path else None})
    else:
        ctx.print(f"{film.label}: poster {ref}\n  {path}")
    return 0
