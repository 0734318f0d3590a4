"""Checking that downloaded bytes really are a usable image, and making list thumbnails.

Modelled on Picard's cover-art checks: the bytes are fully decoded (not just
sniffed), and tiny or unidentifiable images are rejected before anything is
written to disk.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from watchjournal.errors import JournalError

MIN_SIDE = 16  # smaller than this is a tracking pixel or an icon, not a poster
MAX_PIXELS = 40_000_000  # a decompression bomb guard well above any real poster
THUMBNAIL_SIZE = (92, 138)  # 2:3, the shape of a film poster
ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})


class ImageError(JournalError):
    """The bytes are not an image WatchJournal can use as a poster."""


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int
    height: int


def validate_image(data: bytes) -> ImageInfo:
    """Decode ``data`` fully; raise ImageError unless it is a real, reasonably sized image."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image_format = image.format or ""
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ImageError("the image is too large to use as a poster")
                image.load()  # a full decode catches truncated and corrupt files
    except ImageError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageError("the downloaded file is not a readable image") from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError("the image is too large to use as a poster") from exc
    if image_format not in ALLOWED_FORMATS:
        raise ImageError(f"images of type {image_format or 'unknown'} are not supported")
    if width < MIN_SIDE or height < MIN_SIDE:
        raise ImageError(f"the image is too small ({width}×{height}) to be a poster")
    return ImageInfo(image_format, width, height)


def make_thumbnail(data: bytes) -> bytes:
    """A small JPEG of the poster for lists, keeping its aspect ratio."""
    with Image.open(io.BytesIO(data)) as image:
        image.seek(0)
        converted = image.convert("RGB")
    converted.thumbnail(THUMBNAIL_SIZE)
    out = io.BytesIO()
    converted.save(out, format="JPEG", quality=85)
    return out.getvalue()
