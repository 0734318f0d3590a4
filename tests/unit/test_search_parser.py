"""The query language: what each piece of syntax parses to, and clear errors for bad syntax."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchjournal.errors import ValidationError
from watchjournal.search import QuerySyntaxError, parse_query
from watchjournal.search.fts import match_expression, split_conjunction
from watchjournal.search.query import And, DateRange, Is, Node, Not, NumberRange, Or, Text


def word(text: str, **kwargs: object) -> Text:
    return Text(text, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("flamethrower", word("flamethrower", prefix=True)),
        ("a b", And((word("a"), word("b")))),  # one letter is too short to be a prefix
        ("red fox", And((word("red"), word("fox", prefix=True)))),
        ("red fox ", And((word("red"), word("fox", prefix=True)))),
        ("a OR b", Or((word("a"), word("b")))),
        ("a b OR c d", And((word("a"), Or((word("b"), word("c"))), word("d")))),
        ("(a b) OR c", Or((And((word("a"), word("b"))), word("c")))),
        ("a AND b", And((word("a"), word("b")))),
        ("-a b", And((Not(word("a")), word("b")))),
        ("b -ab", And((word("b"), Not(word("ab"))))),  # an excluded word is never a prefix
        ("NOT a b", And((Not(word("a")), word("b")))),
        ("-(a OR b) c", And((Not(Or((word("a"), word("b")))), word("c")))),
        ('"exact phrase"', word("exact phrase", phrase=True)),
        ('-"exact phrase"', Not(word("exact phrase", phrase=True))),
        ("Ok-ju", word("Ok-ju", prefix=True)),
        ("title:ballerina", word("ballerina", field="title", prefix=True)),
        ("Director:bong x", And((word("bong", field="director"), word("x")))),
        ('cast:"Kim Ok-ju"', word("Kim Ok-ju", field="cast", phrase=True)),
        (
            "genre:drama country:korea",
            And((word("drama", field="genre"), word("korea", field="country", prefix=True))),
        ),
        (
            "tag:a where:b review:c note:d",
            And(
                (
                    word("a", field="tag"),
                    word("b", field="where"),
                    word("c", field="review"),
                    word("d", field="note"),
                )
            ),
        ),
        ("year:2020..2025", NumberRange("year", 2020, 2025)),
        ("year:>=2000", NumberRange("year", 2000, None)),
        ("year:>1999", NumberRange("year", 2000, None)),
        ("year:2020..", NumberRange("year", 2020, None)),
        ("year:..1999", NumberRange("year", None, 1999)),
        ("rating:>=8", NumberRange("rating", 80, None)),
        ("rating:6..7.5", NumberRange("rating", 60, 75)),
        ("rating:>7.5", NumberRange("rating", 76, None)),
        ("rating:6.4", NumberRange("rating", 64, 64)),
        ("runtime:<100", NumberRange("runtime", None, 99)),
        ("runtime:<=100", NumberRange("runtime", None, 100)),
        ("watched:2025", DateRange("watched", date(2025, 1, 1), date(2025, 12, 31))),
        ("watched:2025-06", DateRange("watched", date(2025, 6, 1), date(2025, 6, 30))),
        ("watched:2024-02", DateRange("watched", date(2024, 2, 1), date(2024, 2, 29))),
        (
            "watched:2025-06-01..2025-06-30",
            DateRange("watched", date(2025, 6, 1), date(2025, 6, 30)),
        ),
        ("watched:2025..2025-03", DateRange("watched", date(2025, 1, 1), date(2025, 3, 31))),
        ("watched:>2025-06", DateRange("watched", date(2025, 7, 1), None)),
        ("watched:<2025-06", DateRange("watched", None, date(2025, 5, 31))),
        ("added:2026", DateRange("added", date(2026, 1, 1), date(2026, 12, 31))),
        ("is:watchlist", Is("watchlist")),
        ("IS:Rewatch", Is("rewatch")),
        ("is:watchlist year:>=2000", And((Is("watchlist"), NumberRange("year", 2000, None)))),
        ("-is:watched", Not(Is("watched"))),
        ("Mission: Impossible", And((word("Mission"), word("Impossible", prefix=True)))),
        ("12:08", word("12:08", prefix=True)),
        (
            "Léon — the professional",
            And((word("Léon"), word("the"), word("professional", prefix=True))),
        ),
        ("Spider-Man - Homecoming", And((word("Spider-Man"), word("Homecoming", prefix=True)))),
        ("a OR &", word("a")),
        ("", None),
        ("   ", None),
        ("— & …", None),
        ('""', None),
        ("()", None),
        (
            "flame or",
            And((word("flame"), word("or", prefix=True))),
        ),  # only capital OR is an operator
    ],
)
def test_query_parses_to(query: str, expected: Node | None) -> None:
    assert parse_query(query) == expected


@pytest.mark.parametrize(
    ("query", "message", "position", "length"),
    [
        ("year:abc", '"abc" is not a number', 5, 3),
        ("rating:>>3", '">3" is not a number', 7, 3),
        ("rating:11", "out of range", 7, 2),
        ("rating:7.25", "more than one decimal", 7, 4),
        ("year:2020.5", "a fraction", 5, 6),
        ("year:2025..2020", "backwards", 5, 10),
        ("year:1..2..3", "a range looks like", 5, 7),
        ("year:..", "a range looks like", 5, 2),
        ('"unbalanced', 'has no closing "', 0, 11),
        ('flame "thrower', 'has no closing "', 6, 8),
        ('title:"open', 'has no closing "', 6, 5),
        ("foo:bar", 'unknown field "foo:"', 0, 4),
        ("x Foo:bar", 'unknown field "Foo:"', 2, 4),
        ("is:nice", "unknown state", 3, 4),
        ("title:", "needs a value", 0, 6),
        ("watched:2025-13", "not a date that exists", 8, 7),
        ("watched:2025-02-30", "not a date that exists", 8, 10),
        ("watched:June", "is not a date", 8, 4),
        ("added:<0001", "out of range", 6, 5),
        ("a OR", "OR needs something after it", 2, 2),
        ("OR a", "OR needs something before it", 0, 2),
        ("a OR OR b", "OR needs something after it", 2, 2),
        ("a AND", "AND needs something after it", 2, 3),
        ("AND a", "AND needs something before it", 0, 3),
        ("NOT", "NOT needs something after it", 0, 3),
        ("a -(", '"(" is never closed', 3, 1),
        ("(a b", '"(" is never closed', 0, 1),
        ("a b)", '")" has no "("', 3, 1),
        ("(" * 60 + "a", "nested too deeply", 40, 1),
        ("x" * 2001, "longer than 2000 characters", 2000, 1),
    ],
)
def test_bad_syntax_points_at_the_bad_part(
    query: str, message: str, position: int, length: int
) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(query)
    error = caught.value
    assert isinstance(error, ValidationError)
    assert message in str(error)
    assert "\n" not in str(error)
    assert (error.position, error.length) == (position, length)
    assert f"at character {position + 1}" in str(error)


@pytest.mark.parametrize(
    ("query", "expression"),
    [
        ("flamethrower", '"flamethrower"*'),
        ('"say it" loud', '("say it" AND "loud"*)'),
        ("x NEAR y*", '("x" AND "NEAR" AND "y*"*)'),
        ("director:bong", '{directors} : "bong"*'),
        ("a -b cc", '("a" AND "cc"*) NOT ("b")'),
        ("a OR -b", None),
        ("-a", None),
    ],
)
def test_user_text_reaches_fts5_only_inside_quotes(query: str, expression: str | None) -> None:
    node = parse_query(query)
    assert node is not None
    assert match_expression(node) == expression


def test_quotes_inside_text_are_doubled() -> None:
    assert match_expression(Text('say "hi"', field="review")) == '{reviews} : "say ""hi"""'


