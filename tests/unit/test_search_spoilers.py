"""Search snippets from reviews with spoilers are flagged, and nothing else changes.

The engine finds and ranks films exactly as if no review had spoilers; only the
snippet's ``spoiler`` flag differs, so every front end can hide that text.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.search.snippets import CLOSE_MARK, OPEN_MARK, best_snippet


def marked(text: str, word: str) -> str:
    return text.replace(word, f"{OPEN_MARK}{word}{CLOSE_MARK}")


@pytest.mark.parametrize(
    ("spoiler_reviews", "expected_review", "expected_spoiler"),
    [((), 8, False), ((8,), 8, True), ((7,), 8, False)],
)
def test_best_snippet_flags_a_piece_from_a_spoiler_review(
    spoiler_reviews: tuple[int, ...], expected_review: int, expected_spoiler: bool
) -> None:
    reviews = "\x1e".join(["calm film", marked("the twist at the end", "twist")])
    snippet, review_id = best_snippet({"reviews": reviews}, "7 8", spoiler_reviews)
    assert review_id == expected_review
    assert snippet is not None and snippet.field == "review"
    assert snippet.text == "the twist at the end" and snippet.spoiler is expected_spoiler


def test_best_snippet_outside_reviews_is_never_a_spoiler() -> None:
    snippet, review_id = best_snippet({"title": marked("Twist", "Twist")}, "7", (7,))
    assert review_id is None and snippet is not None and not snippet.spoiler


def _fill(service: JournalService) -> dict[str, int]:
    ids = {}
    for title, body in (
        ("Oldboy", "The twist at the end floored me."),
        ("Paterson", "No twist, just poems and a dog."),
        ("Twister", "Storms, not secrets."),
    ):
        film = service.add_film(FilmFields(title, year=2000))
        ids[title] = service.write_review(film.id, ReviewFields(body=body)).id
    return ids


def test_spoiler_flag_changes_nothing_but_the_snippet_flag(service: JournalService) -> None:
    ids = _fill(service)
    before = service.search("twist")
    oldboy = service.get_review(ids["Oldboy"])
    service.update_review(oldboy.id, replace(oldboy.fields(), spoilers=True))
    after = service.search("twist")
    assert [(h.film.id, h.review_id, h.score) for h in after] == [
        (h.film.id, h.review_id, h.score) for h in before
    ]
    flags = {h.film.title: h.snippet.spoiler for h in after if h.snippet is not None}
    assert flags == {"Oldboy": True, "Paterson": False, "Twister": False}
    by_title = {h.film.title: h for h in after}
    assert by_title["Oldboy"].snippet is not None
    assert "twist" in by_title["Oldboy"].snippet.text  # the text is there, only flagged
    assert by_title["Twister"].review_id is None  # matched in the title, not a review
