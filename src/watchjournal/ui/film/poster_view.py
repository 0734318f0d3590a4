"""Poster images for the detail pane and lists, with a drawn placeholder when there is none,
and setting a poster from a local image file (a menu action, or a drop on the poster)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDropEvent,
    QFont,
    QLinearGradient,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import QFileDialog, QWidget

from watchjournal.journal import FilmRecord
from watchjournal.metadata.cache import PosterCache
from watchjournal.metadata.poster_file import (
    POSTER_FILE_PATTERNS,
    PosterSetter,
    set_poster_from_file,
)
from watchjournal.ui.common.errors import show_error
from watchjournal.ui.common.tasks import TaskControl, TaskRunner

POSTER_SIZE = QSize(180, 270)


def placeholder(title: str, size: QSize, ratio: float = 1.0) -> QPixmap:
    """A quiet gradient card with the title's initial, tinted from the title itself."""
    pixmap = QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    hue = int(hashlib.sha256(title.encode()).hexdigest()[:4], 16) % 360
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    gradient = QLinearGradient(0, 0, 0, size.height())
    gradient.setColorAt(0, QColor.fromHsl(hue, 70, 90))
    gradient.setColorAt(1, QColor.fromHsl((hue + 30) % 360, 60, 40))
    painter.fillRect(QRectF(0, 0, size.width(), size.height()), gradient)
    painter.setPen(QColor(255, 255, 255, 210))
    font = QFont()
    font.setPixelSize(int(size.height() * 0.32))
    font.setBold(True)
    painter.setFont(font)
    initial = next((ch.upper() for ch in title if ch.isalnum()), "?")
    painter.drawText(
        QRectF(0, 0, size.width(), size.height() * 0.85), Qt.AlignmentFlag.AlignCenter, initial
    )
    small = QFont()
    small.setPixelSize(max(9, int(size.height() * 0.05)))
    painter.setFont(small)
    painter.setPen(QColor(255, 255, 255, 150))
    painter.drawText(
        QRectF(0, size.height() * 0.78, size.width(), size.height() * 0.15),
        Qt.AlignmentFlag.AlignCenter,
        "no poster",
    )
    painter.end()
    return pixmap


def poster_pixmap(
    cache: PosterCache | None, poster_ref: str | None, title: str, size: QSize, ratio: float = 1.0
) -> QPixmap:
    """The film's cached poster scaled to ``size``, or the placeholder."""
    path = cache.path(poster_ref) if cache is not None and poster_ref else None
    image = QPixmap(str(path)) if path is not None else QPixmap()
    if image.isNull():
        return placeholder(title, size, ratio)
    scaled = image.scaled(
        size * ratio, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    scaled.setDevicePixelRatio(ratio)
    return scaled


def dropped_image_path(mime: QMimeData) -> Path | None:
    """The one local file a drag carries, if it looks like an image by its name; else None.

    Only the name is looked at here, to accept or refuse the drag as it hovers;
    the file's content is checked when it is dropped (``read_poster_file``).
    """
    urls = [url for url in mime.urls() if url.isLocalFile()]
    if len(urls) != 1:
        return None
    path = Path(urls[0].toLocalFile())
    patterns = {pattern.removeprefix("*") for pattern in POSTER_FILE_PATTERNS}
    return path if path.suffix.lower() in patterns else None


class PosterFileCommand(QObject):
    """Set a film's poster from an image file: "Set Poster from File…" or a drop on the poster.

    Offline. The file is checked and copied into the poster cache on the writer
    lane (a big image takes a moment to decode), then the film points at it. A
    file that is not a usable image is refused with its reason, and nothing
    changes.
    """

    changed = Signal(object)  # the film id whose poster changed
    status = Signal(str)

    def __init__(
        self,
        service: PosterSetter,
        cache: PosterCache,
        runner: TaskRunner,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._service = service
        self._cache = cache
        self._runner = runner
        self._window = window
        self.film_id: Callable[[], int | None] = lambda: None  # the film the pane shows

    def choose(self, film_id: int) -> None:
        """Ask for an image file, then set it as the film's poster."""
        patterns = " ".join(POSTER_FILE_PATTERNS)
        name, _filter = QFileDialog.getOpenFileName(
            self._window, "Set Poster from File", "", f"Images ({patterns})"
        )
        if name:
            self.set_from_file(film_id, Path(name))

    def set_from_file(self, film_id: int, path: Path) -> None:
        service, cache = self._service, self._cache
        self.status.emit(f"Setting the poster from {path.name}…")

        def work(_control: TaskControl) -> FilmRecord:
            return set_poster_from_file(service, cache, film_id, path)

        def done(film: FilmRecord | None, error: BaseException | None) -> None:
            if error is not None or film is None:
                self.status.emit("The poster was not changed.")
                show_error(self._window, "Set Poster", error or ValueError("no film"))
                return
            self.status.emit(f"New poster for {film.label}.")
            self.changed.emit(film_id)

        self._runner.write(work, done)

    def accept_drops_on(self, poster: QWidget) -> None:
        """Let image files be dropped on ``poster`` (the film pane's poster)."""
        poster.setAcceptDrops(True)
        poster.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(event, QDropEvent):
            path = dropped_image_path(event.mimeData())
            if path is not None and self.film_id() is not None:
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            path = dropped_image_path(event.mimeData())
            film_id = self.film_id()
            if path is None or film_id is None:
                event.ignore()
                return True
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.set_from_file(film_id, path)
            return True
        return super().eventFilter(watched, event)
