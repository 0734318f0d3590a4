"""Fuzzing the search: any string (random Unicode, soups of the language's own tokens,
deep nesting, queries at the length limit) either parses or raises QuerySyntaxError
pointing inside the query, and ``JournalService.search`` / ``search_film_ids`` either
answer with films of the journal or raise a JournalError, never changing the journal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, currently_in_test_context, given, settings
from hypothesis import event as hypothesis_event
from hypothesis import strategies as st

from tests.unit.journal_sandbox import Sandbox, dump
from watchjournal.journal import JournalError, JournalService
from watchjournal.search import QuerySyntaxError, parse_query
from watchjournal.search.parser import MAX_QUERY_LENGTH
from watchjournal.search.query import DATE_FIELDS, NUMBER_FIELDS, STATES, TEXT_FIELDS

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEAVY = settings(FUZZ, max_examples=3000)

FIELDS = (*TEXT_FIELDS, *NUMBER_FIELDS, *DATE_FIELDS, "is", "nosuchfield", "IS", "Year")
PIECES = (
    *("(", ")", '"', "-", "OR", "AND", "NOT", "or", "..", ":", "*", "^", "+", "{", "}"),
    *("NEAR", "NEAR(a b, 2)", "''", "\\", "%", "_", "\x00", "\ufeff", "—", "&", "ß", "İ"),
    *("paterson", "ballerina", "amélie", "AMELIE", "café", "poem", "Ok-ju", "東京", "🎬"),
    *(f"is:{state}" for state in STATES),
    *(">", ">=", "<", "<=", "=", "2025", "2025-06", "2025-06-31", "6.4", "1e9", "-3", "0x10"),
)
values = st.one_of(
    st.sampled_from(PIECES),
    st.integers(-(10**20), 10**20).map(str),
    st.builds("{}..{}".format, st.integers(-5, 3000), st.integers(-5, 3000)),
    st.text(max_size=6),
)
token = st.one_of(
    st.sampled_from(PIECES),
    st.builds("{}:{}".format, st.sampled_from(FIELDS), values),
    st.builds('{}:"{}"'.format, st.sampled_from(FIELDS), values),
    st.builds("-{}".format, st.sampled_from(PIECES)),
    st.text(max_size=8),
)
token_soup = st.builds(
    "".join,
    st.lists(
        st.tuples(token, st.sampled_from((" ", "", "  ", "\t", "\n"))).map("".join), max_size=12
    ),
)
nested = st.builds(
    lambda depth, opener, inner, closer: opener * depth + inner + closer * depth,
    st.integers(0, 120),
    st.sampled_from(("(", "-(", "NOT (", "-", "NOT ", '"')),
    st.sampled_from(("x", "", "is:watched", "year:2000..")),
    st.sampled_from((")", "", '"')),
)
at_the_limit = st.builds(
    lambda unit, extra: (unit * (MAX_QUERY_LENGTH // len(unit) + 1))[: MAX_QUERY_LENGTH + extra],
    st.sampled_from(("a ", "x OR ", "(", "-", '"', "is:watched ", "year:1..2 ", "é")),
    st.integers(-2, 2),
)
queries = st.one_of(st.text(max_size=60), token_soup, nested, at_the_limit)


def event(name: str) -> None:
    """Count outcomes for ``--hypothesis-show-statistics``, also when called outside."""
    if currently_in_test_context():
        hypothesis_event(name)


def check_parse(query: str) -> None:
    try:
        parse_query(query)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(query)
        assert error.length >= 1
        assert str(error).startswith("bad search query: ")
        event("syntax error")
    else:
        event("parsed")


@FUZZ
@given(queries)
def test_any_string_parses_or_is_a_syntax_error(query: str) -> None:
    check_parse(query)


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JournalService]:
    with Sandbox(tmp_path_factory.mktemp("fuzz-search")).journal() as (service, _input):
        yield service


def check_search(service: JournalService, query: str, limit: int) -> None:
    path = service.path
    assert path is not None
    before = dump(path)
    films = {film.id for film in service.list_films()}
    try:
        ids = service.search_film_ids(query)
    except JournalError as error:
        # The cheap and the full search read a query alike.
        with pytest.raises(type(error)):
            service.search(query, limit)
        event(type(error).__name__)
    else:
        assert set(ids) <= films and len(ids) == len(set(ids))
        hits = service.search(query, limit)
        assert {hit.film.id for hit in hits} <= set(ids)
        assert len(hits) == min(limit, len(ids))
        event("found something" if ids else "found nothing")
    assert dump(path) == before


@FUZZ
@given(query=queries, limit=st.integers(1, 60))
def test_search_answers_or_says_what_is_wrong(
    journal: JournalService, query: str, limit: int
) -> None:
    check_search(journal, query, limit)


@pytest.mark.slow
@HEAVY
@given(query=queries, limit=st.integers(1, 60))
def test_search_at_length(journal: JournalService, query: str, limit: int) -> None:
    check_parse(query)
    check_search(journal, query, limit)


@pytest.mark.parametrize("query", ["0\x00", "pat\x00erson", 'title:"a\x00b"', "\x00"])
def test_a_nul_in_a_query_is_a_separator(journal: JournalService, query: str) -> None:
    """Found by the fuzzing above: a NUL cut the FTS5 expression short (an
    OperationalError "unterminated string" reached the user)."""
    check_search(journal, query, 10)
    assert journal.search_film_ids("pat\x00erson") == journal.search_film_ids("pat erson")