def test_text_and_filters_are_split_at_the_top_level() -> None:
    node = parse_query("flame -smoke is:watched year:2000..")
    assert node is not None
    match, rest = split_conjunction(node)
    assert match == '("flame") NOT ("smoke")'
    assert rest == [Is("watched"), NumberRange("year", 2000, None)]


@pytest.mark.parametrize(
    ("query", "loose"),
    [
        ('"neon revenge"', '("neon" AND "revenge")'),
        ('title:"red blue" sky', '({title} : ("red" AND "blue") AND "sky"*)'),
        # an excluded phrase stays a phrase: loosening it would exclude more
        ('flame -"neon revenge"', '("flame") NOT ("neon revenge")'),
        ('"a b" OR c is:watched', '((("a" AND "b") OR "c"))'),
        ("neon revenge", '("neon" AND "revenge"*)'),  # no phrase: the same expression
    ],
)
def test_loose_expressions_find_a_phrases_words_in_any_order(query: str, loose: str) -> None:
    node = parse_query(query)
    assert node is not None
    assert split_conjunction(node, loose=True)[0] == loose


@given(st.text(alphabet=st.sampled_from('ab -"():ORNTADyi>=.<1\u00e9 '), max_size=30))
def test_any_text_parses_or_raises_a_syntax_error(query: str) -> None:
    try:
        node = parse_query(query)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(query)
        assert error.length >= 1
    else:
        if node is not None:
            split_conjunction(node)
