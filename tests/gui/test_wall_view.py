"""The wall view over the real models: paging, only what is on screen, keys, mouse, months.

A journal of 1,000 generated films (benchmarks/generate.py) behind the Films
list's own model: the wall reads a page at a time as it scrolls, asks the
thumbnail loader only for the posters on screen, moves by tile and row with
the keyboard, activates with Enter and double-click, selects whole rows, and
shows films with a poster as the poster and films without as their card. The
diary wall has a heading per month and reads its viewings a page at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from benchmarks.generate import generate_journal
from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QCursor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from tests.metadata_helpers import make_image
from watchjournal.journal import FilmFields, JournalService
from watchjournal.metadata.cache import PosterCache
from watchjournal.metadata.thumbnails import ThumbnailCache
from watchjournal.paths import AppPaths
from watchjournal.ui.wall.cards import card_colors
from watchjournal.ui.wall.delegate import POSTER_WIDTHS
from watchjournal.ui.wall.items import WALL_ITEM_ROLE, WallItem
from watchjournal.ui.wall.models import DiaryWallModel, FilmWallModel, SearchWallModel
from watchjournal.ui.wall.thumbs import ThumbnailLoader
from watchjournal.ui.wall.view import WallView
from watchjournal.ui.window.models import FILM_ID_ROLE, PAGE_SIZE, FilmTableModel
from watchjournal.ui.window.search_results import SearchResultsModel

FILMS = 1000


@pytest.fixture
def big_journal(tmp_path: Path, app_dirs: AppPaths) -> Iterator[JournalService]:
    path = generate_journal(tmp_path / "big.sqlite", FILMS)
    service = JournalService.open(path, app_dirs.backup_dir)
    yield service
    service.close()


def make_wall(qtbot: QtBot, model: object, cache: PosterCache | None, size: QSize) -> WallView:
    loader = ThumbnailLoader(ThumbnailCache(cache) if cache is not None else None)
    view = WallView(loader)
    view.setModel(model)  # type: ignore[arg-type]
    view.resize(size)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def settle(qtbot: QtBot, view: WallView) -> None:
    """Until the view has asked for what is on screen and it has all arrived."""
    qtbot.wait(1)  # the zero timer that looks at the screen
    qtbot.waitUntil(lambda: view.loader.pending == 0, timeout=10_000)


def test_films_wall_reads_a_page_at_a_time(qtbot: QtBot, big_journal: JournalService) -> None:
    films = FilmTableModel(big_journal)
    films.reload()
    view = make_wall(qtbot, FilmWallModel(films), None, QSize(800, 600))
    settle(qtbot, view)
    assert films.rowCount() == PAGE_SIZE  # one screen shows ~20 tiles: no more is read
    bar = view.verticalScrollBar()
    steps = 0
    while films.rowCount() < FILMS:
        bar.setValue(bar.maximum())
        qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > bar.value(), timeout=5000)
        steps += 1
        assert steps <= FILMS // PAGE_SIZE
    assert films.rowCount() == FILMS
    last = view.model().index(FILMS - 1, 0)
    view.scrollTo(last)
    assert view.viewport().rect().contains(view.visualRect(last).center())
    assert view.indexAt(view.visualRect(last).center()) == last


def test_only_posters_on_screen_are_asked_for(
    qtbot: QtBot, big_journal: JournalService, app_dirs: AppPaths
) -> None:
    cache = PosterCache(app_dirs.cache_dir)
    colours = ("red", "green", "blue", "olive", "teal", "navy", "maroon", "purple")
    refs = [cache.store(make_image(120, 180, color=c)) for c in colours]
    ids = big_journal.film_ids(FilmTableModel(big_journal).query)
    for number, film_id in enumerate(ids[:160]):
        big_journal.set_poster(film_id, refs[number % len(refs)])
    films = FilmTableModel(big_journal)
    films.reload()
    view = make_wall(qtbot, FilmWallModel(films), cache, QSize(700, 500))
    wanted: list[list[str]] = []
    real_want = view.loader.want
    view.loader.want = lambda refs, width: (wanted.append(list(refs)), real_want(refs, width))  # type: ignore[method-assign]
    for value in (0, 3000, 9000):
        view.verticalScrollBar().setValue(value)
        settle(qtbot, view)
        on_screen = {
            view.model().index(row, 0).data(WALL_ITEM_ROLE).poster_ref
            for row in view.visible_rows()
        }
        assert wanted and set(wanted[-1]) <= on_screen
        assert len(wanted[-1]) <= len(view.visible_rows())
    assert view.loader.loads <= len(refs)  # each poster decoded once, whatever the scrolling


def test_posters_and_cards_are_painted(
    qtbot: QtBot, service: JournalService, app_dirs: AppPaths
) -> None:
    cache = PosterCache(app_dirs.cache_dir)
    with_poster = service.add_film(FilmFields("Ballerina", year=2023, directors=("Lee",)))
    service.add_film(FilmFields("Ballerina", year=2025, directors=("Len Wiseman",)))
    service.set_poster(with_poster.id, cache.store(make_image(200, 300, color="red")))
    films = FilmTableModel(service)
    films.reload()
    view = make_wall(qtbot, FilmWallModel(films), cache, QSize(600, 500))
    settle(qtbot, view)
    image = view.viewport().grab().toImage()
    layout = view.layout_now
    poster_of = [view.wall_delegate.poster_rect(view.visualRect(films.index(r, 0))) for r in (0, 1)]
    red = QColor(image.pixel(poster_of[0].center()))
    assert red.red() > 200 and red.green() < 60 and red.blue() < 60
    # The 2025 film has no poster: its card, in the colours of its identity.
    item = view.model().index(1, 0).data(WALL_ITEM_ROLE)
    assert isinstance(item, WallItem) and item.poster_ref is None
    colors = card_colors(item.identity)
    top = QColor(image.pixel(poster_of[1].center().x(), poster_of[1].top() + 4))
    assert abs(top.hslHue() - colors.top.hslHue()) % 360 < 25 or top.hslSaturation() < 40
    assert layout.count == 2


def test_a_narrow_wall_takes_a_smaller_size_rather_than_one_column(
    qtbot: QtBot, big_journal: JournalService
) -> None:
    films = FilmTableModel(big_journal)
    films.reload()
    view = make_wall(qtbot, FilmWallModel(films), None, QSize(330, 500))
    view.set_poster_width(POSTER_WIDTHS[-1])
    assert view.layout_now.columns == 2
    assert view.wall_delegate.poster_width in POSTER_WIDTHS[:-1]
    assert view.chosen_poster_width == POSTER_WIDTHS[-1]
    view.resize(1000, 500)
    qtbot.waitUntil(lambda: view.wall_delegate.poster_width == POSTER_WIDTHS[-1], timeout=2000)
    assert view.layout_now.columns > 2


def _keys(qtbot: QtBot, view: WallView, key: Qt.Key) -> int:
    qtbot.keyClick(view, key)
    return view.currentIndex().row()


def test_keyboard_moves_by_tile_row_and_page(qtbot: QtBot, big_journal: JournalService) -> None:
    films = FilmTableModel(big_journal)
    films.reload()
    view = make_wall(qtbot, FilmWallModel(films), None, QSize(800, 600))
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    columns = view.layout_now.columns
    assert columns > 1
    assert _keys(qtbot, view, Qt.Key.Key_Right) == 1
    assert _keys(qtbot, view, Qt.Key.Key_Down) == 1 + columns
    assert _keys(qtbot, view, Qt.Key.Key_Left) == columns
    assert _keys(qtbot, view, Qt.Key.Key_Up) == 0
    assert _keys(qtbot, view, Qt.Key.Key_Up) == 0  # the top row: stays
    page = view.layout_now.rows_per_page(view.viewport().height())
    assert _keys(qtbot, view, Qt.Key.Key_PageDown) == page * columns
    assert view.viewport().rect().intersects(view.visualRect(view.currentIndex()))
    loaded = films.rowCount()  # End goes to the last tile read, as in the list...
    assert _keys(qtbot, view, Qt.Key.Key_End) == loaded - 1
    qtbot.waitUntil(lambda: films.rowCount() > loaded, timeout=5000)  # ...and reads on
    assert _keys(qtbot, view, Qt.Key.Key_Home) == 0
    # Keyboard selection selects whole rows, as the lists do.
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert [i.row() for i in view.selectionModel().selectedRows()] == [0, 1]


def test_enter_and_double_click_activate(qtbot: QtBot, big_journal: JournalService) -> None:
    films = FilmTableModel(big_journal)
    films.reload()
    view = make_wall(qtbot, FilmWallModel(films), None, QSize(800, 600))
    activated: list[int] = []
    view.activated.connect(lambda index: activated.append(index.data(FILM_ID_ROLE)))
    view.setFocus()
    view.setCurrentIndex(view.model().index(2, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    target = view.visualRect(view.model().index(5, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=target)  # a real double
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=target)  # click: 2 presses
    ids = [films.row_at(r).id for r in (2, 5)]  # type: ignore[union-attr]
    assert activated == ids


def test_clicks_select_and_hover_reveals_the_details(qtbot: QtBot, service: JournalService) -> None:
    for title in ("Okja", "Paterson", "Parasite"):
        service.add_film(FilmFields(title, year=2017))
    films = FilmTableModel(service)
    films.reload()
    view = make_wall(qtbot, FilmWallModel(films), None, QSize(700, 420))
    rect = [view.visualRect(view.model().index(r, 0)) for r in range(3)]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect[0].center())
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        rect[2].center(),
    )
    assert [i.row() for i in view.selectionModel().selectedRows()] == [0, 2]
    qtbot.mouseMove(view.viewport(), rect[1].center())
    qtbot.waitUntil(lambda: view.hover_row == 1, timeout=2000)
    qtbot.mouseMove(view.viewport(), QPoint(rect[2].right() + 40, 5))
    qtbot.waitUntil(lambda: view.hover_row == -1, timeout=2000)


def _paint_tile(view: WallView, row: int, state: QStyle.StateFlag) -> QImage:
    size = view.wall_delegate.tile_size()
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    option = QStyleOptionViewItem()
    option.rect = QRect(QPoint(0, 0), size)
    option.state = state
    option.palette = view.palette()
    view.wall_delegate.paint(painter, option, view.model().index(row, 0))
    painter.end()
    return image


def test_rating_liked_and_rewatch_show_on_hover_or_selection_only(
    qtbot: QtBot, service: JournalService
) -> None:
    film = service.add_film(FilmFields("Okja", year=2017, directors=("Bong Joon-ho",)))
    service.set_liked(film.id, True)
    films = FilmTableModel(service)
    films.reload()
    view = make_wall(qtbot, FilmWallModel(films), None, QSize(400, 400))
    enabled = QStyle.StateFlag.State_Enabled
    plain = _paint_tile(view, 0, enabled)
    hovered = _paint_tile(view, 0, enabled | QStyle.StateFlag.State_MouseOver)
    poster = view.wall_delegate.poster_rect(QRect(QPoint(0, 0), plain.size()))
    band = QRect(poster.left(), poster.bottom() - 20, poster.width(), 20)

    def band_pixels(image: QImage) -> list[int]:
        return [
            image.pixel(x, y)
            for x in range(band.left(), band.right())
            for y in range(band.top(), band.bottom())
        ]

    assert band_pixels(plain) != band_pixels(hovered)
    # Above the band the card is untouched.
    assert plain.pixel(poster.center()) == hovered.pixel(poster.center())


def test_diary_wall_has_a_heading_per_month_and_reads_pages_when_shown(
    qtbot: QtBot, service: JournalService
) -> None:
    okja = service.add_film(FilmFields("Okja", year=2017))
    paterson = service.add_film(FilmFields("Paterson", year=2016))
    for day in (date(2025, 6, 1), date(2025, 6, 20), date(2025, 5, 3)):
        service.mark_watched(okja.id, day)
    service.mark_watched(paterson.id, date(2025, 6, 5))
    service.mark_watched(paterson.id, None)
    model = DiaryWallModel(service)
    model.reload()
    sections = model.wall_sections()
    assert [(s.start, s.count, s.heading) for s in sections] == [
        (0, 3, "June 2025  ·  3 films"),
        (3, 1, "May 2025  ·  1 film"),
        (4, 1, "Date unknown  ·  1 film"),
    ]
    assert model.pages_read == 0  # nothing read until a tile is shown
    view = make_wall(qtbot, model, None, QSize(900, 900))
    settle(qtbot, view)
    items = [model.index(r, 0).data(WALL_ITEM_ROLE) for r in range(5)]
    # Newest first within a month; a viewing of unknown date counts as the earliest.
    assert [(i.title, i.rewatch) for i in items] == [
        ("Okja", True),
        ("Paterson", True),
        ("Okja", True),
        ("Okja", False),
        ("Paterson", False),
    ]
    assert model.pages_read == 3  # one page per month on screen
    layout = view.layout_now
    for number, section in enumerate(layout.sections):
        assert layout.heading_box(number).y < layout.box(section.start).y
    assert model.row_of_film(paterson.id) == 1


def test_diary_wall_reads_only_the_months_on_screen(
    qtbot: QtBot, big_journal: JournalService
) -> None:
    model = DiaryWallModel(big_journal)
    model.reload()
    total = model.rowCount()
    assert total == FILMS // 2
    view = make_wall(qtbot, model, None, QSize(800, 600))
    settle(qtbot, view)
    layout = view.layout_now
    months_on_screen = {layout.section_of(row) for row in view.visible_rows()}
    assert 0 < model.pages_read <= len(months_on_screen)
    assert model.pages_read < len(layout.sections)


def test_search_wall_shows_the_hits_in_rank_order(qtbot: QtBot, service: JournalService) -> None:
    service.add_film(FilmFields("Ballerina", year=2023, directors=("Lee Chung-hyun",)))
    service.add_film(FilmFields("Ballerina", year=2025, directors=("Len Wiseman",)))
    service.add_film(FilmFields("Okja", year=2017))
    results = SearchResultsModel()
    model = SearchWallModel(service, results)
    hits = service.search("ballerina")
    results.set_hits(hits)
    assert model.rowCount() == 0  # not read while the wall is not on screen
    model.set_active(True)
    assert [model.index(r, 0).data(FILM_ID_ROLE) for r in range(model.rowCount())] == [
        hit.film.id for hit in hits
    ]
    results.set_hits(hits[:1])  # a new search while shown: read at once
    assert model.rowCount() == 1


def test_unread_rows_paint_as_a_blank(qtbot: QtBot, service: JournalService) -> None:
    view = make_wall(qtbot, SearchWallModel(service, SearchResultsModel()), None, QSize(300, 300))
    assert view.indexAt(QPoint(50, 50)) == QModelIndex()
    assert view.visible_rows() == range(0, 0)


class PaintLog(QObject):
    """How many pixels the viewport is asked to paint."""

    def __init__(self) -> None:
        super().__init__()
        self.area = 0
        self.events = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.events += 1
            self.area += sum(rect.width() * rect.height() for rect in event.region())
        return False


def test_a_scroll_step_paints_only_the_strip_that_scrolled_in(
    qtbot: QtBot, big_journal: JournalService
) -> None:
    films = FilmTableModel(big_journal)
    films.reload()
    view = make_wall(qtbot, FilmWallModel(films), None, QSize(800, 600))
    settle(qtbot, view)
    log = PaintLog()
    view.viewport().installEventFilter(log)
    # The mouse rests on the wall (as when scrolling with the wheel): the tiles that
    # come and go under it are repainted too, but not the whole viewport.
    QCursor.setPos(view.viewport().mapToGlobal(QPoint(200, 200)))
    viewport = view.viewport().size()
    tile = view.wall_delegate.tile_size()
    for _ in range(4):
        log.area = log.events = 0
        view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 90)
        qtbot.waitUntil(lambda: log.events > 0, timeout=2000)
        qtbot.wait(20)  # anything else this step asks to repaint
        strip = viewport.width() * 90
        assert log.area <= strip + 2 * tile.width() * tile.height()
        assert log.area < viewport.width() * viewport.height() / 2
