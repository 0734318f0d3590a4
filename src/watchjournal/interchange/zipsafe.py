"""Reading an export (a zip, a folder or one file) into memory, safely and within limits.

Zip members are read in memory and never extracted, so a member named
``../../.bashrc`` or ``/etc/passwd`` cannot be written anywhere; such names are
refused outright because no genuine export contains them.

Every read is bounded, so a hostile file costs seconds and a bounded amount of
memory, never the machine:

- only regular files are read: a named pipe (FIFO), a device such as
  ``/dev/zero`` or a socket is refused from its ``stat`` before any read, and
  files are opened with ``O_NONBLOCK`` so even one swapped in after the check
  cannot hang the open;
- one file (a plain file, a file of a folder export, or a zip member once
  inflated) may hold at most ``MAX_FILE_BYTES``, all of an export together
  ``MAX_TOTAL_BYTES``;
- a zip is refused from the sizes its directory declares before anything is
  inflated (a 510 KB archive of zeros claiming 500 MiB costs nothing), and the
  bytes actually inflated are counted as well, in case the directory lies.
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from watchjournal.journal.import_types import ImportFormatError, Origin
from watchjournal.journal.validate import quote
from watchjournal.storage.places import describe_kind

# The largest genuine exports: a WatchJournal JSON backup of 100,000 films with
# reviews is about 150 MiB; Letterboxd and IMDb exports are a few MiB.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 384 * 1024 * 1024
MAX_MEMBERS = 20_000
_CHUNK = 1024 * 1024
# O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer for ever.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)

ExportFiles = dict[str, bytes]
# Folders inside a Letterboxd export, never a wrapper around one.
_EXPORT_FOLDERS = {"lists", "likes", "deleted", "orphaned"}


def _mib(size: int) -> str:
    return f"{size / 2**20:g} MiB"


def _not_regular(shown: str, mode: int) -> ImportFormatError:
    return ImportFormatError(
        f"{shown} is {describe_kind(mode)}, not a file; only regular files can be imported"
    )


def _cannot_read(shown: str, exc: OSError) -> ImportFormatError:
    return ImportFormatError(f"cannot read {shown}: {exc.strerror or exc}")


def open_regular(path: Path, *, shown: str | None = None, follow: bool = True) -> BinaryIO:
    """``path`` opened for reading, or ImportFormatError if it is no regular file.

    Checked twice: ``stat`` before opening (nothing is opened that could block),
    ``fstat`` after (the file opened is the file checked). ``follow=False``
    refuses a symbolic link swapped in after a folder was listed.
    """
    shown = shown or str(path)
    try:
        mode = (path.stat() if follow else path.lstat()).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(shown, mode)
        flags = _OPEN_FLAGS | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
        fd = os.open(path, flags)
    except OSError as exc:
        raise _cannot_read(shown, exc) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(shown, mode)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_limited(handle: BinaryIO, shown: str, max_bytes: int) -> bytes:
    """All of an open regular file, refused if it holds more than ``max_bytes``."""
    too_big = ImportFormatError(f"{shown} is larger than {_mib(max_bytes)}; no export is")
    if os.fstat(handle.fileno()).st_size > max_bytes:
        raise too_big
    try:
        data = handle.read(max_bytes + 1)  # the file may have grown since fstat
    except OSError as exc:
        raise _cannot_read(shown, exc) from None
    if len(data) > max_bytes:
        raise too_big
    return data


def read_export(
    path: Path, *, max_total: int | None = None, max_file: int | None = None
) -> ExportFiles:
    """All files of an export as ``{"lists/name.csv": bytes}``, keyed by relative path."""
    max_total = MAX_TOTAL_BYTES if max_total is None else max_total
    max_file = MAX_FILE_BYTES if max_file is None else max_file
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ImportFormatError(f"{path} does not exist") from None
    except OSError as exc:
        raise _cannot_read(str(path), exc) from None
    if stat.S_ISDIR(mode):
        return _strip_single_folder(_read_folder(path, max_total, max_file))
    with open_regular(path) as handle:
        if zipfile.is_zipfile(handle):
            handle.seek(0)
            return _strip_single_folder(read_zip(handle, path.name, max_total, max_file))
        if path.suffix.lower() == ".zip":
            raise ImportFormatError(f"{path.name} is not a valid zip archive")
        handle.seek(0)
        return {path.name: read_limited(handle, path.name, min(max_file, max_total))}


def _check_member_name(name: str, archive: str) -> str:
    origin = Origin(archive, 0)
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise ImportFormatError(
            f"refusing the archive: member {quote(name)} has an absolute path", origin
        )
    parts = PurePosixPath(name).parts
    if ".." in parts:
        raise ImportFormatError(
            f"refusing the archive: member {quote(name)} points outside it", origin
        )
    return "/".join(part for part in parts if part != ".")


def read_zip(
    source: BinaryIO | Path,
    name: str,
    max_total: int = MAX_TOTAL_BYTES,
    max_file: int = MAX_FILE_BYTES,
) -> ExportFiles:
    """Every member of a zip archive, in memory, within the limits."""
    files: ExportFiles = {}
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ImportFormatError(f"{name} has more than {MAX_MEMBERS} files")
            _check_declared_sizes(members, name, max_total, max_file)
            total = 0
            for info in members:
                member = _check_member_name(info.filename, name)
                if info.is_dir() or not member:
                    continue
                data = _inflate(archive, info, name, (max_file, max_total), total)
                total += len(data)
                files[member] = data
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise ImportFormatError(f"{name} is a damaged or unsupported zip ({exc})") from None
    except RuntimeError as exc:  # an encrypted member
        raise ImportFormatError(f"{name} cannot be read ({exc})") from None
    except OSError as exc:
        raise _cannot_read(name, exc) from None
    return files


def _bomb(name: str, what: str, limit: int) -> ImportFormatError:
    return ImportFormatError(
        f"refusing the archive: {what} unpacks to more than {_mib(limit)}", Origin(name, 0)
    )


def _check_declared_sizes(
    members: list[zipfile.ZipInfo], name: str, max_total: int, max_file: int
) -> None:
    """Refuse from the archive's directory alone, before inflating anything."""
    for info in members:
        if info.file_size > max_file:
            raise _bomb(name, f"member {quote(info.filename)}", max_file)
    if sum(info.file_size for info in members) > max_total:
        raise _bomb(name, "it", max_total)


