"""Wall thumbnails: scaled once, kept on disk beside the posters, decoded off the GUI thread.

The disk copy is named by the poster (its content digest) and the size bucket;
the second time it is read, not scaled again. The loader works on a thread of
its own pool, only on what the view wants now (a newer wish replaces the
unstarted part of an older one), and keeps pixmaps within a byte budget.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.metadata_helpers import make_image
from watchjournal.metadata.cache import PosterCache
from watchjournal.metadata.thumbnails import ThumbnailCache
from watchjournal.paths import AppPaths
from watchjournal.ui.wall import thumbs
from watchjournal.ui.wall.thumbs import ThumbnailLoader, load_thumbnail


@pytest.fixture
def posters(app_dirs: AppPaths) -> PosterCache:
    return PosterCache(app_dirs.cache_dir)


def test_thumbnail_is_scaled_once_and_kept_next_to_the_posters(
    qapp: QApplication, posters: PosterCache
) -> None:
    ref = posters.store(make_image(400, 500, color="navy"))  # not 2:3: cropped to fit
    cache = ThumbnailCache(posters)
    image = load_thumbnail(cache, ref, 152)
    assert image is not None and (image.width(), image.height()) == (152, 228)
    kept = cache.cached(ref, 152)
    assert kept is not None and kept.parent.parent.parent.parent == posters.root
    assert kept.name == ref.removeprefix("sha256:") + ".jpg" and kept.parent.parent.name == "152"
    # Next time it comes from the disk copy: the poster itself is not read again.
    source = posters.path(ref)
    assert source is not None
    source.unlink()
    again = load_thumbnail(cache, ref, 152)
    assert again is not None and again.size() == image.size()
    # Another size bucket is another file; without the poster it cannot be made.
    assert load_thumbnail(cache, ref, 96) is None


def test_a_poster_file_that_is_gone_means_no_thumbnail(
    qapp: QApplication, posters: PosterCache
) -> None:
    cache = ThumbnailCache(posters)
    assert load_thumbnail(cache, "sha256:" + "0" * 64, 152) is None
    assert load_thumbnail(cache, "not-a-ref", 152) is None
    assert cache.path("not-a-ref", 152) is None


def test_clearing_the_poster_cache_takes_the_thumbnails(
    qapp: QApplication, posters: PosterCache
) -> None:
    ref = posters.store(make_image())
    cache = ThumbnailCache(posters)
    load_thumbnail(cache, ref, 96)
    assert cache.cached(ref, 96) is not None
    posters.clear()
    assert cache.cached(ref, 96) is None


def test_a_read_only_cache_still_shows_the_poster(
    qapp: QApplication, posters: PosterCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = posters.store(make_image())
    cache = ThumbnailCache(posters)

    def refuse(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache, "save", refuse)
    image = load_thumbnail(cache, ref, 124)
    assert image is not None and image.width() == 124


def test_loader_decodes_off_the_gui_thread_and_reports_back(
    qtbot: QtBot, posters: PosterCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    refs = [posters.store(make_image(color=c)) for c in ("red", "green", "blue")]
    threads: list[int] = []
    real = thumbs.load_thumbnail

    def recording(cache: ThumbnailCache, ref: str, width: int) -> QImage | None:
        threads.append(threading.get_ident())
        return real(cache, ref, width)

    monkeypatch.setattr(thumbs, "load_thumbnail", recording)
    loader = ThumbnailLoader(ThumbnailCache(posters))
    arrived: list[str] = []
    loader.ready.connect(arrived.append)
    loader.want([*refs, refs[0]], 96)  # a poster twice on screen is loaded once
    qtbot.waitUntil(lambda: loader.pending == 0, timeout=10_000)
    assert sorted(arrived) == sorted(refs)
    assert threads and threading.get_ident() not in threads
    for ref in refs:
        pixmap = loader.pixmap(ref, 96)
        assert pixmap is not None and pixmap.width() == 96
    assert loader.loads == 3
    loader.want(refs, 96)  # all in memory: nothing to load
    assert loader.loads == 3 and loader.pending == 0
    loader.wait()


def test_a_new_wish_replaces_what_was_not_started(
    qtbot: QtBot, posters: PosterCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    refs = [posters.store(make_image(color=c)) for c in ("red", "green", "blue", "olive")]
    later = [posters.store(make_image(color=c)) for c in ("teal", "maroon")]
    gate = threading.Event()
    started: list[str] = []
    real = thumbs.load_thumbnail

    def held(cache: ThumbnailCache, ref: str, width: int) -> QImage | None:
        started.append(ref)
        gate.wait(10)
        return real(cache, ref, width)

    monkeypatch.setattr(thumbs, "load_thumbnail", held)
    monkeypatch.setattr(thumbs, "LOAD_THREADS", 2)  # as on a machine with 4 cores or more
    loader = ThumbnailLoader(ThumbnailCache(posters))
    loader.want(refs, 96)  # two start at once, two wait
    qtbot.waitUntil(lambda: len(started) == 2, timeout=5000)
    loader.want(later, 96)  # the user scrolled on: the two waiting ones are dropped
    gate.set()
    qtbot.waitUntil(lambda: loader.pending == 0, timeout=10_000)
    assert sorted(started) == sorted(refs[:2] + later)
    assert loader.pixmap(refs[2], 96) is None and loader.pixmap(refs[3], 96) is None
    loader.wait()


def test_missing_posters_are_remembered_until_asked_again(
    qtbot: QtBot, posters: PosterCache
) -> None:
    loader = ThumbnailLoader(ThumbnailCache(posters))
    ghost = "sha256:" + "1" * 64
    loader.want([ghost], 96)
    qtbot.waitUntil(lambda: loader.pending == 0, timeout=5000)
    assert loader.missing(ghost)
    loader.want([ghost], 96)
    assert loader.loads == 1  # not tried again on every scroll step
    loader.forget_missing()
    assert not loader.missing(ghost)
    loader.wait()


def test_memory_stays_within_its_budget(qtbot: QtBot, posters: PosterCache) -> None:
    refs = [posters.store(make_image(color=c)) for c in ("red", "green", "blue", "olive")]
    one = 96 * 144 * 4
    loader = ThumbnailLoader(ThumbnailCache(posters), budget_bytes=2 * one)
    for ref in refs:
        loader.want([ref], 96)
        qtbot.waitUntil(lambda: loader.pending == 0, timeout=5000)
    kept = [ref for ref in refs if loader.pixmap(ref, 96) is not None]
    assert kept == refs[2:]  # the two most recent
    loader.wait()


def test_without_a_cache_every_film_gets_its_card(qapp: QApplication) -> None:
    loader = ThumbnailLoader(None)
    loader.want(["sha256:" + "2" * 64], 96)
    assert loader.missing("sha256:" + "2" * 64) and loader.loads == 0


def test_thumbnail_files_are_real_jpegs(qapp: QApplication, posters: PosterCache) -> None:
    ref = posters.store(make_image(fmt="PNG", color="purple"))
    cache = ThumbnailCache(posters)
    load_thumbnail(cache, ref, 184)
    kept = cache.cached(ref, 184)
    assert kept is not None and Path(kept).read_bytes()[:3] == b"\xff\xd8\xff"
