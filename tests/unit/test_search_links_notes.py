"""``like:`` (films linked to a title) and ``content:`` (content notes) in the search
language: what they parse to, what they find alone, negated and combined, that
``like:`` matches titles exactly as ``title:`` does, and a property: after random
journals and edits, search finds exactly what a scan of the records finds."""

from __future__ import annotations

import itertools
import re
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from watchjournal.journal import FilmFields, JournalService
from watchjournal.search import QuerySyntaxError, parse_query
from watchjournal.search.fts import match_expression, split_conjunction
from watchjournal.search.notes import like_pattern, note_words
from watchjournal.search.query import And, ContentNote, Is, Linked, Node, Not, Or, Text
from watchjournal.storage.engine import create_journal_engine

# --- parsing -----------------------------------------------------------------------------


def title(text: str, **kwargs: Any) -> Text:
    return Text(text, "title", **kwargs)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("like:kate", Linked(title("kate", prefix=True))),
        ("LIKE:kate x", And((Linked(title("kate")), Text("x")))),
        ('like:"john wick"', Linked(title("john wick", phrase=True))),
        ("-like:kate", Not(Linked(title("kate")))),
        ("like:k", Linked(title("k"))),  # one letter is too short to be a prefix
        ("content:violence", ContentNote("violence", prefix=True)),
        ("content:gore is:liked", And((ContentNote("gore"), Is("liked")))),
        ('content:"sexual violence"', ContentNote("sexual violence")),
        ("NOT content:gore", Not(ContentNote("gore"))),
        (
            "like:kate OR content:gore",
            Or((Linked(title("kate")), ContentNote("gore", prefix=True))),
        ),
        ("like:— content:&", None),  # no words: nothing asked
    ],
)
def test_parse(query: str, expected: Node | None) -> None:
    assert parse_query(query) == expected


@pytest.mark.parametrize("query", ["like:", 'content:""', "like: kate"])
def test_a_field_without_a_value_is_an_error(query: str) -> None:
    with pytest.raises(QuerySyntaxError, match="needs a value"):
        parse_query(query)


def test_an_unknown_field_names_the_new_ones() -> None:
    with pytest.raises(QuerySyntaxError) as error:
        parse_query("liek:kate")
    assert "like:, content:" in str(error.value)


def test_they_are_sql_not_fts() -> None:
    node = parse_query("flame like:kate -content:gore")
    assert node is not None
    assert match_expression(Linked(title("kate"))) is None
    assert match_expression(ContentNote("gore")) is None
    match, rest = split_conjunction(node)
    assert match == '("flame")'
    assert rest == [Linked(title("kate")), Not(ContentNote("gore", prefix=False))]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Sexual Violence", "sexual violence"),
        ("  nudité/sex ", "nudite sex"),
        ("İstanbul, ŒUVRE", "istanbul œuvre"),
        ("Straße", "strasse"),
        ("東京 — 2020", "東京 2020"),
        ("—", ""),
    ],
)
def test_note_words_fold_case_and_accents(text: str, words: str) -> None:
    assert note_words(text) == words


def test_note_words_of_something_else_is_empty() -> None:
    assert note_words(5) == note_words(None) == ""


def test_like_patterns() -> None:
    assert like_pattern("Sexual-Violence", prefix=False) == "% sexual violence %"
    assert like_pattern("vio", prefix=True) == "% vio%"
    assert like_pattern("—", prefix=False) is None


# --- on a small journal ------------------------------------------------------------------


@pytest.fixture
def journal(service: JournalService) -> dict[str, int]:
    def add(title: str, year: int, *notes: str, **extra: Any) -> int:
        fields = FilmFields(title, year=year, content_notes=notes, **extra)
        return service.add_film(fields, allow_duplicate=True).id

    ids = {
        "kate": add("Kate", 2021, "graphic violence", "Nudité"),
        "ballerina23": add("Ballerina", 2023, directors=("Lee Chung-hyun",)),
        "ballerina25": add("Ballerina", 2025, "sexual violence", liked=True),
        "wick": add("John Wick", 2014, "dog harm", original_title="Wick"),
        "kill bill": add("Kill Bill: Vol. 1", 2003, "violence against women"),
        "paterson": add("Paterson", 2016),
    }
    service.link_films(ids["ballerina25"], ids["kate"], "same one-woman-army energy")
    service.link_films(ids["kate"], ids["wick"])
    service.link_films(ids["kill bill"], ids["kate"])
    service.link_films(ids["ballerina23"], ids["wick"])
    return ids


