"""Entry point of the ``watchjournal`` command: global options, subcommands, error handling.

Errors a user can fix (``watchjournal.errors.JournalError``: the journal layer
and storage translate every database and file failure into one) go to stderr
as one clear line with exit status 1; usage errors exit 2 (argparse). A reader
that closes the pipe early (``watchjournal watchlist | head -1``) ends the
command quietly with status 141 (128 + SIGPIPE), like other Unix tools.
Anything else is a bug: it is logged with its traceback to a file and reported
in one line (exit status 70), never as a traceback on the terminal.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import watchjournal
from watchjournal import APP_NAME
from watchjournal.errors import JournalError
from watchjournal.paths import AppPaths, resolve_paths
from watchjournal.private_files import PRIVATE_FILE_MODE, make_private_folder
from watchjournal.user_text import terminal_safe

EXIT_USER_ERROR = 1
EXIT_INTERNAL_ERROR = 70
EXIT_CLOSED_PIPE = 128 + 13  # 128 + SIGPIPE, what a shell reports for a tool killed by it
EXIT_INTERRUPTED = 130
LOG_FILE_NAME = "watchjournal.log"


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
        "stats",
        "reindex",
        "edit",
        "delete",
        "link",
        "viewing_edit",
        "viewing_delete",
        "poster",
        "lookup",
        "config_cmd",
        "backup_cmd",
        "restore_cmd",
        "import_cmd",
        "export_cmd",
        "lists_cmd",
        "copy_to",
        "year_review",
    ]
    return [importlib.import_module(f"watchjournal.cli.{name}") for name in names]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="watchjournal",
        description=f"{APP_NAME}: your private film watchlist, diary and reviews.",
        epilog="With no command, the desktop app starts.",
    )
    version = f"%(prog)s {watchjournal.__version__}"
    parser.add_argument("--version", action="version", version=version)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the app on a temporary demo journal (your own journal is untouched)",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the journal file to use (default: in your user data folder), or a journal"
        " on a PostgreSQL server: postgresql://user@host/dbname (the password from"
        " ~/.pgpass); also set by WATCHJOURNAL_DB",
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in subcommand_modules():
        module.register(subparsers)
    return parser


def _report_internal_error(paths: AppPaths, exc: BaseException) -> None:
    try:
        make_private_folder(paths.log_dir)
        log_file = paths.log_dir / LOG_FILE_NAME
        # User-only (0600), like the app's log: tracebacks name files and titles.
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
        descriptor = os.open(log_file, flags, PRIVATE_FILE_MODE)
        try:
            if hasattr(os, "fchmod"):  # whatever the umask, or an older log's mode
                os.fchmod(descriptor, PRIVATE_FILE_MODE)
            os.write(descriptor, "".join(traceback.format_exception(exc)).encode("utf-8"))
        finally:
            os.close(descriptor)
        where = f"; details are in {log_file}"
    except OSError:
        where = ""
    print(f"watchjournal: unexpected error ({type(exc).__name__}){where}", file=sys.stderr)


def _start_gui(paths: AppPaths, *, demo: bool) -> int:
    try:
        # Lazy: the command line never loads Qt, and Qt may be missing (start-up time).
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
    # Lazy: the context opens the journal service (and SQLAlchemy), which the app
    # imports only after painting its first page (start-up time).
    from watchjournal.cli.context import CliContext

    demo_folder: Path | None = None
    if args.demo:
        demo_folder = Path(tempfile.mkdtemp(prefix="watchjournal-demo-"))
    ctx = CliContext(paths if demo_folder is None else _demo_paths(paths, demo_folder))
    try:
        status = int(handler(args, ctx))
        # Buffered output meets a closed pipe only here, not at interpreter exit.
        sys.stdout.flush()
        return status
    except JournalError as exc:
        # Messages quote film labels and paths: their controls must not reach the terminal.
        print(f"watchjournal: {terminal_safe(str(exc))}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        return _closed_pipe()
    except KeyboardInterrupt:
        print("watchjournal: interrupted; nothing more was changed", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        logging.getLogger(__name__).debug("unexpected error", exc_info=exc)
        _report_internal_error(paths, exc)
        return EXIT_INTERNAL_ERROR
    finally:
        ctx.close()
        if demo_folder is not None:
            shutil.rmtree(demo_folder, ignore_errors=True)


def _demo_paths(paths: AppPaths, folder: Path) -> AppPaths:
    """``--demo`` with a command: the command runs on a new demo journal in ``folder``
    (its backups and poster cache there too), removed afterwards; your own journal,
    backups and cache are never touched."""
    # Lazy: only --demo needs the sample journal (start-up time of every command).
    from watchjournal.demo import create_demo_journal
    from watchjournal.metadata.cache import PosterCache

    cache = folder / "cache"
    journal = create_demo_journal(folder, PosterCache(cache))
    print("watchjournal: on a temporary demo journal (nothing is kept)", file=sys.stderr)
    return replace(
        paths, data_dir=folder, cache_dir=cache, journal=journal,
        journal_source="demo", server=None,
    )  # fmt: skip


def _closed_pipe() -> int:
    """The reader of our output went away: stop quietly, as ``cat`` or ``grep`` do.

    Whatever is still buffered for stdout would fail again when Python flushes
    it at exit (and print "Exception ignored" on stderr), so stdout now points
    to the null device.
    """
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # stdout is not a real file (e.g. captured in tests)
        pass
    return EXIT_CLOSED_PIPE


if __name__ == "__main__":
    sys.exit(main())
