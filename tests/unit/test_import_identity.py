"""Which journal film an imported film is (journal.import_identity, docs/rules.md).

A film link (IMDb id, Letterboxd URI, TMDB id, Trakt id) decides over title and
year; films without a link match by title and year; a film that could be several
journal films is reported with its candidates and left out with everything about
it, never guessed, unless the user chose one (``import_batch(..., choices=...)``).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.unit.interchange_helpers import dump, export_bytes, new_service
from watchjournal.cli.main import main
from watchjournal.errors import ValidationError
from watchjournal.journal import FilmFields, JournalService, StreamingInfo
from watchjournal.journal.import_identity import link_form
from watchjournal.journal.import_types import (
    ImportBatch,
    ImportFilm,
    ImportList,
    ImportListEntry,
    ImportReview,
    ImportViewing,
    ImportWatchlist,
    Origin,
)

MELIES = ("Georges Méliès",)
CASTLE = "The Haunted Castle"
LONG_URI = "https://letterboxd.com/film/le-manoir-du-diable/"


def film(
    title: str,
    year: int | None = None,
    *,
    seen: tuple[date, ...] = (),
    line: int = 1,
    title_only: bool = False,
    **fields: Any,
) -> ImportFilm:
    item = ImportFilm(FilmFields(title=title, year=year, **fields), Origin("test.csv", line))
    item.viewings = [ImportViewing(day) for day in seen]
    item.title_only = title_only
    return item


def batch(*films: ImportFilm, lists: list[ImportList] | None = None) -> ImportBatch:
    return ImportBatch(kind="test", films=list(films), lists=lists or [])


def seed(service: JournalService, *films: ImportFilm) -> list[int]:
    """Put films in the journal as an import would; their ids, in order."""
    service.import_batch(batch(*films))
    ids = {f.id: f for f in service.journal_snapshot().films}
    return sorted(ids)


def days_of(service: JournalService, film_id: int) -> list[date | None]:
    return [v.watched_on for v in service.get_film(film_id).viewings]


@pytest.fixture
def two_castles(service: JournalService) -> list[int]:
    """Méliès's two films called The Haunted Castle (1896 and 1897 releases share a year
    on Letterboxd), told apart only by their links."""
    return seed(
        service,
        film(CASTLE, 1897, directors=MELIES, letterboxd_uri="https://boxd.it/2bQA"),
        film(CASTLE, 1897, directors=MELIES, letterboxd_uri="https://boxd.it/1Sx2"),
    )


# Links decide ---------------------------------------------------------------------------


def test_a_film_link_decides_between_films_of_one_title_and_year(
    service: JournalService, two_castles: list[int]
) -> None:
    first, second = two_castles
    report = service.import_batch(
        batch(film(CASTLE, 1897, seen=(date(2024, 5, 1),), letterboxd_uri="https://boxd.it/1Sx2"))
    )
    assert (report.films_added, report.films_merged, report.ambiguous) == (0, 1, [])
    assert days_of(service, second) == [date(2024, 5, 1)]
    assert days_of(service, first) == []


def test_a_different_link_of_the_same_kind_is_another_film(service: JournalService) -> None:
    (rain,) = seed(service, film("Rain", 2019, letterboxd_uri="https://boxd.it/rAiN"))
    report = service.import_batch(
        batch(film("rain", 2019, seen=(date(2024, 1, 2),), letterboxd_uri="https://boxd.it/rain"))
    )
    assert (report.films_added, report.films_merged) == (1, 0)
    assert days_of(service, rain) == []
    films = service.journal_snapshot().films
    assert sorted(f.fields.letterboxd_uri or "" for f in films) == [
        "https://boxd.it/rAiN",
        "https://boxd.it/rain",
    ]


@pytest.mark.parametrize(
    ("theirs", "ours", "same"),
    [
        ({"imdb_id": "tt0000131"}, {"imdb_id": "tt0000131"}, True),
        ({"imdb_id": "tt0000131"}, {"imdb_id": "tt0000132"}, False),
        ({"tmdb_id": 49279}, {"tmdb_id": 49280}, False),
        ({"trakt_id": 123}, {"trakt_id": 124}, False),
        # Two forms of Letterboxd link: they cannot tell films apart, title and year do.
        ({"letterboxd_uri": "https://boxd.it/2bQA"}, {"letterboxd_uri": LONG_URI}, True),
        # A link of another kind is no conflict: the film gets it filled in.
        ({"imdb_id": "tt0000131"}, {"trakt_id": 9}, True),
    ],
)  # fmt: skip
def test_links_of_the_same_kind_that_differ_tell_films_apart(
    service: JournalService, theirs: dict[str, Any], ours: dict[str, Any], same: bool
) -> None:
    seed(service, film("Le Manoir du diable", 1896, **theirs))
    report = service.import_batch(batch(film("Le Manoir du Diable", 1896, **ours)))
    assert (report.films_merged, report.films_added) == ((1, 0) if same else (0, 1))


def test_a_trakt_id_matches_whatever_the_title(service: JournalService) -> None:
    (film_id,) = seed(service, film("Paterson", 2016, trakt_id=223234))
    report = service.import_batch(
        batch(film("Paterson (director's cut)", None, seen=(date(2024, 3, 3),), trakt_id=223234))
    )
    assert (report.films_added, report.films_merged) == (0, 1)
    assert days_of(service, film_id) == [date(2024, 3, 3)]


def test_letterboxd_links_compare_by_form_and_code() -> None:
    name = "letterboxd_uri"
    assert link_form(name, "https://boxd.it/2bQA") == ("short", "2bQA")
    assert link_form(name, "https://boxd.it/2bQA") != link_form(name, "https://boxd.it/2bqa")
    assert link_form(name, "https://letterboxd.com/film/Rain/") == link_form(
        name, "http://www.letterboxd.com/film/rain"
    )
    assert link_form("imdb_id", "tt0000131") == ("id", "tt0000131")


# Several films fit: never guessed -------------------------------------------------------


def ambiguous_castle() -> ImportFilm:
    """A film without a link (a diary row) that both castles fit, with rows of every kind."""
    item = film(CASTLE, 1897, seen=(date(2024, 6, 1),), line=7)
    item.reviews = [ImportReview(rating_tenths=80, body="Bats!", viewing=0)]
    item.watchlist = ImportWatchlist()
    return item


def test_a_film_several_journal_films_fit_is_left_out_with_its_rows(
    service: JournalService, two_castles: list[int], journal_path: Path
) -> None:
    before = dump(journal_path)
    lists = [ImportList("Méliès", Origin("lists/melies.csv", 1), entries=[ImportListEntry(0)])]
    for dry_run in (True, False):
        report = service.import_batch(batch(ambiguous_castle(), lists=lists), dry_run=dry_run)
        (item,) = report.ambiguous
        assert (item.film, item.origin, item.what) == (0, Origin("test.csv", 7), f"{CASTLE} (1897)")
        assert [(c.film_id, c.label) for c in item.candidates] == [
            (two_castles[0], f"{CASTLE} (1897, Georges Méliès)"),
            (two_castles[1], f"{CASTLE} (1897, Georges Méliès)"),
        ]
        counts = (report.films_added, report.films_merged, report.viewings_added)
        assert counts == (0, 0, 0)
        assert (report.reviews_added, report.watchlist_added, report.list_entries_added) == (
            0,
            0,
            0,
        )
    # The list itself is new; nothing about the castle went in.
    assert [x.name for x in service.journal_snapshot().lists] == ["Méliès"]
    assert all(
        not f.viewings and not f.reviews and not f.watchlist
        for f in service.journal_snapshot().films
    )
    assert dump(journal_path) != before  # the list


def test_directors_tell_same_titled_films_apart(service: JournalService) -> None:
    lee, wiseman = seed(
        service,
        film("Ballerina", 2023, directors=("Lee Chung-hyun",), imdb_id="tt15510846"),
        film("Ballerina", 2023, directors=("Len Wiseman",), imdb_id="tt7181546"),
    )
    report = service.import_batch(
        batch(film("Ballerina", 2023, seen=(date(2024, 1, 1),), directors=("Len Wiseman",)))
    )
    assert report.ambiguous == []
    assert days_of(service, wiseman) == [date(2024, 1, 1)]
    assert days_of(service, lee) == []


def test_the_users_choice_imports_the_film_into_it(
    service: JournalService, two_castles: list[int]
) -> None:
    chosen = two_castles[1]
    report = service.import_batch(batch(ambiguous_castle()), choices={0: chosen})
    assert report.ambiguous == []
    assert (report.films_merged, report.viewings_added, report.reviews_added) == (1, 1, 1)
    assert report.watchlist_added == 1
    record = service.get_film(chosen)
    assert [v.watched_on for v in record.viewings] == [date(2024, 6, 1)]
    assert [r.body for r in record.reviews] == ["Bats!"]
    again = service.import_batch(batch(ambiguous_castle()), choices={0: chosen})
    assert not again.changed_anything


@pytest.mark.parametrize("choice", ["unrelated", "missing", "bad index"])
def test_a_choice_that_is_not_a_candidate_is_refused(
    service: JournalService, two_castles: list[int], journal_path: Path, choice: str
) -> None:
    (other,) = [i for i in seed(service, film("Paterson", 2016)) if i not in two_castles]
    choices = {"unrelated": {0: other}, "missing": {0: 999}, "bad index": {5: two_castles[0]}}
    before = dump(journal_path)
    with pytest.raises(ValidationError):
        service.import_batch(batch(ambiguous_castle()), choices=choices[choice])
    assert dump(journal_path) == before


def test_a_film_matched_by_its_link_cannot_be_chosen_into_another(
    service: JournalService, two_castles: list[int]
) -> None:
    linked = film(CASTLE, 1897, letterboxd_uri="https://boxd.it/2bQA")
    with pytest.raises(ValidationError, match="Letterboxd URI"):
        service.import_batch(batch(linked), choices={0: two_castles[1]})


def test_two_linked_films_never_both_take_one_film_by_title(service: JournalService) -> None:
    """The journal's Rain has no link; the export has two films called Rain, each with
    its own link: either could be the journal's, so neither is guessed."""
    (rain,) = seed(service, film("Rain", 2019))
    films = (
        film("Rain", 2019, seen=(date(2024, 1, 1),), letterboxd_uri="https://boxd.it/rAiN"),
        film("rain", 2019, seen=(date(2024, 2, 2),), letterboxd_uri="https://boxd.it/rain"),
    )
    report = service.import_batch(batch(*films), dry_run=True)
    assert [(a.film, [c.film_id for c in a.candidates]) for a in report.ambiguous] == [
        (0, [rain]),
        (1, [rain]),
    ]
    # Choosing for one settles the other: its link differs, so it is another film.
    report = service.import_batch(batch(*films), choices={1: rain})
    assert (report.ambiguous, report.films_added, report.films_merged) == ([], 1, 1)
    assert days_of(service, rain) == [date(2024, 2, 2)]
    assert service.get_film(rain).fields.letterboxd_uri == "https://boxd.it/rain"


