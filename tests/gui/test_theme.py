"""Theme: light, dark or the system's palette; every text role readable (WCAG 4.5:1).

The contrast is computed, not eyeballed: each pair of text and background
roles the widgets use, the error red, the search results' secondary text
("tag:" before a snippet, once nearly invisible in dark) and the rating
slider's groove (once lost on a dark window). No widget hard-codes a colour
or a style sheet: a scan of ui/ keeps it that way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

import watchjournal.ui
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.ui.common.tasks import TaskRunner
from watchjournal.ui.common.theme import (
    BODY_TEXT_CONTRAST,
    TEXT_PAIRS,
    contrast_ratio,
    ensure_contrast,
    error_color,
    fixed_palette,
    is_dark,
    legible,
    muted_color,
    theme_keeper,
)
from watchjournal.ui.review.rating import GROOVE_CONTRAST, groove_color
from watchjournal.ui.window.search_results import SearchPanel, SnippetDelegate

Role = QPalette.ColorRole


def fusion_palette() -> QPalette:
    """What the system gives on this platform (Fusion's light palette, 50 % placeholder)."""
    style = QStyleFactory.create("Fusion")
    assert style is not None
    return style.standardPalette()


def palettes() -> dict[str, QPalette]:
    return {
        "light": fixed_palette("light"),
        "dark": fixed_palette("dark"),
        "system": legible(fusion_palette()),
    }


@pytest.fixture(autouse=True)
def system_theme_after(qapp: QApplication) -> Iterator[None]:
    yield
    theme_keeper(qapp).apply("system")


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("white"), QColor("white")) == pytest.approx(1.0)
    # #767676 on white is the classic lightest AA grey: 4.54:1.
    assert contrast_ratio(QColor("#767676"), QColor("white")) == pytest.approx(4.54, abs=0.01)
    # 50 % black over white is seen as #7f7f7f: under AA.
    half = QColor(0, 0, 0, 128)
    assert contrast_ratio(half, QColor("white")) < BODY_TEXT_CONTRAST


@pytest.mark.parametrize("name", ["light", "dark", "system"])
@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS)
def test_every_text_role_reaches_body_contrast(
    qapp: QApplication, name: str, text: Role, background: Role
) -> None:
    palette = palettes()[name]
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        ratio = contrast_ratio(palette.color(group, text), palette.color(group, background))
        assert ratio >= BODY_TEXT_CONTRAST, (name, text, background, group, ratio)


def test_the_system_palette_needed_fixing_and_keeps_its_surfaces(qapp: QApplication) -> None:
    system = fusion_palette()
    faint = contrast_ratio(system.color(Role.PlaceholderText), system.color(Role.Window))
    assert faint < BODY_TEXT_CONTRAST  # the reason legible() exists
    fixed = legible(system)
    for role in (Role.Window, Role.Base, Role.Button, Role.WindowText, Role.Text):
        assert fixed.color(role) == system.color(role)


@pytest.mark.parametrize("name", ["light", "dark", "system"])
def test_error_search_and_groove_colours_are_readable(qapp: QApplication, name: str) -> None:
    palette = palettes()[name]
    window, base = palette.color(Role.Window), palette.color(Role.Base)
    assert contrast_ratio(error_color(palette), window) >= BODY_TEXT_CONTRAST
    assert contrast_ratio(error_color(palette), base) >= BODY_TEXT_CONTRAST
    # The search results' "tag:" and rating are drawn on the list's base colours.
    for background in (base, palette.color(Role.AlternateBase)):
        assert contrast_ratio(muted_color(palette), background) >= BODY_TEXT_CONTRAST
    assert contrast_ratio(groove_color(palette), window) >= GROOVE_CONTRAST


def test_dark_and_light_are_told_apart() -> None:
    assert is_dark(fixed_palette("dark"))
    assert not is_dark(fixed_palette("light"))


def test_ensure_contrast_moves_the_colour_only_as_far_as_needed() -> None:
    white = QColor("white")
    moved = ensure_contrast(QColor("#aaaaaa"), white)
    assert contrast_ratio(moved, white) >= BODY_TEXT_CONTRAST
    assert contrast_ratio(moved, white) < 6  # not pushed all the way to black
    already = QColor("#333333")
    assert ensure_contrast(already, white) == already


def test_the_theme_applies_to_the_application_and_back(qapp: QApplication) -> None:
    keeper = theme_keeper(qapp)
    keeper.apply("dark")
    assert is_dark(qapp.palette())
    assert qapp.palette().color(Role.Window) == fixed_palette("dark").color(Role.Window)
    keeper.apply("light")
    assert not is_dark(qapp.palette())
    keeper.apply("system")
    assert keeper.choice == "system"
    placeholder = qapp.palette().color(Role.PlaceholderText)
    assert contrast_ratio(placeholder, qapp.palette().color(Role.Window)) >= BODY_TEXT_CONTRAST
    keeper.apply("no such theme")
    assert keeper.choice == "system"


def test_search_results_draw_secondary_text_in_the_palette_colour(
    qtbot: QtBot, qapp: QApplication, service: JournalService
) -> None:
    film = service.add_film(FilmFields("Paterson", year=2016))
    service.write_review(film.id, ReviewFields(rating_tenths=90, tags=("poetry",)))
    panel = SearchPanel(service, TaskRunner())
    qtbot.addWidget(panel)
    panel.show_hits(service.search("tag:poetry"))
    index = panel.model.index(0, 0)
    html = str(index.data(Qt.ItemDataRole.UserRole))
    assert "class='muted'" in html and "9.0" in html  # a rating-only match shows the rating
    delegate = panel.view.itemDelegate()
    assert isinstance(delegate, SnippetDelegate)
    for name in ("light", "dark"):
        option = QStyleOptionViewItem()
        option.palette = fixed_palette(name)  # type: ignore[arg-type]
        option.rect = QRect(0, 0, 400, 60)
        document = delegate._document(option, index)
        expected = fixed_palette(name).color(Role.PlaceholderText).name()  # type: ignore[arg-type]
        assert expected in document.defaultStyleSheet()


COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|setStyleSheet|QColor\(\s*\d|palette\(mid\)")
# The palettes; text drawn on a picture's own colours, not the window's: a placeholder
# poster and a wall's generated card on their gradients, a wall tile's title on the
# dark shade laid over its poster.
# review_png.py draws the shareable Year in Review image: a fixed design, like the HTML
# page it matches, not a widget that must follow the palette.
ALLOWED = {"theme.py", "poster_view.py", "cards.py", "delegate.py", "review_png.py"}


def test_no_widget_hard_codes_a_colour() -> None:
    ui = Path(watchjournal.ui.__file__).parent
    offenders = [
        f"{path.relative_to(ui)}:{number}: {line.strip()}"
        for path in sorted(ui.rglob("*.py"))
        if path.name not in ALLOWED
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if COLOUR.search(line)
    ]
    assert offenders == []
