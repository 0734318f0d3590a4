"""``field_term``: the query a film page's link runs reads back as one term of that field
with the value as written (quotes and line breaks as spaces), and finds the film."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchjournal.journal import FilmFields, JournalService, ReviewFields, StreamingInfo
from watchjournal.search import parse_query
from watchjournal.search.terms import field_term
from watchjournal.search.tokens import Kind, tokenize


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("director", "Len Wiseman", 'director:"Len Wiseman"'),
        ("cast", 'Dwayne "The Rock" Johnson', 'cast:"Dwayne The Rock Johnson"'),
        ("genre", "  Sci-Fi\n", 'genre:"Sci-Fi"'),
        ("tag", "OR", 'tag:"OR"'),  # an operator word is just a value inside quotes
        ("where", "(Mubi)", 'where:"(Mubi)"'),
        ("content", "sexual violence", 'content:"sexual violence"'),
        ("title", "Mission: Impossible", 'title:"Mission: Impossible"'),
    ],
)
def test_terms_as_written(field: str, value: str, expected: str) -> None:
    assert field_term(field, value) == expected


@pytest.mark.parametrize(("field", "value"), [("nope", "x"), ("director", ' " \n ')])
def test_unknown_fields_and_empty_values_are_refused(field: str, value: str) -> None:
    with pytest.raises(ValueError):
        field_term(field, value)


@given(
    st.sampled_from(["director", "cast", "genre", "country", "tag", "where", "content"]),
    st.text(min_size=1, max_size=40).filter(lambda v: v.replace('"', " ").strip()),
)
def test_a_term_reads_back_as_one_quoted_term_of_its_field(field: str, value: str) -> None:
    (token,) = tokenize(field_term(field, value))
    assert token.kind is Kind.FIELD and token.field == field and token.quoted
    assert token.text == " ".join(value.replace('"', " ").split())
    parse_query(field_term(field, value))  # and the parser takes it


def test_a_term_finds_the_film_it_was_made_from(service: JournalService) -> None:
    wiseman = service.add_film(
        FilmFields(
            "Ballerina",
            year=2025,
            directors=("Len Wiseman",),
            cast=('Dwayne "The Rock" Johnson',),
            where_to_watch=(StreamingInfo("Prime Video"),),
        )
    )
    other = service.add_film(FilmFields("Ballerina", year=2023, directors=("Lee Chung-hyun",)))
    service.write_review(other.id, ReviewFields(tags=("one woman army",)))
    assert service.search_film_ids(field_term("director", "Len Wiseman")) == [wiseman.id]
    assert service.search_film_ids(field_term("cast", 'Dwayne "The Rock" Johnson')) == [wiseman.id]
    assert service.search_film_ids(field_term("where", "Prime Video")) == [wiseman.id]
    assert service.search_film_ids(field_term("tag", "one woman army")) == [other.id]
