"""Snippets on PostgreSQL from the chunks that can match (``search.pg_snippets``) are
marked exactly as when ``ts_headline`` reads each column whole.

The narrowing rests on two facts tested here: a word's English lexeme, without its
last letter, begins the word (but for ``dying``, ``lying``, ``tying``), and
``ts_headline`` marks a word whatever text stands around it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import String, cast, select, text
from sqlalchemy.orm import Session

from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.paths import AppPaths
from watchjournal.search import pg_engine, pg_snippets
from watchjournal.search.pg_sql import TsQuery, text_query
from watchjournal.search.query import Text
from watchjournal.search.snippets import best_snippet

pytestmark = pytest.mark.postgres

# Words whose suffixes the stemmer rewrites (y to i, an e added or dropped, -ational to
# -ate, -bility to -ble...), its exceptional forms, and words of other token types.
STEMMED = (
    "happily", "happy", "skies", "skis", "dying", "lying", "tying", "agreed", "hopping",
    "hoping", "conditional", "relational", "valency", "abilities", "possibility",
    "credibility", "responsibility", "early", "gently", "only", "singly", "idly", "ugly",
    "news", "innings", "outing", "proceeded", "succeeding", "exceedingly", "cosmos", "bias",
    "atlas", "andes", "generalization", "organizations", "rationalizing", "hopefulness",
    "operators", "analogies", "fully", "carelessly", "formalities", "sensitivity",
    "decisiveness", "electrical", "dependence", "flamethrowers", "cried", "crying", "flies",
)  # fmt: skip
TRICKY = (
    "Ok-ju and the well-known co-op",
    "Café, naïve, Æsir, Straße and cafe\u0301 (combining)",
    "it\u2019s \u201cquoted\u201d \u2013 dashes\u2014and\u2026 ellipses",
    "see https://example.com/flame/throwers?x=1 or mail flame@example.org",
    "host flame.example.com, path /usr/flame/bin and v1.2.3, 3.14 and -42",
    "an <b>xml tag with spaces</b> and <a href='x y'>link</a> flames",
    "numbers: 1990s 2001 flame2 2flame flame_thrower",
    "the dying of the light; lying and tying knots",
)
QUERIES = (
    "happy",
    "hap",
    "skies",
    "die",
    "di",
    "lie",
    "tie",
    "ti",
    "flame",
    "fla",
    "flamethrower",
    "ok",
    "ok-ju",
    '"well known"',
    "cafe",
    "naive",
    "aesir",
    "strasse",
    "example",
    "example.com",
    "1990s",
    "quoted",
    "xml",
    "tag",
    "possible",
    "respons",
    "credib",
    "cry",
    "cri",
    "fly",
    "title:flame",
    "review:dying",
    "flame OR happy",
    "flame -happy",
    '"the light"',
)


@pytest.fixture
def service(pg_url: str, app_dirs: AppPaths) -> Iterator[JournalService]:
    opened = JournalService.open(pg_url, app_dirs.backup_dir)
    yield opened
    opened.close()


def _fill(service: JournalService) -> list[int]:
    ids = []
    for number, body in enumerate((*TRICKY, " ".join(STEMMED))):
        film = service.add_film(
            FilmFields(
                f"Flame {number} Happy Skies" if number % 2 else f"Dying Light {number}",
                directors=("Ok-ju Flamel",),
                cast=("Naïve Tying", "Flame Thrower"),
            )
        )
        service.write_review(film.id, ReviewFields(headline="Flames", body=body))
        if number % 3 == 0:  # several pieces in one column
            service.write_review(film.id, ReviewFields(body=f"Second: {TRICKY[-1]} {body}"))
            service.add_to_watchlist(film.id, "a happy note, dying to see it")
        ids.append(film.id)
    return ids


def test_chunks_are_marked_as_the_whole_columns(service: JournalService) -> None:
    film_ids = _fill(service)
    with service._reading() as session:
        for query in QUERIES:
            plan = pg_engine._plan(query)
            assert plan is not None
            highlights = plan.highlights()
            found = pg_snippets.marked_columns(session, highlights, film_ids)
            whole = pg_snippets.marked_columns(session, highlights, film_ids, whole=True)
            assert found == whole, query
    # and the marks are there (the comparison means something)
    with service._reading() as session:
        plan = pg_engine._plan("dying")
        assert plan is not None
        marked = pg_snippets.marked_columns(session, plan.highlights(), film_ids)
    assert any("\x02dying\x03" in (c.get("reviews") or "") for c, _ in marked.values())


def test_search_hits_have_the_same_snippets(service: JournalService) -> None:
    """Whole search pages: the snippets cut from chunks are the ones cut from columns."""
    _fill(service)
    for query in QUERIES:
        hits = service.search(query)
        with service._reading() as session:
            plan = pg_engine._plan(query)
            assert plan is not None
            films = {hit.film.id: hit.film for hit in hits}
            highlights = plan.highlights()
            whole = pg_snippets.marked_columns(session, highlights, list(films), whole=True)
        for hit in hits:
            columns, review_ids = whole[hit.film.id]
            spoilers = {r.id for r in hit.film.reviews if r.spoilers}
            expected = best_snippet(columns, review_ids, spoilers)
            assert (hit.snippet, hit.review_id) == expected, query


def test_a_words_lexeme_but_its_last_letter_begins_it(service: JournalService) -> None:
    """What the chunks are chosen by (``pg_snippets.keys``), for words of every suffix."""
    with service._reading() as session:
        for word in STEMMED:
            lexeme = session.scalar(
                text("SELECT (ts_lexize('watchjournal_english_stem', :w))[1]"), {"w": word}
            )
            assert lexeme is not None
            if word in ("dying", "lying", "tying"):
                assert lexeme == word[0] + "ie"
            else:
                assert word.startswith(lexeme[:-1]), (word, lexeme)


@pytest.mark.parametrize(
    ("query_text", "expected"),
    [
        ("'flame':*", ("flam",)),
        ("'cri':* | 'cry':*", ("cr",)),
        ("'it''s' <-> 'a\\\\b'", ("a\\", "it'")),
        ("'die'", ("di", "dy")),
        ("'tie':*", ("ti", "ty")),
        ("'ti':*", None),
        ("'ab':*", None),  # a key of one letter narrows nothing
        ("", None),
    ],
)
def test_keys_of_a_query(query_text: str, expected: tuple[str, ...] | None) -> None:
    assert pg_snippets.keys(query_text) == expected


def test_candidate_chunks() -> None:
    pattern = pg_snippets._key_pattern(("flam",))
    body = "a flame-thrower\u2019s x\tflamingo caf\u00e9 \u2019q\u2019 end"
    spans = pg_snippets.candidate_spans(body, pattern)
    assert [body[a:b] for a, b in spans] == ["flame-thrower\u2019s", "flamingo", "caf\u00e9"]
    assert pg_snippets.candidate_spans("a <b>flame</b>", pattern) == [(0, 14)]
    assert pg_snippets.candidate_spans("nothing here", pattern) == []
    assert pg_snippets.candidate_spans("flame", None) == [(0, 5)]


_TOKENS = st.sampled_from(
    [
        *STEMMED,
        "Flame",
        "flames,",
        "(happy)",
        "Ok-ju",
        "café",
        "Æsir",
        "x.y@example.org",
        "example.com/a",
        "1990s",
        "it\u2019s",
        "\u2014",
        "",
        "\u00a0",
        "\t",
        "\n",
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(_TOKENS, min_size=1, max_size=40),
    asked=st.sampled_from([*STEMMED, "flame", "ok", "cafe", "example", "1990s", "its"]),
    cut=st.integers(min_value=2, max_value=12),
    prefix=st.booleans(),
)
def test_any_text_is_marked_as_when_read_whole(
    service: JournalService, words: list[str], asked: str, cut: int, prefix: bool
) -> None:
    body = " ".join(words)
    query = text_query(Text(asked[:cut] if prefix else asked, prefix=prefix))
    with service._reading() as session:
        chunked = _marked(session, query, body, whole=False)
        assert chunked == _marked(session, query, body, whole=True)


def _marked(session: Session, query: TsQuery, body: str, *, whole: bool) -> str:
    query_text = session.scalar(select(cast(query, String))) or ""
    found = None if whole else pg_snippets.keys(query_text)
    pattern = None if found is None else pg_snippets._key_pattern(found)
    column = pg_snippets._Column(body, 0, pg_snippets.candidate_spans(body, pattern))
    pg_snippets._mark(session, [query], [column])
    assert column.marked is not None
    return column.marked
