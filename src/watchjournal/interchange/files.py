"""Writing export files atomically: a temp file beside the target, then a rename,
so a crash or a full disk never leaves a half-written export behind.

An existing file is replaced only when the caller says so (``replace=True``);
otherwise the file system itself refuses a name that exists (see
``watchjournal.atomic_file``). A folder export stages every file before it
puts the first one in place, so a full disk leaves none of them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from watchjournal.atomic_file import make_folder, place, stage, write_atomically
from watchjournal.errors import JournalError
from watchjournal.interchange.targets import ExportExistsError

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}
# A readable length for a name made from a title, in characters.
MAX_NAME = 100
# The usual file-name limit in bytes (ext4, APFS, NTFS's 255 UTF-16 units are never fewer).
NAME_MAX_BYTES = 255
# Room kept for " 123456", the number that makes a repeated title unique.
_NUMBER_ROOM = len(" 123456")
# A shortened name ends in "~" and 8 hex digits of its full text, so two long
# titles that begin alike still get different names, the same ones every time.
_DIGEST_ROOM = len("~12345678")


class ExportWriteError(JournalError):
    """The export could not be written (no space, no permission...)."""


def write_atomic(path: Path, data: bytes, *, replace: bool = False) -> None:
    """Write ``data`` at ``path`` all at once (temp file + fsync + rename).

    An existing ``path`` raises ``ExportExistsError`` unless ``replace``.
    """
    try:
        write_atomically(path, data, replace=replace)
    except FileExistsError:
        raise ExportExistsError([path]) from None
    except OSError as exc:
        raise ExportWriteError(f"could not write {path}: {exc.strerror or exc}") from None


def write_all(files: Sequence[tuple[Path, bytes]], *, replace: bool = False) -> None:
    """Write several files, all staged (written and synced) before the first is put in place.

    A failure while staging leaves nothing; a file that appears meanwhile under
    one of the names (``replace=False``) takes away the files this call had
    already put in place, so the export is all or nothing.
    """
    staged: list[tuple[Path, Path]] = []
    created: list[Path] = []
    current = files[0][0] if files else Path()
    try:
        for current, data in files:
            make_folder(current.parent)
            staged.append((stage(current, data), current))
        for temp, current in staged:
            existed = os.path.lexists(current)
            place(temp, current, replace=replace)
            if not existed:
                created.append(current)
    except BaseException as exc:
        for temp, _path in staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        for path in created:
            with contextlib.suppress(OSError):
                path.unlink()
        if isinstance(exc, FileExistsError):
            raise ExportExistsError([current], current.parent) from None
        if isinstance(exc, OSError):
            raise ExportWriteError(f"could not write {current}: {exc.strerror or exc}") from None
        raise


def safe_file_name(
    name: str, used: set[str], suffix: str = ".md", max_bytes: int = NAME_MAX_BYTES
) -> str:
    """A file name that is valid on Linux, macOS and Windows and unique in ``used``
    (compared case-insensitively, as macOS and Windows do).

    It fits ``max_bytes`` in UTF-8 (the file system's limit, suffix and
    uniqueness number included); a longer title is cut between characters and
    marked with a digest of its full text, so the same title always gets the
    same name.
    """
    text = unicodedata.normalize("NFC", name)
    text = _UNSAFE.sub("_", text).strip().strip(".").strip() or "untitled"
    if text.split(".")[0].upper() in _RESERVED:
        text = f"_{text}"
    room = max(max_bytes - len(suffix.encode("utf-8")) - _NUMBER_ROOM, _DIGEST_ROOM + 8)
    text = _shorten(text, room)
    candidate, number = text, 2
    while (candidate + suffix).casefold() in used:
        candidate = f"{text} {number}"
        number += 1
    used.add((candidate + suffix).casefold())
    return candidate + suffix


def _shorten(text: str, max_bytes: int) -> str:
    """``text`` if it fits ``MAX_NAME`` characters and ``max_bytes``; else a cut plus a digest."""
    if len(text) <= MAX_NAME and len(text.encode("utf-8")) <= max_bytes:
        return text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    cut = text[: MAX_NAME - _DIGEST_ROOM]
    cut = cut.encode("utf-8")[: max_bytes - _DIGEST_ROOM].decode("utf-8", "ignore")
    return f"{cut.rstrip(' .')}~{digest}"
