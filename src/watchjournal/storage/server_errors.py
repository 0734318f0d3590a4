"""Turning PostgreSQL failures into the user-facing errors of ``watchjournal.errors``.

The counterpart of ``storage.errors`` for a journal on a server. PostgreSQL
says what went wrong as a SQLSTATE code; a connection that could not be made
or was lost has none (libpq reports it as text), and is what the user must
hear as "the journal server is unreachable". What the user can do decides the
class: wait and retry (a serialization failure or a deadlock between two
machines), fix the password, or ask the server's owner.

psycopg is never imported here: the code is read from the exception.
"""

from __future__ import annotations

from pathlib import Path

from watchjournal.errors import (
    DiskFullError,
    JournalBusyError,
    JournalFileError,
    JournalPermissionError,
    JournalUnavailableError,
    ReadOnlyJournalError,
)
from watchjournal.storage.errors import NOTHING_CHANGED

UNREACHABLE_MESSAGE = "the journal server is unreachable"
SERVER_BUSY_MESSAGE = (
    "the journal is busy: another machine changed the same things at the same time; try again"
)

# SQLSTATE classes and codes (PostgreSQL's errcodes.txt) and what the user is told.
_BY_STATE: dict[str, tuple[type[JournalFileError], str]] = {
    "40001": (JournalBusyError, SERVER_BUSY_MESSAGE),  # serialization_failure
    "40P01": (JournalBusyError, SERVER_BUSY_MESSAGE),  # deadlock_detected
    "55P03": (JournalBusyError, SERVER_BUSY_MESSAGE),  # lock_not_available
    "57014": (JournalBusyError, SERVER_BUSY_MESSAGE),  # query_canceled (a timeout)
    "53100": (DiskFullError, "the journal server's disk is full; ask its owner to free space"),
    "25006": (ReadOnlyJournalError, "the journal server accepts only reads (read-only)"),
    "42501": (
        JournalPermissionError,
        "your database user may not read or change the journal's tables",
    ),
    "53300": (JournalUnavailableError, "the journal server has too many connections; try later"),
    "57P01": (JournalUnavailableError, UNREACHABLE_MESSAGE),  # admin_shutdown
    "57P02": (JournalUnavailableError, UNREACHABLE_MESSAGE),  # crash_shutdown
    "57P03": (JournalUnavailableError, "the journal server is starting up; try again shortly"),
}
_AUTHENTICATION_STATES = frozenset({"28000", "28P01"})


def _driver_error(exc: BaseException) -> BaseException:
    """The psycopg exception behind ``exc`` (SQLAlchemy wraps it as ``.orig``)."""
    return getattr(exc, "orig", None) or exc


def _is_psycopg(exc: BaseException) -> bool:
    return type(exc).__module__.split(".")[0] == "psycopg"


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a PostgreSQL failure, None when there is none (e.g. no connection)."""
    inner = _driver_error(exc)
    state = getattr(inner, "sqlstate", None)
    return str(state) if state else None


def translate_server_error(exc: BaseException, name: str) -> JournalFileError | None:
    """The user-facing error for a PostgreSQL failure of the journal ``name``
    (its URL without password); None when it is a bug (a wrong statement)."""
    inner = _driver_error(exc)
    if not _is_psycopg(inner):
        return None
    where = Path(name)
    state = sqlstate(inner)
    if state in _AUTHENTICATION_STATES or _names_missing_password(inner):
        return JournalPermissionError(where, _authentication_message(inner, name))
    # At connection time libpq gives the server's refusal as text, without a SQLSTATE.
    if state == "3D000" or _says(inner, "database ", " does not exist"):  # invalid_catalog_name
        return JournalUnavailableError(
            where,
            f"there is no such database on the journal server ({name});"
            " create it first (createdb), then open it again",
        )
    if state is not None and state in _BY_STATE:
        kind, message = _BY_STATE[state]
        return kind(where, f"{message} ({name}); {NOTHING_CHANGED}")
    if state is None and type(inner).__name__ in {"OperationalError", "InterfaceError"}:
        # No SQLSTATE: libpq could not reach the server, or the connection was lost.
        reason = _first_line(inner)
        return JournalUnavailableError(
            where, f"{UNREACHABLE_MESSAGE} ({name}: {reason}); {NOTHING_CHANGED}"
        )
    if state is not None and state.startswith("08"):  # connection_exception
        return JournalUnavailableError(where, f"{UNREACHABLE_MESSAGE} ({name}); {NOTHING_CHANGED}")
    return None


def _says(exc: BaseException, *parts: str) -> bool:
    text = str(exc)
    return all(part in text for part in parts)


def _names_missing_password(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "no password supplied" in text or "password authentication failed" in text


def _authentication_message(exc: BaseException, name: str) -> str:
    if "no password supplied" in str(exc).lower():
        return (
            f"the journal server asks for a password ({name}): put it in ~/.pgpass"
            " (or the file PGPASSFILE names), or in the URL"
        )
    return (
        f"the journal server refused the user name or password ({name});"
        " check ~/.pgpass (or PGPASSFILE) or the URL"
    )


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
