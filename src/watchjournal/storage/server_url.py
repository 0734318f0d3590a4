"""Telling a journal on a database server (a URL) from a journal file, and naming it.

``--db`` and ``WATCHJOURNAL_DB`` take either a file path or a PostgreSQL URL:
``postgresql://user@host/dbname``, ``postgresql+psycopg://...``, ``postgres://...``
or a Unix socket ``postgresql:///dbname?host=/run/postgresql``. The password is
never stored by WatchJournal: it comes from the URL itself or from libpq's own
``~/.pgpass`` (``PGPASSFILE``), which psycopg reads natively. Messages and
labels show the URL without its password.

This module imports no driver (and SQLAlchemy only to parse a URL), so the
command line and the app can tell a URL from a path without loading either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from watchjournal.errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

SERVER_SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")
DRIVER_NAME = "postgresql+psycopg"


def is_server_url(text: str) -> bool:
    """Whether ``text`` names a journal on a PostgreSQL server rather than a file."""
    scheme, separator, _rest = text.partition("://")
    return bool(separator) and scheme.lower() in SERVER_SCHEMES


def server_url(text: str) -> URL:
    """The SQLAlchemy URL (psycopg 3 driver) of the server journal ``text`` names."""
    # Lazy: paths.py imports this module, and the app must paint its first page
    # before SQLAlchemy is imported (start-up time).
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if not is_server_url(text):
        raise ValidationError(f"{text!r} is not a PostgreSQL URL (postgresql://user@host/db)")
    _scheme, _separator, rest = text.partition("://")
    try:
        url = make_url(f"{DRIVER_NAME}://{rest}")
    except ArgumentError as exc:
        raise ValidationError(f"{redacted(text)} is not a valid PostgreSQL URL ({exc})") from exc
    if not url.database:
        raise ValidationError(
            f"{redacted(text)} names no database: add it after the host"
            " (postgresql://user@host/dbname)"
        )
    return url


def redacted(text: str) -> str:
    """``text`` (a URL) with any password left out, for messages and labels."""
    scheme, separator, rest = text.partition("://")
    if not separator:
        return text
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return text
    return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"


def display_name(url: URL) -> str:
    """How a server journal is named to the user: ``postgresql://user@host/db``, no password."""
    socket = url.query.get("host")
    return named(url.username, url.host, url.port, url.database, socket)  # type: ignore[arg-type]


def named(
    user: str | None,
    host: str | None,
    port: int | str | None,
    database: str | None,
    socket: str | None,
) -> str:
    """``display_name`` from the URL's parts (also for the first page, read with libpq
    before SQLAlchemy is imported)."""
    user_part = f"{user}@" if user else ""
    port_part = f":{port}" if port else ""
    if host is None and socket:  # a Unix socket folder
        return f"postgresql://{user_part}/{database}?host={socket}"
    return f"postgresql://{user_part}{host or 'localhost'}{port_part}/{database}"


def libpq_url(text: str) -> str:
    """The URL ``text`` as libpq reads it (``postgresql://``, no SQLAlchemy driver name)."""
    _scheme, _separator, rest = text.partition("://")
    return f"postgresql://{rest}"


def short_name(url: URL) -> str:
    """A short name for window titles and backup files: the database name."""
    return str(url.database)
