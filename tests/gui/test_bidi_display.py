"""Review text with bidi controls is shown as written but isolated (issue 12): in the film
pane and in the Reviews list it is wrapped in FIRST STRONG ISOLATE ... POP DIRECTIONAL
ISOLATE, so it cannot reorder the year, rating or labels around it. On the film page a
review's body is a Markdown document of its own (issue 14): nothing else shares its
paragraphs, so it is shown exactly as written."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.ui.film.detail import FilmDetailPane
from watchjournal.ui.window.models import ReviewTableModel

FSI, PDI, RLO = "\u2068", "\u2069", "\u202e"
BODY = f"It was {RLO}desrever tsuj{RLO} and then some"
HEADLINE = "\u05e1\u05e8\u05d8 \u05d8\u05d5\u05d1"  # Hebrew: "a good film"


def _review(service: JournalService) -> int:
    film = service.add_film(FilmFields("Alien", year=1979))
    service.write_review(film.id, ReviewFields(rating_tenths=80, headline=HEADLINE, body=BODY))
    return film.id


def test_the_film_pane_shows_review_text_isolated(qtbot: Any, service: JournalService) -> None:
    pane = FilmDetailPane(None)
    qtbot.addWidget(pane)
    pane.show_film(service.get_film(_review(service)))
    (card,) = pane.review_cards()
    assert card.body is not None and card.body.toPlainText() == BODY  # as written, alone
    texts = [label.text() for label in pane.findChildren(QLabel)]
    assert not any(BODY in text for text in texts)  # in no label next to other text
    assert f"{FSI}{HEADLINE}{PDI}" in texts
    assert any(t.startswith("Alien (1979)") for t in texts)  # the title, not isolated


def test_the_reviews_list_shows_review_text_isolated(qtbot: Any, service: JournalService) -> None:
    _review(service)
    model = ReviewTableModel(service)
    model.reload()
    cells = [model.data(model.index(0, column), Qt.ItemDataRole.DisplayRole) for column in range(4)]
    assert cells[0] == "Alien (1979)"  # nothing to isolate: left as it is
    assert cells[2] == f"{FSI}{HEADLINE}{PDI}"
    assert cells[3].startswith(FSI) and cells[3].endswith(PDI) and RLO in cells[3]
