"""``watchjournal poster FILM [--provider P | --file PATH]``: a film's poster, fetched or local.

Without ``--file`` the poster is fetched online (needs network.enabled). With
``--file PATH`` it comes from an image on this computer, offline: the file must
be a real PNG, JPEG or WebP image; it is copied into the poster cache the way
fetched posters are, and anything else is refused with nothing changed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.config import PROVIDER_NAMES, load_config
from watchjournal.journal import FilmRecord

if TYPE_CHECKING:
    from watchjournal.metadata.cache import PosterCache


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "poster",
        help="fetch a film's poster online (needs network.enabled; see: config),"
        " or set it from an image file with --file",
    )
    parser.add_argument("film", metavar="FILM", help='id, "Title (Year)" or title')
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--provider", choices=PROVIDER_NAMES, help="where to look")
    source.add_argument(
        "--file",
        metavar="PATH",
        type=Path,
        help="use this PNG, JPEG or WebP image as the poster (offline)",
    )
    parser.add_argument(
        "--refresh", action="store_true", help="fetch again even if the poster is cached"
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    # Lazy: only this command needs the poster cache (start-up time of the others).
    from watchjournal.metadata.cache import PosterCache

    cache = PosterCache(ctx.paths.cache_dir)
    if args.file is not None:
        film = _from_file(ctx, cache, args.film, args.file)
    else:
        film = _fetched(ctx, cache, args)
    ref = film.fields.poster_ref
    path = cache.path(ref) if ref else None
    if args.json:
        ctx.print_json({"id": film.id, "poster": ref, "file": str(path) if path else None})
    else:
        ctx.print(f"{film.label}: poster {ref}\n  {path}")
    return 0


def _from_file(ctx: CliContext, cache: PosterCache, film_arg: str, file: Path) -> FilmRecord:
    # Lazy: only this option needs the image checks (start-up time of other commands).
    from watchjournal.metadata.poster_file import set_poster_from_file

    film = ctx.service.resolve_film(film_arg)
    return set_poster_from_file(ctx.service, cache, film.id, file.expanduser())


def _fetched(ctx: CliContext, cache: PosterCache, args: argparse.Namespace) -> FilmRecord:
    # Lazy: requests and the providers load only for commands that go online (start-up time).
    from watchjournal.metadata.fetch import MetadataFetcher, NetworkDisabledError

    config = load_config(ctx.paths.config_file)
    if not config.network_enabled:
        raise NetworkDisabledError  # before the journal is even opened
    film = ctx.service.resolve_film(args.film)
    ref = film.fields.poster_ref
    if ref and cache.path(ref) is not None and not args.refresh:
        return film
    fetcher = MetadataFetcher(config, cache)
    try:
        return fetcher.fetch_poster_for(ctx.service, film.id, args.provider)
    finally:
        fetcher.close()