def test_one_linkless_film_and_its_linked_namesake_in_the_batch(service: JournalService) -> None:
    """A row without a link whose title one linked film of the export has is that film."""
    report = service.import_batch(
        batch(
            film(CASTLE, 1897, seen=(date(2024, 1, 1),), letterboxd_uri="https://boxd.it/2bQA"),
            film(CASTLE, 1897, seen=(date(2024, 1, 2),)),
        )
    )
    assert (report.films_added, report.viewings_added, report.ambiguous) == (1, 2, [])


def test_a_linkless_film_between_two_new_linked_films_is_not_guessed(
    service: JournalService,
) -> None:
    films = (
        film(CASTLE, 1897, letterboxd_uri="https://boxd.it/2bQA"),
        film(CASTLE, 1897, letterboxd_uri="https://boxd.it/1Sx2"),
        film(CASTLE, 1897, seen=(date(2024, 1, 2),), line=9),
    )
    report = service.import_batch(batch(*films), dry_run=True)
    (item,) = report.ambiguous
    assert item.film == 2
    assert [c.label for c in item.candidates] == [
        f"{CASTLE} (1897), new from this import",
        f"{CASTLE} (1897), new from this import",
    ]
    report = service.import_batch(batch(*films))
    assert (report.films_added, report.viewings_added, len(report.ambiguous)) == (2, 0, 1)
    # A choice among them (the ids a dry run showed) imports it into that one.
    second = report.ambiguous[0].candidates[1].film_id
    again = service.import_batch(batch(*films), choices={2: second})
    assert (again.ambiguous, again.viewings_added) == ([], 1)
    assert days_of(service, second) == [date(2024, 1, 2)]