def found(service: JournalService, query: str) -> set[str]:
    labels = {service.get_film(i).label for i in service.search_film_ids(query)}
    assert {hit.film.label for hit in service.search(query, limit=100)} == labels, query
    return labels


@pytest.mark.parametrize(
    ("query", "labels"),
    [
        ("like:kate", {"Ballerina (2025)", "John Wick (2014)", "Kill Bill: Vol. 1 (2003)"}),
        ("like:KATE", {"Ballerina (2025)", "John Wick (2014)", "Kill Bill: Vol. 1 (2003)"}),
        ("like:wick", {"Kate (2021)", "Ballerina (2023)"}),
        ('like:"john wick"', {"Kate (2021)", "Ballerina (2023)"}),
        ("like:ballerina", {"Kate (2021)", "John Wick (2014)"}),
        ("like:paterson", set()),
        ("like:kate like:wick", set()),
        ("like:kate OR like:wick", {
            "Ballerina (2025)", "John Wick (2014)", "Kill Bill: Vol. 1 (2003)",
            "Kate (2021)", "Ballerina (2023)",
        }),
        ("-like:kate", {"Kate (2021)", "Ballerina (2023)", "Paterson (2016)"}),
        ("ballerina -like:kate", {"Ballerina (2023)"}),
        ("like:kate is:liked", {"Ballerina (2025)"}),
        ("like:kate year:<2015", {"John Wick (2014)", "Kill Bill: Vol. 1 (2003)"}),
        ("content:violence", {"Kate (2021)", "Ballerina (2025)", "Kill Bill: Vol. 1 (2003)"}),
        ("content:VIOLENCE year:2021", {"Kate (2021)"}),
        ("content:nudite", {"Kate (2021)"}),
        ("content:Nudité", {"Kate (2021)"}),
        ('content:"sexual violence"', {"Ballerina (2025)"}),
        ('content:"violence sexual"', set()),  # the words in order
        ("content:sexual-violence", {"Ballerina (2025)"}),
        ('content:"violence against"', {"Kill Bill: Vol. 1 (2003)"}),
        ("content:viol", {"Kate (2021)", "Ballerina (2025)", "Kill Bill: Vol. 1 (2003)"}),
        ("content:viol x", set()),  # only the last word is a prefix
        ("content:viol is:liked", set()),
        ("content:violence is:liked", {"Ballerina (2025)"}),
        ("content:dog", {"John Wick (2014)"}),
        ("content:harm", {"John Wick (2014)"}),
        ("-content:violence", {"Ballerina (2023)", "John Wick (2014)", "Paterson (2016)"}),
        ("-content:violence -like:kate", {"Ballerina (2023)", "Paterson (2016)"}),
        ("content:violence like:wick", {"Kate (2021)"}),
        ("content:harm OR like:ballerina", {"John Wick (2014)", "Kate (2021)"}),
        ("(content:gore OR is:liked) like:kate", {"Ballerina (2025)"}),
        ("violence", set()),  # content notes are only searched with content:
    ],
)  # fmt: skip
def test_queries(
    service: JournalService, journal: dict[str, int], query: str, labels: set[str]
) -> None:
    assert found(service, query) == labels


