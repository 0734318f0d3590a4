"""A prefix of many words is shown broad by one common word alone (``engine.probe_words``).

A prefix such as ``de`` while typing is an OR of hundreds of words; telling it
broad by reading its newest RANK_ALL_LIMIT + 1 matches reads every one of their
doclists. Its shortest words are tried alone first: one in that many films
settles it. These tests check the words tried, that a probe settles only what
the OR would, and that every path finds the same films in the same order (and
``test_search_broad``'s property test, with every prefix probed, that they are
what a scan of the journal finds).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.search import engine

FILMS = 30


def _unique(prefix: str, number: int, length: int) -> str:
    """A word of ``length`` letters starting with ``prefix``, one per film number."""
    tail = chr(97 + number // 26) + chr(97 + number % 26)
    return (prefix + tail + "xyzqj")[:length]


@pytest.fixture(scope="module")
def prefixed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JournalService]:
    """30 films: every review has "storm" and two words of its own, "st..." (longer than
    "storm") and "qa.." (shorter than "qalongcommon", which every third film has)."""
    folder = tmp_path_factory.mktemp("prefixed")
    service = JournalService.open(folder / "journal.sqlite", folder / "backups")
    for number in range(FILMS):
        film = service.add_film(FilmFields(f"Film {number}", year=1990 + number))
        body = f"a storm at sea {_unique('st', number, 8)} {_unique('qa', number, 4)}"
        if number % 3 == 0:
            body += " qalongcommon"
        service.write_review(film.id, ReviewFields(body=body))
    yield service
    service.close()


def _probes(service: JournalService, query: str) -> tuple[str, ...]:
    with Session(service._engine) as session:  # the test reads the plan itself
        plan = engine._plan(session, query)
        assert plan is not None
        return plan.probes


def test_the_shortest_words_of_a_prefix_of_many_words_are_tried(
    prefixed: JournalService, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _probes(prefixed, "st") == ()  # 31 words: fewer than PROBED_PREFIX
    monkeypatch.setattr(engine, "PROBED_PREFIX", 10)
    assert _probes(prefixed, "st") == ("storm", "staaxyzq")
    assert _probes(prefixed, "qa") == ("qaaa", "qaab")
    for query in ("storm", "title:st", "st sea", '"a st"', "st -sea", "sea OR st", "ok-st"):
        assert _probes(prefixed, query) == (), query  # not one prefix in every column


@pytest.mark.parametrize(
    ("query", "limit", "probed"),
    [
        ("st", 5, True),  # "storm" alone is in 30 films
        ("qa", 5, False),  # "qaaa" and "qaab" are in one film each: the OR is read
        ("st", 100, False),  # "storm" in 30: not more than 100, ranked as before
    ],
)
def test_every_path_finds_what_reading_the_or_finds(
    prefixed: JournalService,
    monkeypatch: pytest.MonkeyPatch,
    query: str,
    limit: int,
    probed: bool,
) -> None:
    monkeypatch.setattr(engine, "RANK_ALL_LIMIT", limit)
    limits = (1, 5, 12, None)
    expected = [prefixed.search_film_ids(query, n) for n in limits]
    assert len(expected[-1] or []) > 5
    settled: list[bool] = []
    probed_broad = engine.SearchPlan._probed_broad

    def spying(plan: engine.SearchPlan, session: Any) -> bool:
        settled.append(probed_broad(plan, session))
        return settled[-1]

    monkeypatch.setattr(engine, "PROBED_PREFIX", 10)
    monkeypatch.setattr(engine.SearchPlan, "_probed_broad", spying)
    assert [prefixed.search_film_ids(query, n) for n in limits] == expected
    assert settled == [probed] * len(limits)
    assert [hit.film.id for hit in prefixed.search(query, 12)] == expected[2]
