"""What every subcommand gets: parsed arguments, the journal (opened lazily) and output."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from typing import Any, TextIO

from watchjournal.journal import JournalService, ValidationError
from watchjournal.paths import AppPaths
from watchjournal.user_text import terminal_safe

IMPORT_WAIT_MESSAGE = "waiting for the import to finish…"


@dataclass
class CliContext:
    paths: AppPaths
    out: TextIO = field(default_factory=lambda: sys.stdout)
    _service: JournalService | None = None
    _told_import_wait: bool = False

    @property
    def service(self) -> JournalService:
        if self._service is None:
            where = self.paths.server or self.paths.journal  # a URL or a file
            self._service = JournalService.open(where, self.paths.backup_dir)
            if self._service.privacy_notice:
                print(f"watchjournal: {self._service.privacy_notice}", file=sys.stderr)
            # A write that meets an import (another process's) waits for it, instead
            # of failing as busy once the import outlasts the busy timeout.
            self._service.wait_for_imports(self._announce_import_wait)
        return self._service

    def _announce_import_wait(self) -> None:
        if not self._told_import_wait:  # once, however many writes wait
            self._told_import_wait = True
            print(IMPORT_WAIT_MESSAGE, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._service is not None:
            self._service.close()

    def print(self, text: str = "") -> None:
        # User text may hold bidi overrides or C1 controls (stored before they were
        # refused, or in a review body): written out, they cannot reorder the line.
        print(terminal_safe(text), file=self.out)

    def print_json(self, data: Any) -> None:
        json.dump(data, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


def confirmed(yes: bool, refusal: str, question: str) -> bool:
    """Whether to go ahead: ``--yes`` was given, or the user answered yes.

    Without a terminal to ask on and without ``--yes``, it refuses with the
    message ``refusal`` (exit status 1) rather than guessing.
    """
    if yes:
        return True
    if not sys.stdin.isatty():
        raise ValidationError(f"{refusal}: confirm with --yes when not interactive")
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes"}


def add_yes_flag(parser: argparse.ArgumentParser) -> None:
    """``--yes``/``-y`` for commands that ask before they delete or replace (see ``confirmed``)."""
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")
