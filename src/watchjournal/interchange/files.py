"""Writing export files atomically: a temp file beside the target, then a rename,
so a crash or a full disk never leaves a half-written export behind."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from watchjournal.atomic_file import write_atomically
from watchjournal.errors import JournalError

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}
MAX_NAME = 100


class ExportWriteError(JournalError):
    """The export could not be written (no space, no permission...)."""


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once (temp file + fsync + rename)."""
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise ExportWriteError(f"could not write {path}: {exc.strerror or exc}") from None


def safe_file_name(name: str, used: set[str], suffix: str = ".md") -> str:
    """A file name that is valid on Linux, macOS and Windows and unique in ``used``
    (compared case-insensitively, as macOS and Windows do)."""
    text = unicodedata.normalize("NFC", name)
    text = _UNSAFE.sub("_", text).strip().strip(".").strip() or "untitled"
    if text.split(".")[0].upper() in _RESERVED:
        text = f"_{text}"
    text = text[:MAX_NAME].rstrip(" .")
    candidate, number = text, 2
    while (candidate + suffix).casefold() in used:
        candidate = f"{text} {number}"
        number += 1
    used.add((candidate + suffix).casefold())
    return candidate + suffix