def test_like_follows_renames_and_unlinks(service: JournalService, journal: dict[str, int]) -> None:
    service.edit_film(journal["wick"], FilmFields("Baba Yaga", year=2014, original_title="Wick"))
    assert found(service, "like:baba") == {"Kate (2021)", "Ballerina (2023)"}
    service.edit_film(journal["wick"], FilmFields("Baba Yaga", year=2014))
    assert found(service, "like:wick") == set()
    service.unlink_films(journal["kate"], journal["kill bill"])
    assert found(service, "like:kate") == {"Ballerina (2025)", "Baba Yaga (2014)"}


def test_content_follows_edits(service: JournalService, journal: dict[str, int]) -> None:
    service.edit_film(
        journal["paterson"], FilmFields("Paterson", year=2016, content_notes=("Poetry",))
    )
    assert found(service, "content:poetry") == {"Paterson (2016)"}
    service.edit_film(journal["paterson"], FilmFields("Paterson", year=2016))
    assert found(service, "content:poetry") == set()


@pytest.mark.parametrize("word", ["kate", "Kate", "kates", "KÁTE", "ka", "wick", "bill", "vol"])
def test_like_matches_titles_exactly_as_title_does(
    service: JournalService, journal: dict[str, int], word: str
) -> None:
    titled = set(service.search_film_ids(f"title:{word}"))
    linked = {link.other.id for film_id in titled for link in service.links_of(film_id)}
    assert set(service.search_film_ids(f"like:{word}")) == linked


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from(("like", "content", "-like", "-content")),
    value=st.one_of(
        st.text(max_size=12),
        st.sampled_from(("%", "_", "\\", "'", "*", "NEAR", "\x00", "ß", "İ", "—", "x%y_z")),
    ),
    quoted=st.booleans(),
)
def test_any_value_searches_or_is_a_syntax_error(
    service: JournalService, journal: dict[str, int], field: str, value: str, quoted: bool
) -> None:
    text = f'{field}:"{value}"' if quoted else f"{field}:{value}"
    try:
        ids = service.search_film_ids(text)
    except QuerySyntaxError:
        return
    assert set(ids) <= set(journal.values())
    assert {hit.film.id for hit in service.search(text, limit=100)} == set(ids)


# --- property: search equals a scan of the records ---------------------------------------

VOCABULARY = ("amber", "cobalt", "falcon", "glacier", "harbor", "mango", "café", "josé", "ok")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(text))


def holds(texts: list[str], wanted: str) -> bool:
    """Whether one of ``texts`` has the words of ``wanted`` next to each other."""
    words = tokens(wanted)
    for text in texts:
        have = tokens(text)
        if any(have[i : i + len(words)] == words for i in range(len(have))):
            return True
    return False


@dataclass(frozen=True)
class Scanned:
    """A film as the scan sees it: its titles, notes, flags and the films it is linked to."""

    # The title and original title as the index holds them: one column, in which a
    # phrase may run from one into the other (as ``title:"a b"`` does).
    titles: list[str]
    notes: list[str]
    liked: bool
    linked: list[int]


def scan(node: Node, film: Scanned, films: dict[int, Scanned]) -> bool:
    if isinstance(node, Linked):
        return any(holds(films[other].titles, node.title.text) for other in film.linked)
    if isinstance(node, ContentNote):
        return holds(film.notes, node.text)
    if isinstance(node, Text):
        return holds(film.titles, node.text)
    if isinstance(node, Is):
        return film.liked
    if isinstance(node, And):
        return all(scan(child, film, films) for child in node.children)
    if isinstance(node, Or):
        return any(scan(child, film, films) for child in node.children)
    assert isinstance(node, Not)
    return not scan(node.child, film, films)