def test_a_choice_can_be_a_film_the_same_import_adds(service: JournalService) -> None:
    """The preview (a dry run) names the new films by the ids they will get."""
    films = (
        film(CASTLE, 1897, letterboxd_uri="https://boxd.it/2bQA"),
        film(CASTLE, 1897, letterboxd_uri="https://boxd.it/1Sx2"),
        film(CASTLE, 1897, seen=(date(2024, 1, 2),), line=9),
    )
    (item,) = service.import_batch(batch(*films), dry_run=True).ambiguous
    chosen = item.candidates[0].film_id
    report = service.import_batch(batch(*films), choices={2: chosen})
    assert (report.ambiguous, report.films_added, report.viewings_added) == ([], 2, 1)
    record = service.get_film(chosen)
    assert (record.fields.letterboxd_uri, record.last_watched) == (
        "https://boxd.it/2bQA",
        date(2024, 1, 2),
    )
    with pytest.raises(ValidationError, match="not one of the films it matches"):
        service.import_batch(batch(*films[2:]), choices={0: 4242})


# Title only (Netflix) -------------------------------------------------------------------


def test_a_title_only_film_matches_one_film_whatever_its_year(service: JournalService) -> None:
    (film_id,) = seed(service, film("Paterson", 2016))
    report = service.import_batch(
        batch(film("paterson", seen=(date(2024, 4, 4),), title_only=True))
    )
    assert (report.films_added, report.films_merged) == (0, 1)
    assert days_of(service, film_id) == [date(2024, 4, 4)]
    assert service.get_film(film_id).year == 2016


