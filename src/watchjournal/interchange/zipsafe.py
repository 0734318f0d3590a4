"""Reading an export (a zip, a folder or one file) into memory, safely.

Zip members are read in memory and never extracted, so a member named
``../../.bashrc`` or ``/etc/passwd`` cannot be written anywhere; such names are
refused outright because no genuine export contains them. The total
uncompressed size is capped (counting bytes actually read, not the sizes the
archive claims), which defuses zip bombs.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from watchjournal.journal.import_types import ImportFormatError, Origin

MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_MEMBERS = 20_000
_CHUNK = 1024 * 1024

ExportFiles = dict[str, bytes]
# Folders inside a Letterboxd export, never a wrapper around one.
_EXPORT_FOLDERS = {"lists", "likes", "deleted", "orphaned"}


def read_export(path: Path, *, max_total: int | None = None) -> ExportFiles:
    """All files of an export as ``{"lists/name.csv": bytes}``, keyed by relative path."""
    max_total = MAX_TOTAL_BYTES if max_total is None else max_total
    if not path.exists():
        raise ImportFormatError(f"{path} does not exist")
    if path.is_dir():
        return _strip_single_folder(_read_folder(path, max_total))
    if zipfile.is_zipfile(path):
        return _strip_single_folder(read_zip(path, max_total=max_total))
    if path.suffix.lower() == ".zip":
        raise ImportFormatError(f"{path.name} is not a valid zip archive")
    if path.stat().st_size > max_total:
        raise ImportFormatError(f"{path.name} is larger than {max_total // 2**20} MiB")
    return {path.name: path.read_bytes()}


def _check_member_name(name: str, archive: str) -> str:
    origin = Origin(archive, 0)
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise ImportFormatError(
            f'refusing the archive: member "{name}" has an absolute path', origin
        )
    parts = PurePosixPath(name).parts
    if ".." in parts:
        raise ImportFormatError(f'refusing the archive: member "{name}" points outside it', origin)
    return "/".join(part for part in parts if part != ".")


def read_zip(path: Path, *, max_total: int = MAX_TOTAL_BYTES) -> ExportFiles:
    files: ExportFiles = {}
    total = 0
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ImportFormatError(f"{path.name} has more than {MAX_MEMBERS} files")
            for info in members:
                name = _check_member_name(info.filename, path.name)
                if info.is_dir() or not name:
                    continue
                data, total = _read_member(archive, info, total, max_total, path.name)
                files[name] = data
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise ImportFormatError(f"{path.name} is a damaged or unsupported zip ({exc})") from None
    except RuntimeError as exc:  # an encrypted member
        raise ImportFormatError(f"{path.name} cannot be read ({exc})") from None
    return files


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, total: int, max_total: int, name: str
) -> tuple[bytes, int]:
    too_big = ImportFormatError(
        f"refusing the archive: it unpacks to more than {max_total // 2**20} MiB", Origin(name, 0)
    )
    if total + info.file_size > max_total:
        raise too_big
    chunks: list[bytes] = []
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            total += len(chunk)
            if total > max_total:  # the header may lie about the size
                raise too_big
            chunks.append(chunk)
    return b"".join(chunks), total


def _read_folder(folder: Path, max_total: int) -> ExportFiles:
    files: ExportFiles = {}
    total = 0
    for file in sorted(folder.rglob("*")):
        if not file.is_file() or file.is_symlink():
            continue
        total += file.stat().st_size
        if total > max_total or len(files) >= MAX_MEMBERS:
            raise ImportFormatError(f"{folder} holds more than an export's worth of files")
        files[file.relative_to(folder).as_posix()] = file.read_bytes()
    return files


def _strip_single_folder(files: ExportFiles) -> ExportFiles:
    """An export zipped together with its folder: drop the common top folder."""
    tops = {name.split("/", 1)[0] for name in files}
    if len(tops) != 1 or not all("/" in name for name in files) or tops & _EXPORT_FOLDERS:
        return files
    return {name.split("/", 1)[1]: data for name, data in files.items()}
