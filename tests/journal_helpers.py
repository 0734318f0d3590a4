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


def add_stormy_films(service: Any, *, watched: bool = False) -> None:
    """40 films, nearly all of whose reviews mention the same few words: "Storm Front"
    every 7th title, "Gale Storm" in every 5th cast, a review on 3 films in 4 ("a
    storm at sea", every 3rd "a storm, then calm, at sea"); ``watched``: every 2nd
    film seen once. The search tests' broad queries on either backend."""
    from watchjournal.journal import FilmFields, ReviewFields

    for number in range(40):
        title = "Storm Front" if number % 7 == 0 else f"Film {number}"
        cast = ("Gale Storm",) if number % 5 == 0 else ()
        film = service.add_film(FilmFields(title, year=1980 + number, cast=cast))
        body = "a storm at sea" if number % 3 else "a storm, then calm, at sea"
        if number % 4:
            service.write_review(film.id, ReviewFields(body=body))
        if watched and number % 2:
            service.mark_watched(film.id, None)
