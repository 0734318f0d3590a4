"""Generated cards for films without a poster, and the words a tile shows.

Two films called "Ballerina" must never look the same: their colours come from
the film's identity (title, year, director), so they differ, and so do the
drawn cards. The same film always gets the same card. A tile's hover line says
your rating, liked and rewatch; its tooltip has the full title and year.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import QApplication

from watchjournal.journal.rows import DiaryRow, FilmRow
from watchjournal.ui.wall.cards import CardCache, card_colors, card_image, wrapped_lines
from watchjournal.ui.wall.items import (
    WallItem,
    diary_item,
    film_item,
    spoken_text,
    status_parts,
    tooltip_text,
)

LEE = WallItem(1, "Ballerina", 2023, ("Lee Chung-hyun",), None, 64, True, False)
WISEMAN = WallItem(2, "Ballerina", 2025, ("Len Wiseman",), None, None, False, True)
SIZE = QSize(150, 225)


def hue_distance(a: QColor, b: QColor) -> int:
    d = abs(a.hslHue() - b.hslHue()) % 360
    return min(d, 360 - d)


def differing_pixels(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    return sum(
        a.pixel(x, y) != b.pixel(x, y)
        for x in range(0, a.width(), 3)
        for y in range(0, a.height(), 3)
    )


def test_two_ballerinas_get_different_cards(qapp: QApplication) -> None:
    lee, wiseman = card_colors(LEE.identity), card_colors(WISEMAN.identity)
    # Clearly different colours, not a shade apart.
    assert hue_distance(lee.top, wiseman.top) >= 30 or abs(lee.slant - wiseman.slant) > 0.3
    assert (lee.top, lee.bottom) != (wiseman.top, wiseman.bottom)
    first, second = card_image(LEE, SIZE), card_image(WISEMAN, SIZE)
    # Most of the card differs (the background), not just the year and director text.
    samples = (SIZE.width() // 3 + 1) * (SIZE.height() // 3 + 1)
    assert differing_pixels(first, second) > samples * 0.8


def test_the_same_film_always_gets_the_same_card(qapp: QApplication) -> None:
    again = WallItem(1, "Ballerina", 2023, ("Lee Chung-hyun",), "sha256:x", 80, False, True)
    assert card_colors(LEE.identity) == card_colors(again.identity)
    assert card_image(LEE, SIZE) == card_image(again, SIZE)


def test_only_the_id_tells_apart_films_identical_in_everything_else() -> None:
    twin = WallItem(9, "Ballerina", 2023, ("Lee Chung-hyun",), None, None, False, False)
    assert card_colors(LEE.identity) != card_colors(twin.identity)


def test_card_text_is_dark_enough_for_white_type(qapp: QApplication) -> None:
    for number in range(200):
        colors = card_colors(f"Film {number}\x1f{1950 + number}")
        assert colors.top.lightness() <= 125 and colors.bottom.lightness() <= 90


def test_long_titles_wrap_to_at_most_four_lines_and_elide(qapp: QApplication) -> None:
    font = QFont()
    font.setPixelSize(14)
    title = "The Assassination of Jesse James by the Coward Robert Ford " * 3
    lines = wrapped_lines(title, font, 120, 4)
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert wrapped_lines("Okja", font, 120, 4) == ["Okja"]


def test_card_cache_draws_each_card_once(qapp: QApplication) -> None:
    cards = CardCache(limit=2)
    first = cards.card(LEE, SIZE, 1.0)
    assert cards.card(LEE, SIZE, 1.0) is first
    cards.card(WISEMAN, SIZE, 1.0)
    cards.card(WISEMAN, QSize(96, 144), 1.0)  # the oldest (LEE) is dropped
    assert cards.card(LEE, SIZE, 1.0) is not first


def test_hover_line_says_rating_liked_and_rewatch() -> None:
    assert status_parts(LEE) == ["★ 6.4", "♥"]
    assert status_parts(LEE, as_stars=True) == ["★★★", "♥"]
    assert status_parts(WISEMAN) == ["↻"]
    assert status_parts(WallItem(3, "Okja", 2017, (), None, None, False, False)) == []


def test_tooltip_and_spoken_text_carry_the_full_title() -> None:
    long = WallItem(4, "A Very Long Title " * 6, 1999, ("Agnès Varda",), None, 90, True, True)
    assert long.label in tooltip_text(long)
    assert "Directed by Agnès Varda" in tooltip_text(long)
    assert spoken_text(LEE) == "Ballerina (2023), rated 6.4 out of 10, liked"


def test_items_from_list_and_diary_rows() -> None:
    film = FilmRow(
        id=7,
        title="Paterson",
        year=2016,
        directors=("Jim Jarmusch",),
        rating_tenths=80,
        last_watched=date(2025, 6, 1),
        added_at=datetime(2025, 1, 1),
        on_watchlist=False,
        watchlist_note=None,
        liked=True,
        poster_ref="sha256:" + "a" * 64,
        rewatched=True,
    )
    assert film_item(film) == WallItem(
        7, "Paterson", 2016, ("Jim Jarmusch",), film.poster_ref, 80, True, True
    )
    viewing = DiaryRow(
        viewing_id=3,
        film_id=7,
        title="Paterson",
        year=2016,
        watched_on=date(2025, 6, 1),
        rewatch=False,
        where=None,
        did_not_finish=False,
        note=None,
        rating_tenths=None,
    )
    item = diary_item(viewing, film)
    # The viewing's own rating and rewatch flag; the film's poster, director and like.
    assert (item.rating_tenths, item.rewatch, item.liked) == (None, False, True)
    assert (item.poster_ref, item.directors) == (film.poster_ref, ("Jim Jarmusch",))
    assert item.watched_on == "1 Jun 2025"
    assert "Watched 1 Jun 2025" in tooltip_text(item)


def test_card_paints_its_text(qapp: QApplication) -> None:
    image = card_image(LEE, SIZE)
    # White type on a dark card: some pixels near white in the title area.
    title_area = QRect(0, 0, SIZE.width(), SIZE.height() // 3)
    bright = [
        QColor(image.pixel(x, y)).lightness()
        for x in range(title_area.left(), title_area.right(), 2)
        for y in range(title_area.top(), title_area.bottom(), 2)
    ]
    assert max(bright) > 220
    assert sum(b < 130 for b in bright) > len(bright) / 2  # mostly the dark background
