"""Poster-wall thumbnails on disk, beside the posters they are made from.

A thumbnail is one poster scaled to one width (a "size bucket" of the wall's
size slider, in device pixels), kept as
``<cache_dir>/posters/wall/<width>/<hex[:2]>/<hex>.jpg``. Posters are named by
their content digest, so the poster's reference plus the width names its
thumbnail for good: a thumbnail never goes stale, and clearing the poster
cache (``PosterCache.clear``) takes the thumbnails with it. Scaling needs Qt
and happens in ``ui/wall/thumbs.py``; this module only names, finds and
writes the files.
"""

from __future__ import annotations

from pathlib import Path

from watchjournal.atomic_file import write_atomically
from watchjournal.metadata.cache import PosterCache, parse_ref

WALL_FOLDER = "wall"  # not hex, so it never meets a poster's two-digit folder
MAX_WIDTH = 4096  # wider than any screen's poster tile; a guard against nonsense sizes


class ThumbnailCache:
    """Scaled copies of cached posters, one file per poster and width."""

    def __init__(self, posters: PosterCache) -> None:
        self.posters = posters
        self.root = posters.root / WALL_FOLDER

    def source(self, ref: str) -> Path | None:
        """The full-size poster file to scale, or None when it is not (or no longer) cached."""
        return self.posters.path(ref)

    def path(self, ref: str, width: int) -> Path | None:
        """Where the thumbnail of ``ref`` at ``width`` pixels lives (None: not our reference)."""
        digest = parse_ref(ref)
        if digest is None or not 0 < width <= MAX_WIDTH:
            return None
        return self.root / str(width) / digest[:2] / f"{digest}.jpg"

    def cached(self, ref: str, width: int) -> Path | None:
        """The thumbnail file if it was made before, else None."""
        target = self.path(ref, width)
        return target if target is not None and target.is_file() else None

    def save(self, ref: str, width: int, data: bytes) -> Path | None:
        """Keep ``data`` (an encoded image) as the thumbnail; None if ``ref`` is not ours."""
        target = self.path(ref, width)
        if target is None:
            return None
        write_atomically(target, data)
        return target
