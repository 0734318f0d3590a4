"""A poster from a local image file, offline: only real PNG, JPEG or WebP images.

The first bytes say what the file claims to be; ``validate_image`` then
decodes it fully, so a renamed text file, a cut-short download or a
decompression bomb is refused before anything is copied into the poster
cache. The accepted file is stored exactly as fetched posters are
(``PosterCache.store``: named by its content), and only then is the film
pointed at it, so a refused file changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from watchjournal.errors import ValidationError
from watchjournal.journal.types import FilmRecord
from watchjournal.metadata.cache import PosterCache

# Far above any real poster (a 4000×6000 PNG is ~30 MB), far below a memory problem.
MAX_FILE_BYTES = 50 * 1024 * 1024
# Kinds a poster file may be, by the signature at its start (WebP: RIFF....WEBP).
POSTER_FILE_KINDS = ("PNG", "JPEG", "WebP")
# File-dialog filter: every spelling of the accepted kinds.
POSTER_FILE_PATTERNS = ("*.png", "*.jpg", "*.jpeg", "*.jpe", "*.jfif", "*.webp")


class PosterFileError(ValidationError):
    """A local file that cannot be used as a poster (missing, unreadable, not an image)."""


class PosterSetter(Protocol):
    """The part of JournalService this module needs."""

    def set_poster(self, film_id: int, poster_ref: str | None) -> FilmRecord: ...


def image_kind(header: bytes) -> str | None:
    """ "PNG", "JPEG" or "WebP" from a file's first bytes, or None for anything else."""
    if header.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if header.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if len(header) >= 12 and header[:4] == b"RIFF" and header[8:12] == b"WEBP":
        return "WebP"
    return None


def read_poster_file(path: Path) -> bytes:
    """The bytes of ``path`` if it is a usable poster image; else PosterFileError."""
    # Lazy: Pillow loads only when a poster is set, not when a command starts.
    from watchjournal.metadata.images import ImageError, validate_image

    shown = str(path)
    if path.is_dir():
        raise PosterFileError(f"{shown} is a folder, not an image file")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise PosterFileError(f"there is no file {shown}") from None
    except PermissionError:
        raise PosterFileError(f"{shown} cannot be read (no permission)") from None
    except OSError as exc:
        raise PosterFileError(f"{shown} cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise PosterFileError(f"{shown} is too large for a poster (over {limit} MB)")
    kind = image_kind(data[:16])
    if kind is None:
        kinds = ", ".join(POSTER_FILE_KINDS[:-1]) + " or " + POSTER_FILE_KINDS[-1]
        raise PosterFileError(f"{shown} is not a {kinds} image")
    try:
        validate_image(data)
    except ImageError as exc:
        if exc.__cause__ is not None:  # the decoder failed: damaged or cut short
            raise PosterFileError(
                f"{shown} starts like a {kind} image but cannot be read (damaged or incomplete)"
            ) from None
        raise PosterFileError(f"{shown} cannot be a poster: {exc}") from None
    return data


def set_poster_from_file(
    service: PosterSetter, cache: PosterCache, film_id: int, path: Path
) -> FilmRecord:
    """Check ``path``, copy it into the poster cache, point the film at it.

    Raises PosterFileError (and changes nothing) for a file that is not a usable image.
    """
    data = read_poster_file(path)
    return service.set_poster(film_id, cache.store(data))