def _inflate(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    name: str,
    limits: tuple[int, int],
    before: int,
) -> bytes:
    """One member, counting the bytes actually inflated (the directory may lie):
    at most ``limits[0]`` for the member and ``limits[1]`` with the ``before``
    bytes of the members already read."""
    max_file, max_total = limits
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            size += len(chunk)
            if size > max_file:
                raise _bomb(name, f"member {quote(info.filename)}", max_file)
            if before + size > max_total:
                raise _bomb(name, "it", max_total)
            chunks.append(chunk)
    return b"".join(chunks)


def _walk(folder: Path, relative: str = "") -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Files and special files below ``folder``, sorted; links are not followed."""
    with os.scandir(folder / relative if relative else folder) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    for entry in entries:
        name = f"{relative}/{entry.name}" if relative else entry.name
        if entry.is_symlink():
            continue  # a link may lead anywhere (the user's home, /etc): never followed
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(folder, name)
        else:
            yield name, entry


def _read_folder(folder: Path, max_total: int, max_file: int) -> ExportFiles:
    files: ExportFiles = {}
    total = 0
    try:
        entries = list(_walk(folder))
    except OSError as exc:
        raise _cannot_read(str(folder), exc) from None
    for name, entry in entries:
        shown = f"{folder.name}/{name}"
        mode = entry.stat(follow_symlinks=False).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(shown, mode)
        if len(files) >= MAX_MEMBERS:
            raise ImportFormatError(f"{folder} holds more than {MAX_MEMBERS} files; no export does")
        if total + entry.stat(follow_symlinks=False).st_size > max_total:
            raise ImportFormatError(f"{folder} holds more than {_mib(max_total)}; no export does")
        with open_regular(Path(entry.path), shown=shown, follow=False) as handle:
            data = read_limited(handle, shown, min(max_file, max_total - total))
        total += len(data)
        files[name] = data
    return files


def _strip_single_folder(files: ExportFiles) -> ExportFiles:
    """An export zipped together with its folder: drop the common top folder."""
    tops = {name.split("/", 1)[0] for name in files}
    if len(tops) != 1 or not all("/" in name for name in files) or tops & _EXPORT_FOLDERS:
        return files
    return {name.split("/", 1)[1]: data for name, data in files.items()}