variant = st.sampled_from(VOCABULARY).flatmap(
    lambda w: st.sampled_from((w, w.upper(), w.title(), fold(w)))
)
phrase = st.lists(variant, min_size=1, max_size=3).map(" ".join)
film = st.tuples(phrase, st.one_of(st.none(), phrase), st.lists(phrase, max_size=2), st.booleans())
operation = st.one_of(
    st.tuples(st.just("link"), st.integers(0, 5), st.integers(0, 5)),
    st.tuples(st.just("unlink"), st.integers(0, 5), st.integers(0, 5)),
    st.tuples(st.just("edit"), st.integers(0, 5), film),
    st.tuples(st.just("delete"), st.integers(0, 5)),
)
term = st.one_of(
    st.builds("like:{}".format, variant),
    st.builds('like:"{} {}"'.format, variant, variant),
    st.builds("content:{}".format, variant),
    st.builds('content:"{} {}"'.format, variant, variant),
    variant,
)
query = st.one_of(
    term,
    st.builds("{} {}".format, term, term),
    st.builds("-{} {}".format, term, term),
    st.builds("{} OR {}".format, term, term),
    st.builds("-{}".format, term),
    st.builds("{} is:liked".format, term),
    st.builds("{} OR is:liked".format, term),
)


@dataclass
class Template:
    path: Path
    folder: Path
    counter: Iterator[int]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    folder = tmp_path_factory.mktemp("links-property")
    path = folder / "template.sqlite"
    JournalService.open(path, folder / "backups").close()
    return Template(path, folder, itertools.count())


def fields_of(spec: tuple[Any, ...]) -> FilmFields:
    name, original, notes, liked = spec
    return FilmFields(name, original_title=original, content_notes=tuple(notes), liked=liked)


def apply(service: JournalService, op: tuple[Any, ...]) -> None:
    ids = [f.id for f in service.list_films()]
    if not ids:
        return
    first = ids[op[1] % len(ids)]
    if op[0] == "edit":
        service.edit_film(first, fields_of(op[2]), allow_duplicate=True)
    elif op[0] == "delete":
        service.delete_film(first)
    else:
        other = ids[op[2] % len(ids)]
        linked = any(link.other.id == other for link in service.links_of(first))
        if op[0] == "link" and first != other:
            service.link_films(first, other)
        elif op[0] == "unlink" and linked:
            service.unlink_films(first, other)


def scanned(service: JournalService) -> dict[int, Scanned]:
    return {
        f.id: Scanned(
            [f"{f.title} {f.fields.original_title or ''}"],
            list(f.fields.content_notes),
            f.fields.liked,
            [link.other.id for link in service.links_of(f.id)],
        )
        for f in service.list_films()
    }


SCAN = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
journals = {
    "films": st.lists(film, min_size=2, max_size=5),
    "operations": st.lists(operation, max_size=10),
    "queries": st.lists(query, min_size=1, max_size=8),
}


@SCAN
@given(**journals)
def test_search_equals_a_scan(
    template: Template,
    films: list[tuple[Any, ...]],
    operations: list[tuple[Any, ...]],
    queries: list[str],
) -> None:
    check_search_equals_a_scan(template, films, operations, queries)


@pytest.mark.slow
@settings(SCAN, max_examples=100)
@given(**journals)
def test_search_equals_a_scan_at_length(
    template: Template,
    films: list[tuple[Any, ...]],
    operations: list[tuple[Any, ...]],
    queries: list[str],
) -> None:
    check_search_equals_a_scan(template, films, operations, queries)


def check_search_equals_a_scan(
    template: Template,
    films: list[tuple[Any, ...]],
    operations: list[tuple[Any, ...]],
    queries: list[str],
) -> None:
    path = template.folder / f"journal-{next(template.counter)}.sqlite"
    shutil.copyfile(template.path, path)
    engine = create_journal_engine(path)
    # Thrown away afterwards: skip the fsyncs that make every write durable.
    event.listen(
        engine, "connect", lambda connection, _: connection.execute("PRAGMA synchronous=OFF")
    )
    service = JournalService(engine, path)
    try:
        for spec in films:
            service.add_film(fields_of(spec), allow_duplicate=True)
        for op in operations:
            apply(service, op)
        records = scanned(service)
        for text in queries:
            node = parse_query(text)
            assert node is not None
            expected = {i for i, record in records.items() if scan(node, record, records)}
            assert set(service.search_film_ids(text)) == expected, text
            assert {hit.film.id for hit in service.search(text, limit=100)} == expected, text
    finally:
        service.close()
        path.unlink()
