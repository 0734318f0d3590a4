"""PosterCache: poster images on disk, named by their content, never by URL or title.

A poster reference stored in the journal (``films.poster_ref``) is
``"sha256:<hex>"``. The file lives under ``<cache_dir>/posters/<hex[:2]>/<hex>``
with a JPEG thumbnail beside it; both are written to a temp file in the same
folder and renamed into place, so a crash or a failed download never leaves a
partial file under a real name.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from watchjournal.atomic_file import write_atomically

REF_PREFIX = "sha256:"
_REF_RE = re.compile(r"sha256:(?P<hex>[0-9a-f]{64})")
_THUMB_SUFFIX = ".thumb.jpg"


def parse_ref(ref: str) -> str | None:
    """The hex digest of a poster reference, or None if it is not one of ours."""
    match = _REF_RE.fullmatch(ref.strip())
    return match.group("hex") if match else None


class PosterCache:
    """Content-addressed poster files and their list thumbnails in the user cache dir."""

    def __init__(self, cache_dir: Path) -> None:
        self.root = cache_dir / "posters"

    def _file(self, digest: str) -> Path:
        return self.root / digest[:2] / digest

    def store(self, data: bytes) -> str:
        """Validate ``data`` as an image, keep it (and a thumbnail), return its reference.

        Raises ImageError (a JournalError) and writes nothing if the bytes are not
        a usable image.
        """
        # Pillow loads only when a poster is stored, not when the app starts.
        from watchjournal.metadata.images import make_thumbnail, validate_image

        validate_image(data)
        thumbnail = make_thumbnail(data)
        digest = hashlib.sha256(data).hexdigest()
        target = self._file(digest)
        if not target.exists():
            write_atomically(target, data)
        thumb = target.with_name(digest + _THUMB_SUFFIX)
        if not thumb.exists():
            write_atomically(thumb, thumbnail)
        return REF_PREFIX + digest

    def path(self, ref: str) -> Path | None:
        """The poster file for ``ref``, or None when it is not (or no longer) cached."""
        digest = parse_ref(ref)
        if digest is None:
            return None
        target = self._file(digest)
        return target if target.is_file() else None

    def thumbnail_path(self, ref: str) -> Path | None:
        """The list thumbnail for ``ref``, or None when it is missing."""
        digest = parse_ref(ref)
        if digest is None:
            return None
        thumb = self._file(digest).with_name(digest + _THUMB_SUFFIX)
        return thumb if thumb.is_file() else None

    def size_bytes(self) -> int:
        """How much disk space the cached posters take."""
        if not self.root.is_dir():
            return 0
        return sum(p.stat().st_size for p in self.root.rglob("*") if p.is_file())

    def clear(self) -> None:
        """Remove every cached poster; the journal keeps its references."""
        shutil.rmtree(self.root, ignore_errors=True)
