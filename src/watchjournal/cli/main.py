"""Entry point of the ``watchjournal`` command: global options, subcommands, error handling.

Errors a user can fix go to stderr as one clear line with exit status 1; usage
errors exit 2 (argparse). Anything unexpected is logged with its traceback to
a file and reported in one line, never as a traceback on the terminal.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sqlite3
import sys
import traceback
from collections.abc import Sequence
from types import ModuleType

from sqlalchemy.exc import DBAPIError

from watchjournal import APP_NAME, __version__
from watchjournal.cli.context import CliContext
from watchjournal.errors import JournalFileError
from watchjournal.journal import JournalError
from watchjournal.paths import AppPaths, resolve_paths
from watchjournal.storage.errors import translate

EXIT_USER_ERROR = 1
EXIT_INTERNAL_ERROR = 70


def subcommand_modules() -> list[ModuleType]:
    """The subcommand modules, in help order (imported only when a command is given)."""
    names = [
        "add",
        "watchlist",
        "watched",
        "review",
        "review_edit",
        "review_delete",
        "history",
        "show",
        "list_films",
        "search",
        "reindex",
        "edit",
        "delete",
        "diary_delete",
        "poster",
        "lookup",
        "config_cmd",
        "backup_cmd",
        "restore_cmd",
        "import_cmd",
        "export_cmd",
        "lists_cmd",
    ]
    return [importlib.import_module(f"watchjournal.cli.{name}") for name in names]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="watchjournal",
        description=f"{APP_NAME}: your private film watchlist, diary and reviews.",
        epilog="With no command, the desktop app starts.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the app on a temporary demo journal (your own journal is untouched)",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the journal file to use (default: in your user data folder;"
        " also set by WATCHJOURNAL_DB)",
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in subcommand_modules():
        module.register(subparsers)
    return parser


def _report_internal_error(paths: AppPaths, exc: BaseException) -> None:
    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True)
        log_file = paths.log_dir / "watchjournal.log"
        with log_file.open("a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(exc)))
        where = f"; details are in {log_file}"
    except OSError:
        where = ""
    print(f"watchjournal: unexpected error ({type(exc).__name__}){where}", file=sys.stderr)


def _start_gui(paths: AppPaths, *, demo: bool) -> int:
    try:
        from watchjournal.ui.app import run_app
    except ImportError as exc:  # e.g. Qt's system libraries missing
        print(f"watchjournal: cannot start the desktop app ({exc})", file=sys.stderr)
        return EXIT_USER_ERROR
    try:
        return run_app(paths, demo=demo)
    except Exception as exc:
        _report_internal_error(paths, exc)
        return EXIT_INTERNAL_ERROR


def _gui_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """The global options when no command is given (the app starts without loading
    every subcommand, which keeps start-up fast); None otherwise."""
    quick = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    quick.add_argument("--demo", action="store_true")
    quick.add_argument("--db")
    try:
        args, rest = quick.parse_known_args(argv)
    except argparse.ArgumentError:
        return None  # the full parser reports it
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if (quick := _gui_only(arguments)) is not None:
        return _start_gui(resolve_paths(quick.db), demo=quick.demo)
    parser = build_parser()
    args = parser.parse_args(arguments)
    paths = resolve_paths(args.db)
    handler = getattr(args, "handler", None)
    if handler is None:
        return _start_gui(paths, demo=args.demo)
    ctx = CliContext(paths)
    try:
        return int(handler(args, ctx))
    except (JournalError, JournalFileError) as exc:
        print(f"watchjournal: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except (DBAPIError, sqlite3.Error) as exc:  # sqlite3: backup and restore
        error = translate(exc, paths.journal)
        if error is None:
            _report_internal_error(paths, exc)
            return EXIT_INTERNAL_ERROR
        print(f"watchjournal: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("watchjournal: interrupted; nothing more was changed", file=sys.stderr)
        return 130
    except Exception as exc:
        logging.getLogger(__name__).debug("unexpected error", exc_info=exc)
        _report_internal_error(paths, exc)
        return EXIT_INTERNAL_ERROR
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
