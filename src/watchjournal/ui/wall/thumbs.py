"""Poster thumbnails for the wall: scaled once, kept on disk, decoded off the GUI thread.

The view tells the loader which posters are on screen (``want``), in the order
they should appear; the loader forgets whatever it was asked for before and
has not started yet, so fast scrolling never leaves a queue of posters nobody
sees. Each load runs through a TaskRunner (its own small pool, so posters never
hold up a search): it reads the thumbnail from the disk cache, or scales the
poster (decoded at a reduced size where the format allows), crops it to the
tile's 2:3 and writes it to the disk cache for next time. The image comes back
on the GUI thread, becomes a pixmap in a memory cache with a byte budget, and
``ready`` asks the view to repaint.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Iterable

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QRect,
    QSize,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtGui import QImage, QImageReader, QImageWriter, QPixmap
from shiboken6 import isValid

from watchjournal.metadata.thumbnails import ThumbnailCache
from watchjournal.ui.common.tasks import TaskControl, TaskRunner

log = logging.getLogger(__name__)

POSTER_ASPECT = 1.5  # height / width of a film poster (2:3)
# Decoding competes with the GUI thread for the CPU: on two cores one decoder keeps
# frames with arriving posters near 8 ms where two made them 19 ms (wall_bench).
LOAD_THREADS = 2 if QThread.idealThreadCount() > 2 else 1
MEMORY_BUDGET_BYTES = 64 * 1024 * 1024  # a few screens of the largest tiles on a 2x screen
JPEG_QUALITY = 86

Key = tuple[str, int]  # (poster reference, width in device pixels)


def poster_height(width: int) -> int:
    return round(width * POSTER_ASPECT)


def scale_to_cover(image: QImage, size: QSize) -> QImage:
    """``image`` scaled to cover ``size`` (keeping its shape), the overflow cropped evenly."""
    scaled = image.scaled(
        size,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )
    left = (scaled.width() - size.width()) // 2
    top = (scaled.height() - size.height()) // 2
    return scaled.copy(QRect(left, top, size.width(), size.height()))


def _read(path: str, cover: QSize | None = None) -> QImage:
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    if cover is not None:
        source = reader.size()
        if source.isValid() and source.width() > 2 * cover.width():
            # Decode at about twice the tile's size: JPEG decodes that much faster,
            # and the smooth scale below still has detail to work from.
            reader.setScaledSize(
                source.scaled(cover * 2, Qt.AspectRatioMode.KeepAspectRatioByExpanding)
            )
    return reader.read()


def encode_jpeg(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"jpg"))
    writer.setQuality(JPEG_QUALITY)
    writer.write(image.convertToFormat(QImage.Format.Format_RGB32))
    buffer.close()
    return bytes(data.data())


def load_thumbnail(cache: ThumbnailCache, ref: str, width: int) -> QImage | None:
    """The thumbnail of poster ``ref`` at ``width`` device pixels; None when there is no poster.

    Runs on a worker thread (QImage, unlike QPixmap, is safe there).
    """
    size = QSize(width, poster_height(width))
    cached = cache.cached(ref, width)
    if cached is not None:
        image = _read(str(cached))
        if image.size() == size:
            return image
    source = cache.source(ref)
    if source is None:
        return None  # not downloaded (or the cache was cleared): the film gets its card
    image = _read(str(source), size)
    if image.isNull():
        return None
    thumbnail = scale_to_cover(image, size)
    try:
        cache.save(ref, width, encode_jpeg(thumbnail))
    except OSError as exc:
        # The disk copy only saves time next run: a full or read-only cache folder
        # must not cost the user the poster on screen now.
        log.info("could not keep a wall thumbnail: %s", exc)
    return thumbnail


class ThumbnailLoader(QObject):
    """Loads the thumbnails the view wants, two at a time, newest wishes first."""

    ready = Signal(str)  # a poster reference whose thumbnail arrived (or turned out missing)

    def __init__(
        self,
        cache: ThumbnailCache | None,
        parent: QObject | None = None,
        budget_bytes: int = MEMORY_BUDGET_BYTES,
    ) -> None:
        super().__init__(parent)
        self._cache = cache
        self._runner = TaskRunner(self, max_threads=LOAD_THREADS)
        self._budget = budget_bytes
        self._used = 0
        self._pixmaps: OrderedDict[Key, QPixmap] = OrderedDict()
        self._missing: set[str] = set()  # references with no poster file: shown as cards
        self._queue: list[Key] = []
        self._running: set[Key] = set()
        self.loads = 0  # how many loads were started (tests and the benchmark read it)

    # What the delegate reads ----------------------------------------------------------
    def pixmap(self, ref: str, width: int) -> QPixmap | None:
        found = self._pixmaps.get((ref, width))
        if found is not None:
            self._pixmaps.move_to_end((ref, width))
        return found

    def any_pixmap(self, ref: str) -> QPixmap | None:
        """Some size of this poster already in memory (to show while the right size loads)."""
        return next((p for (r, _w), p in reversed(self._pixmaps.items()) if r == ref), None)

    def missing(self, ref: str) -> bool:
        """Whether this poster has no file (the film is shown with its generated card)."""
        return self._cache is None or ref in self._missing

    # What the view asks for ---------------------------------------------------------
    def want(self, refs: Iterable[str], width: int) -> None:
        """Load these posters at ``width`` (in this order); forget earlier unstarted wishes."""
        if self._cache is None:
            return
        queue: list[Key] = []
        seen: set[str] = set()
        for ref in refs:
            key = (ref, width)
            if ref in seen or ref in self._missing or key in self._pixmaps:
                continue
            seen.add(ref)
            if key not in self._running:
                queue.append(key)
        self._queue = queue
        self._start_next()

    @property
    def pending(self) -> int:
        """Loads waiting or running (0: everything wanted is on screen)."""
        return len(self._queue) + len(self._running)

    def forget_missing(self) -> None:
        """Look again for posters that had no file (one may have been fetched since)."""
        self._missing.clear()

    def clear(self) -> None:
        """Forget every thumbnail in memory too (the poster cache was cleared or moved)."""
        self._missing.clear()
        self._pixmaps.clear()
        self._used = 0

    def _start_next(self) -> None:
        cache = self._cache
        while cache is not None and self._queue and len(self._running) < LOAD_THREADS:
            key = self._queue.pop(0)
            self._running.add(key)
            self.loads += 1
            ref, width = key

            def work(_control: TaskControl, ref: str = ref, width: int = width) -> QImage | None:
                return load_thumbnail(cache, ref, width)

            def done(image: QImage | None, error: BaseException | None, key: Key = key) -> None:
                if isValid(self):  # not if the wall went away while this was loading
                    self._arrived(key, image, error)

            self._runner.run(work, done)

    def _arrived(self, key: Key, image: QImage | None, error: BaseException | None) -> None:
        self._running.discard(key)
        ref = key[0]
        if image is None or image.isNull():
            self._missing.add(ref)
        else:
            self._keep(key, QPixmap.fromImage(image))
        self._start_next()
        self.ready.emit(ref)
        if error is not None:
            raise error  # a bug in loading: shown by the crash handler, never swallowed

    def _keep(self, key: Key, pixmap: QPixmap) -> None:
        self._pixmaps[key] = pixmap
        self._used += _bytes(pixmap)
        while self._used > self._budget and len(self._pixmaps) > 1:
            _key, dropped = self._pixmaps.popitem(last=False)
            self._used -= _bytes(dropped)

    def wait(self, msecs: int = -1) -> bool:
        """Block until running loads finish (tests, the benchmark, shutdown)."""
        return self._runner.wait(msecs)


def _bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * 4