def test_a_title_only_film_two_films_fit_is_ambiguous(service: JournalService) -> None:
    lee, wiseman = seed(
        service,
        film("Ballerina", 2023, directors=("Lee Chung-hyun",)),
        film("Ballerina", 2025, directors=("Len Wiseman",)),
    )
    netflix = batch(
        film("Ballerina", seen=(date(2024, 1, 1),), title_only=True),
        film("Ballerina", seen=(date(2024, 2, 1),), title_only=True, line=2),
    )
    report = service.import_batch(netflix)
    (item,) = report.ambiguous  # the two rows are one film: listed once
    assert [c.label for c in item.candidates] == [
        "Ballerina (2023, Lee Chung-hyun)",
        "Ballerina (2025, Len Wiseman)",
    ]
    assert report.viewings_added == 0
    # The choice (made for the first row) takes both viewings there.
    report = service.import_batch(netflix, choices={0: wiseman})
    assert report.viewings_added == 2
    assert days_of(service, wiseman) == [date(2024, 1, 1), date(2024, 2, 1)]
    assert days_of(service, lee) == []


def test_an_unknown_title_only_film_is_one_new_film_without_a_year(
    service: JournalService,
) -> None:
    report = service.import_batch(
        batch(
            film("Nimona", seen=(date(2024, 1, 1),), title_only=True),
            film("NIMONA", seen=(date(2024, 1, 5),), title_only=True),
        )
    )
    assert (report.films_added, report.viewings_added) == (1, 2)
    (record,) = service.journal_snapshot().films
    assert (record.title, record.year) == ("Nimona", None)
    again = service.import_batch(batch(film("Nimona", seen=(date(2024, 1, 1),), title_only=True)))
    assert not again.changed_anything


# The report -----------------------------------------------------------------------------


def test_the_report_lists_ambiguous_films_with_their_candidates(
    service: JournalService, two_castles: list[int]
) -> None:
    report = service.import_batch(batch(ambiguous_castle()))
    assert report.to_json()["ambiguous"] == [
        {
            "file": "test.csv",
            "line": 7,
            "what": f"{CASTLE} (1897)",
            "candidates": [
                {"id": two_castles[0], "label": f"{CASTLE} (1897, Georges Méliès)"},
                {"id": two_castles[1], "label": f"{CASTLE} (1897, Georges Méliès)"},
            ],
        }
    ]
    text = "\n".join(report.summary_lines())
    assert "1 film matches several films in the journal and was left out" in text
    assert (
        f"test.csv, line 7: {CASTLE} (1897) could be #{two_castles[0]} {CASTLE} (1897,"
        f" Georges Méliès); #{two_castles[1]} {CASTLE} (1897, Georges Méliès)"
    ) in text
    assert "Nothing new: the journal already had all of it." not in text


def test_the_cli_reports_ambiguous_films_and_imports_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = new_service(tmp_path / "source")
    source.import_batch(
        batch(
            film(CASTLE, 1897, seen=(date(2024, 6, 1),)),
            film("Paterson", 2016, seen=(date(2024, 6, 2),)),
        )
    )
    backup = tmp_path / "backup.json"
    export_bytes(source, "json", backup)
    source.close()
    target = tmp_path / "journal.sqlite"
    service = JournalService.open(target, tmp_path / "backups")
    seed(
        service,
        film(CASTLE, 1897, letterboxd_uri="https://boxd.it/2bQA"),
        film(CASTLE, 1897, letterboxd_uri="https://boxd.it/1Sx2"),
    )
    service.close()
    db = ["--db", str(target)]
    assert main([*db, "import", "json", str(backup)]) == 0
    out = capsys.readouterr().out
    assert "Added 1 films" in out
    assert "1 film matches several films in the journal and was left out" in out
    assert main([*db, "import", "json", str(backup), "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)["ambiguous"]
    assert item["what"] == f"{CASTLE} (1897)"
    assert len(item["candidates"]) == 2


def test_two_films_of_a_batch_that_are_one_journal_film_fill_it_in_once(
    service: JournalService,
) -> None:
    (film_id,) = seed(
        service, film("Paterson", 2016, imdb_id="tt5247022", letterboxd_uri="https://boxd.it/bwDU")
    )
    report = service.import_batch(
        batch(
            film("Paterson", 2016, imdb_id="tt5247022", runtime=118,
                 where_to_watch=(StreamingInfo("MUBI"),)),
            film("Paterson", 2016, letterboxd_uri="https://boxd.it/bwDU", runtime=120,
                 where_to_watch=(StreamingInfo("Netflix"),)),
        )
    )  # fmt: skip
    assert (report.films_merged, report.films_changed) == (2, 1)
    fields = service.get_film(film_id).fields
    assert (fields.runtime, [o.service for o in fields.where_to_watch]) == (118, ["MUBI"])
