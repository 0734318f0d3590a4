"""Every query feature on a small hand-written journal, ranking, and snippets.

The journal lives in a SQLite file and in a PostgreSQL database (``BACKENDS``):
every query must find the same films on both.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.pg import BACKENDS, PostgresServer
from watchjournal.journal import (
    FilmFields,
    JournalService,
    ReviewFields,
    StreamingInfo,
)
from watchjournal.paths import AppPaths
from watchjournal.search import QuerySyntaxError, engine


def _add(service: JournalService, fields: FilmFields, **kwargs: object) -> int:
    return service.add_film(fields, allow_duplicate=True, **kwargs).id  # type: ignore[arg-type]


def build_journal(service: JournalService) -> None:
    """Seven films covering every field, state and script the language deals with."""
    ballerina = _add(
        service,
        FilmFields(
            "Ballerina",
            year=2023,
            directors=("Lee Chung-hyun",),
            cast=("Jeon Jong-seo", "Kim Ji-hoon"),
            genres=("Action", "Thriller"),
            countries=("South Korea",),
            runtime=93,
            where_to_watch=(StreamingInfo("Netflix"),),
        ),
    )
    service.mark_watched(ballerina, date(2025, 6, 1))
    service.write_review(
        ballerina,
        ReviewFields(
            rating_tenths=64,
            headline="stream it",
            body="A flamethrower in the finale, and the choreography is wild.",
            tags=("action",),
        ),
    )
    _add(
        service,
        FilmFields(
            "Ballerina",
            year=2025,
            directors=("Len Wiseman",),
            cast=("Ana de Armas", "Keanu Reeves"),
            genres=("Action",),
            countries=("USA",),
            runtime=125,
        ),
        watchlist=True,
        watchlist_note="from Min",
    )
    huracan = _add(
        service,
        FilmFields(
            "Huracán",
            original_title="Hurricane",
            year=2020,
            directors=("José Ramírez",),
            genres=("Drama",),
            countries=("Mexico",),
            runtime=98,
        ),
    )
    service.mark_watched(huracan, date(2024, 12, 31))
    service.mark_watched(huracan, date(2025, 6, 15), where="Cinemateca")
    service.write_review(
        huracan,
        ReviewFields(
            rating_tenths=80,
            body="The flamethrowers scene was choreographed beautifully.",
            tags=("storm",),
            spoilers=True,
        ),
    )
    handmaiden = _add(
        service,
        FilmFields(
            "The Handmaiden",
            original_title="아가씨",
            year=2016,
            directors=("Park Chan-wook",),
            cast=("Kim Min-hee", "Kim Tae-ri", "Ha Jung-woo"),
            genres=("Thriller", "Romance"),
            countries=("South Korea",),
            runtime=145,
            liked=True,
        ),
    )
    service.mark_watched(handmaiden, date(2025, 6, 20), note="with Min at the cinema")
    service.write_review(
        handmaiden,
        ReviewFields(
            rating_tenths=95, headline="perfect", body="Twisty, gorgeous.", tags=("korean",)
        ),
    )
    _add(
        service,
        FilmFields(
            "Spirited Away",
            original_title="千と千尋の神隠し",
            year=2001,
            directors=("Hayao Miyazaki",),
            genres=("Animation", "Fantasy"),
            countries=("Japan",),
            runtime=125,
        ),
        watchlist=True,
        watchlist_note="rewatch with the kids",
    )
    okja = _add(
        service,
        FilmFields(
            "Okja",
            year=2017,
            directors=("Bong Joon-ho",),
            cast=("Ahn Seo-hyun", "Kim Ok-ju"),
            countries=("South Korea", "USA"),
            runtime=120,
        ),
    )
    service.mark_watched(okja, date(2017, 7, 1), rewatch=True)
    mother = _add(
        service,
        FilmFields(
            "Mother",
            year=2009,
            directors=("Bong Joon-ho",),
            cast=("Kim Hye-ja", "Won Bin"),
            countries=("South Korea",),
            runtime=129,
        ),
    )
    service.mark_watched(mother, None)
    service.mark_watched(mother, date(2025, 1, 10), rewatch=False)
    paterson = _add(
        service,
        FilmFields("Paterson", year=2016, directors=("Jim Jarmusch",), cast=("Adam Driver",)),
    )
    service.write_review(paterson, ReviewFields(body="Poems about a bus driver."))


@pytest.fixture(scope="module", params=BACKENDS)
def journal(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[JournalService]:
    """One journal per backend for the whole module: the queries only read it."""
    folder = tmp_path_factory.mktemp("search-journal")
    where: str | Path = folder / "journal.sqlite"
    if request.param == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        where = server.create_database(f"search_{uuid.uuid4().hex[:12]}")
    service = JournalService.open(where, folder / "backups")
    build_journal(service)
    yield service
    service.close()


def labels(service: JournalService, query: str) -> set[str]:
    return {hit.film.label for hit in service.search(query)}


B23, B25, HUR, HAND, SPIRIT, OKJA, MOTHER, PAT = (
    "Ballerina (2023)",
    "Ballerina (2025)",
    "Huracán (2020)",
    "The Handmaiden (2016)",
    "Spirited Away (2001)",
    "Okja (2017)",
    "Mother (2009)",
    "Paterson (2016)",
)
KOREAN = {B23, HAND, OKJA, MOTHER}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # words, case, diacritics, stemming
        ("ballerina", {B23, B25}),
        ("BALLERINA", {B23, B25}),
        ("huracan", {HUR}),
        ("Huracán", {HUR}),
        ("hurricane", {HUR}),
        ("jose", {HUR}),
        ("ramirez", {HUR}),
        ("flamethrower", {B23, HUR}),
        ("flamethrowers", {B23, HUR}),
        ("flamethrower finale", {B23}),
        ("choreographed scene", {HUR}),
        ("poem", {PAT}),
        # prefixes for search-as-you-type: only the last word
        ("flameth", {B23, HUR}),
        ("wisem", {B25}),
        ("wisem ballerina", set()),
        ("spiri", {SPIRIT}),
        # hyphenated names, whole and in parts
        ("Ok-ju", {OKJA}),
        ("ju kim", {OKJA}),
        ("kim", {OKJA, HAND, MOTHER, B23}),
        ("Jong-seo", {B23}),
        ("seo jong", {B23}),
        ("Joon-ho", {OKJA, MOTHER}),
        ("chan-wook", {HAND}),
        # non-Latin titles match whole words
        ("아가씨", {HAND}),
        ("千と千尋の神隠し", {SPIRIT}),
        ("千と千尋", {SPIRIT}),  # as the last word it is a prefix too
        ("神隠し", set()),
        # phrases
        ('"the finale"', {B23}),
        ('"finale the"', set()),
        ('"bong joon-ho"', {OKJA, MOTHER}),
        # phrases of words in the same film, but not next to each other in that order
        ('"the choreography"', {B23}),
        ('"choreography the"', set()),
        ('"the wild"', set()),
        ('"finale choreography"', set()),
        # phrases of three words (punctuation between words is no gap)
        ('"in the finale"', {B23}),
        ('"the finale and"', {B23}),
        ('"in the choreography"', set()),
        ('"a flamethrower finale"', set()),
        # stemmed, folded, across a hyphen, and being typed
        ('"flamethrower scene"', {HUR}),
        ('"choreographed beautifully"', {HUR}),
        ('"jose ramirez"', {HUR}),
        ('"José Ramírez"', {HUR}),
        ('"ramirez jose"', set()),
        ('"kim ok-ju"', {OKJA}),
        ('"ok-ju kim"', set()),
        ('"chung-hyun lee"', set()),
        ("Ok-j", {OKJA}),
        ("flamethrowers-sc", {HUR}),
        # a phrase inside one field
        ('title:"the handmaiden"', {HAND}),
        ('title:"the finale"', set()),
        ('review:"the finale"', {B23}),
        ('director:"joon-ho bong"', set()),
        ('-"the finale" ballerina', {B25}),
        ('"the finale" OR "kim ok-ju"', {B23, OKJA}),
        # OR, exclusion, grouping
        ("korea OR japan", KOREAN | {SPIRIT}),
        ("(korea OR japan) animation", {SPIRIT}),
        ("ballerina -wiseman", {B23}),
        ("ballerina NOT wiseman", {B23}),
        ('ballerina -"the finale"', {B25}),
        ("korea -thriller -bong", set()),
        ("korea -(thriller OR bong)", set()),
        ("ballerina AND netflix", {B23}),
        ("-ballerina korea", {HAND, OKJA, MOTHER}),
        # fields
        ("title:mother", {MOTHER}),
        ("title:hurricane", {HUR}),
        ("title:flamethrower", set()),
        ("director:bong", {OKJA, MOTHER}),
        ('director:"Bong Joon-ho"', {OKJA, MOTHER}),
        ("cast:bong", set()),
        ("cast:ok", {OKJA}),
        ("cast:driver", {PAT}),
        ("genre:thriller", {B23, HAND}),
        ("country:japan", {SPIRIT}),
        ("country:usa", {B25, OKJA}),
        ("tag:korean", {HAND}),
        ("tag:storm", {HUR}),
        ("where:netflix", {B23}),
        ("where:cinemateca", {HUR}),
        ("review:flamethrower", {B23, HUR}),
        ("review:driver", {PAT}),
        ("note:min", {B25, HAND}),
        ("note:kids", {SPIRIT}),
        ("-director:bong korea", {B23, HAND}),
        # numbers
        ("year:2016", {HAND, PAT}),
        ("year:2020..2025", {B23, B25, HUR}),
        ("year:>=2017", {B23, B25, HUR, OKJA}),
        ("year:<2009", {SPIRIT}),
        ("year:..2009", {SPIRIT, MOTHER}),
        ("rating:>=8", {HUR, HAND}),
        ("rating:8", {HUR}),
        ("rating:6..7.5", {B23}),
        ("rating:<6.4", set()),
        ("rating:<=6.4", {B23}),
        ("runtime:<100", {B23, HUR}),
        ("runtime:120..130", {B25, SPIRIT, OKJA, MOTHER}),
        # dates
        ("watched:2025", {B23, HUR, HAND, MOTHER}),
        ("watched:2025-06", {B23, HUR, HAND}),
        ("watched:2025-06-01..2025-06-15", {B23, HUR}),
        ("watched:<2025", {HUR, OKJA}),
        ("watched:2024-12-31", {HUR}),
        # states
        ("is:watchlist", {B25, SPIRIT}),
        ("is:watched", {B23, HUR, HAND, OKJA, MOTHER}),
        ("is:reviewed", {B23, HUR, HAND, PAT}),
        ("is:unrated", {B25, SPIRIT, OKJA, MOTHER, PAT}),
        ("is:liked", {HAND}),
        ("is:spoilers", {HUR}),
        ("is:rewatch", {HUR, OKJA}),
        ("-is:watched", {B25, SPIRIT, PAT}),
        # filters alone, and mixed with words
        ("is:watchlist year:>=2005", {B25}),
        ("is:watched rating:>=8 year:2015..", {HUR, HAND}),
        ("korea is:watched -is:liked", {B23, OKJA, MOTHER}),
        ("flamethrower OR is:liked", {B23, HUR, HAND}),
        ("(korea is:unrated) OR is:spoilers", {OKJA, MOTHER, HUR}),
        ("bong -(is:rewatch OR year:>2010)", {MOTHER}),
        ("NOT title:ballerina is:watchlist", {SPIRIT}),
        # what asks for nothing finds nothing; colons in titles are not fields
        ("", set()),
        ("— &", set()),
        ("Mission: Impossible", set()),
        ("Spirited — Away", {SPIRIT}),
    ],
)
def test_query_finds(journal: JournalService, query: str, expected: set[str]) -> None:
    assert labels(journal, query) == expected
    assert {journal.get_film(i).label for i in journal.search_film_ids(query)} == expected


def test_added_compares_the_day_the_film_was_added(journal: JournalService) -> None:
    this_year = date.today().year
    assert len(labels(journal, f"added:{this_year}")) == 8
    assert labels(journal, f"added:<{this_year}") == set()
    assert labels(journal, f"added:>{this_year} is:watched") == set()


@pytest.mark.parametrize("query", ["year:abc", '"flame', "rating:>>3", "foo:bar", "is:nice"])
def test_bad_query_raises_and_never_an_sqlite_error(journal: JournalService, query: str) -> None:
    with pytest.raises(QuerySyntaxError):
        journal.search(query)
    with pytest.raises(QuerySyntaxError):
        journal.search_film_ids(query)


@pytest.mark.parametrize(
    "query", ['x" OR "y', "NEAR(a b)", "xq*", "{title}: x", "^x", "x:", "'", "+"]
)
def test_fts5_syntax_in_user_text_is_just_text(journal: JournalService, query: str) -> None:
    assert journal.search(query) == []


def test_results_are_one_per_film_with_a_limit(journal: JournalService) -> None:
    hits = journal.search("korea OR japan OR flamethrower")
    assert len(hits) == len({hit.film.id for hit in hits}) == 6
    assert len(journal.search("korea OR japan", limit=2)) == 2
    assert len(journal.search_film_ids("is:unrated", limit=3)) == 3
    assert journal.search("korea", limit=0) == []


def test_filters_alone_list_films_by_title(journal: JournalService) -> None:
    hits = journal.search("is:watched")
    assert [hit.film.label for hit in hits] == [B23, HUR, MOTHER, OKJA, HAND]
    assert all(hit.snippet is None and hit.review_id is None for hit in hits)


def test_snippet_shows_the_matching_review(journal: JournalService) -> None:
    (hit,) = journal.search("finale")
    assert hit.review_id == hit.film.reviews[0].id
    assert hit.snippet is not None and hit.snippet.field == "review"
    assert hit.snippet.marked() == (
        "stream it A flamethrower in the [finale], and the choreography is wild."
    )
    assert ("finale", True) in hit.snippet.segments
    assert hit.snippet.marked("<b>", "</b>").count("<b>finale</b>") == 1


def test_snippet_of_a_name_or_title_has_no_review(journal: JournalService) -> None:
    (hit,) = journal.search("wiseman")
    assert hit.review_id is None
    assert hit.snippet is not None
    assert (hit.snippet.field, hit.snippet.marked()) == ("director", "Len [Wiseman]")
    (hit,) = journal.search("hurricane")
    assert hit.snippet is not None and hit.snippet.marked() == "[Hurricane]"
    (hit,) = journal.search("kids")
    assert hit.snippet is not None
    assert (hit.snippet.field, hit.snippet.text) == ("note", "rewatch with the kids")


def test_snippet_highlights_stems_prefixes_and_folded_accents(journal: JournalService) -> None:
    (hit,) = journal.search("flamethrower scene")
    assert hit.snippet is not None and "[flamethrowers] [scene]" in hit.snippet.marked()
    (hit,) = journal.search("huracan")
    assert hit.snippet is not None and hit.snippet.marked() == "[Huracán]"


def test_snippet_of_a_long_review_is_a_window_around_the_match(
    journal_db: str, app_dirs: AppPaths
) -> None:
    service = JournalService.open(journal_db, app_dirs.backup_dir)
    film = service.add_film(FilmFields("Long"))
    body = (
        " ".join(f"word{i}" for i in range(100))
        + " needle "
        + " ".join(f"after{i}" for i in range(100))
    )
    service.write_review(film.id, ReviewFields(body="short one"))
    review = service.write_review(film.id, ReviewFields(body=body))
    (hit,) = service.search("needle")
    service.close()
    assert hit.review_id == review.id
    assert hit.snippet is not None
    text = hit.snippet.marked()
    assert text.startswith("…word9") and text.endswith("…")
    assert "[needle]" in text and len(text) < 200


def test_ranking_puts_titles_and_people_above_review_text(
    journal_db: str, app_dirs: AppPaths
) -> None:
    service = JournalService.open(journal_db, app_dirs.backup_dir)
    in_review = service.add_film(FilmFields("Calm Sea", year=2001)).id
    service.write_review(in_review, ReviewFields(body="A film about a storm at sea and a boat."))
    in_note = service.add_film(FilmFields("Quiet Harbour", year=2002), watchlist=True).id
    service.add_to_watchlist(in_note, "Min said the storm scene is great")
    in_cast = service.add_film(FilmFields("Weather", year=2003, cast=("Gale Storm",))).id
    in_title = service.add_film(FilmFields("The Storm", year=2004)).id
    service.add_film(FilmFields("Sunny", year=2005))
    ranked = [hit.film.id for hit in service.search("storm")]
    scores = [hit.score for hit in service.search("storm")]
    ids = service.search_film_ids("storm")
    service.close()
    assert ranked == [in_title, in_cast, in_note, in_review]
    assert ids == ranked
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0


def test_broad_queries_put_title_and_people_matches_first_then_newest(
    journal_path: Path, app_dirs: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "RANK_ALL_LIMIT", 2)
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    ids = []
    for number in range(5):
        film = service.add_film(FilmFields(f"Film {number}"))
        service.write_review(film.id, ReviewFields(body="a storm at sea"))
        ids.append(film.id)
    titled = service.add_film(FilmFields("Storm Front")).id
    named = service.add_film(FilmFields("Weather", cast=("Gale Storm",))).id
    service.write_review(named, ReviewFields(body="storm -- a storm"))
    newest_first = sorted(ids, reverse=True)
    try:
        # seven matches, two of them strong: those first, then the rest, each newest first
        assert service.search_film_ids("storm") == [named, titled, *newest_first]
        assert service.search_film_ids("storm", limit=3) == [named, titled, newest_first[0]]
        assert [h.film.id for h in service.search("storm", limit=4)] == [
            named,
            titled,
            *newest_first[:2],
        ]
        # a third strong match joins them (an older film: after them, before the rest)
        service.edit_film(ids[0], FilmFields("Film 0", directors=("Storm Director",)))
        assert service.search_film_ids("storm") == [named, titled, ids[0], *newest_first[:-1]]
        # filters and exclusions still hold on the broad path
        assert service.search_film_ids("storm -gale -front -director") == newest_first[:-1]
        service.mark_watched(ids[1], None)
        service.mark_watched(named, None)
        assert service.search_film_ids("storm is:watched") == [named, ids[1]]
    finally:
        service.close()
