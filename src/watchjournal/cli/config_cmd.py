"""``watchjournal config get|set|unset|list|clear-cache``: settings and the poster cache.

API keys are shown masked; ``config set tmdb.api_key -`` reads the key from
standard input so it does not land in the shell history.
"""

from __future__ import annotations

import argparse
import sys

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.config import KEY_HELP, KEYS, SECRET_KEYS, load_config, save_config


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "config",
        help="show or change settings (fetching posters, API keys) and clear the poster cache",
        description="Settings: " + "; ".join(f"{k}: {h}" for k, h in KEY_HELP.items()),
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    get = actions.add_parser("get", help="print one setting (API keys masked)")
    get.add_argument("key", metavar="KEY", choices=KEYS)
    get.set_defaults(handler=run_get)
    put = actions.add_parser("set", help="change one setting")
    put.add_argument("key", metavar="KEY", choices=KEYS)
    put.add_argument("value", metavar="VALUE", help="the new value; - reads it from stdin")
    put.set_defaults(handler=run_set)
    unset = actions.add_parser("unset", help="put one setting back to its default")
    unset.add_argument("key", metavar="KEY", choices=KEYS)
    unset.set_defaults(handler=run_unset)
    listing = actions.add_parser("list", help="print every setting (API keys masked)")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)
    clear = actions.add_parser(
        "clear-cache", help="delete downloaded posters (the journal keeps its references)"
    )
    clear.set_defaults(handler=run_clear_cache)


def run_get(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.print(load_config(ctx.paths.config_file).display(args.key))
    return 0


def run_set(args: argparse.Namespace, ctx: CliContext) -> int:
    path = ctx.paths.config_file
    value = sys.stdin.readline().strip() if args.value == "-" else args.value
    config = load_config(path).with_value(args.key, value)
    save_config(config, path)
    ctx.print(f"{args.key} = {config.display(args.key)}")
    return 0


def run_unset(args: argparse.Namespace, ctx: CliContext) -> int:
    path = ctx.paths.config_file
    config = load_config(path).without_value(args.key)
    save_config(config, path)
    ctx.print(f"{args.key} = {config.display(args.key)}")
    return 0


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    config = load_config(ctx.paths.config_file)
    if args.json:
        ctx.print_json({k: config.display(k) if k in SECRET_KEYS else config.get(k) for k in KEYS})
        return 0
    for key in KEYS:
        ctx.print(f"{key} = {config.display(key)}")
    ctx.print(f"# settings file: {ctx.paths.config_file}")
    return 0


def run_clear_cache(args: argparse.Namespace, ctx: CliContext) -> int:
    from watchjournal.metadata.cache import PosterCache  # Pillow: only when needed

    cache = PosterCache(ctx.paths.cache_dir)
    size = cache.size_bytes()
    cache.clear()
    ctx.print(f"removed {size / (1024 * 1024):.1f} MB of cached posters from {cache.root}")
    return 0
