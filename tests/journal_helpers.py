"""Helpers the CLI and storage tests share: a journal's contents, and CLI results."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import CliResult


def dump(path: Path) -> list[str]:
    """Everything in the journal at ``path`` as SQL, read without changing it."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def ok(result: CliResult) -> CliResult:
    """The result of a command that must succeed, without a traceback."""
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def as_json(result: CliResult) -> Any:
    """The JSON a successful ``--json`` command printed."""
    return json.loads(ok(result).stdout)
