"""File ▸ Open Shared Journal…: ask for a journal's URL on a PostgreSQL server, then open it.

The URL is remembered in the app's settings without its password. The
password is never stored: libpq reads it from ``~/.pgpass`` (or the file
``PGPASSFILE`` names) by itself; when the server still asks for one, a
password field asks the user, and it lives only in this window's connection.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from watchjournal.errors import JournalError, JournalPermissionError
from watchjournal.journal import JournalService
from watchjournal.storage.server_url import display_name, redacted, server_url
from watchjournal.ui.common.errors import show_error

URL_SETTING = "shared/url"
TITLE = "Open Shared Journal"
URL_PROMPT = (
    "The journal's address on a PostgreSQL server\n(postgresql://user@host/dbname;"
    " the password comes from ~/.pgpass, or you are asked for it):"
)


def ask_url(parent: QWidget | None, settings: QSettings) -> str | None:
    """The URL the user typed (checked), remembered without its password; None: cancelled."""
    last = str(settings.value(URL_SETTING, "") or "")
    text, ok = QInputDialog.getText(parent, TITLE, URL_PROMPT, QLineEdit.EchoMode.Normal, last)
    text = text.strip()
    if not ok or not text:
        return None
    try:
        server_url(text)  # a path, or a URL without a database, is refused with the reason
    except JournalError as exc:
        show_error(parent, TITLE, exc)
        return None
    settings.setValue(URL_SETTING, redacted(text))
    return text


def with_password(url: str, password: str) -> str:
    """``url`` with ``password`` put in (for this connection only)."""
    scheme, _separator, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0] if at else ""
    if not at:
        host = rest
    return f"{scheme}://{user}:{quote(password, safe='')}@{host}"


def ask_password(parent: QWidget | None, name: str) -> str | None:
    text, ok = QInputDialog.getText(
        parent, TITLE, f"Password for {name}:", QLineEdit.EchoMode.Password
    )
    return text if ok else None


def open_shared(parent: QWidget | None, url: str, backup_dir: Path) -> JournalService | None:
    """The journal at ``url`` opened, asking for the password when the server wants
    one that ~/.pgpass does not give; None (the reason shown) when it cannot be."""
    attempt = url
    while True:
        try:
            return JournalService.open(attempt, backup_dir)
        except JournalPermissionError as exc:
            if "password" not in str(exc):
                show_error(parent, TITLE, exc)
                return None
            password = ask_password(parent, display_name(server_url(url)))
            if password is None:
                return None
            attempt = with_password(url, password)
        except JournalError as exc:
            show_error(parent, TITLE, exc)
            return None
