"""PosterCache: content-addressed, atomic, validated poster files and thumbnails."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image

from watchjournal.metadata.cache import PosterCache, parse_ref
from watchjournal.metadata.images import ImageError, validate_image


def make_image(width: int = 200, height: int = 300, fmt: str = "JPEG", color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format=fmt)
    return out.getvalue()


def cache_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_store_returns_sha256_reference_and_keeps_the_bytes(tmp_path: Path) -> None:
    cache = PosterCache(tmp_path)
    data = make_image()
    ref = cache.store(data)
    assert ref == "sha256:" + hashlib.sha256(data).hexdigest()
    path = cache.path(ref)
    assert path is not None
    assert path.read_bytes() == data
    assert path.is_relative_to(tmp_path / "posters")


def test_thumbnail_is_a_small_jpeg_of_poster_shape(tmp_path: Path) -> None:
    cache = PosterCache(tmp_path)
    ref = cache.store(make_image(400, 600, fmt="PNG"))
    thumb = cache.thumbnail_path(ref)
    assert thumb is not None
    with Image.open(thumb) as image:
        assert image.format == "JPEG"
        assert image.size == (92, 138)


def test_storing_the_same_image_twice_gives_one_file(tmp_path: Path) -> None:
    cache = PosterCache(tmp_path)
    data = make_image()
    assert cache.store(data) == cache.store(data)
    assert len(cache_files(tmp_path)) == 2  # the poster and its thumbnail


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<html>not found</html>",
        make_image()[:200],  # truncated JPEG
        make_image(8, 8),  # too small to be a poster
    ],
    ids=["empty", "html", "truncated", "tiny"],
)
def test_invalid_images_are_rejected_and_nothing_is_written(tmp_path: Path, data: bytes) -> None:
    cache = PosterCache(tmp_path)
    with pytest.raises(ImageError):
        cache.store(data)
    assert cache_files(tmp_path) == []


def test_missing_and_foreign_references(tmp_path: Path) -> None:
    cache = PosterCache(tmp_path)
    assert cache.path("sha256:" + "0" * 64) is None
    assert cache.thumbnail_path("sha256:" + "0" * 64) is None
    assert cache.path("../../etc/passwd") is None
    assert cache.path("sha256:../../x") is None
    assert parse_ref("https://example.org/poster.jpg") is None


def test_clear_removes_files_and_path_then_reports_missing(tmp_path: Path) -> None:
    cache = PosterCache(tmp_path)
    ref = cache.store(make_image())
    assert cache.size_bytes() > 0
    cache.clear()
    assert cache.path(ref) is None
    assert cache.thumbnail_path(ref) is None
    assert cache.size_bytes() == 0
    assert cache.store(make_image()) == ref  # still usable after clearing


def test_validate_image_reports_format_and_size() -> None:
    info = validate_image(make_image(120, 180, fmt="PNG"))
    assert (info.format, info.width, info.height) == ("PNG", 120, 180)
