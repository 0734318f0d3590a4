"""Netflix viewing histories as people published them (tests/fixtures/netflix/README.md):
each imports with the right films, viewings and skipped TV rows, its dates read in
the right order, and a second import changes nothing."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.unit.interchange_helpers import FIXTURES, dump, import_path
from watchjournal.interchange.importing import read_import
from watchjournal.interchange.netflix import NO_TITLE, SHORT_PLAY, WHERE
from watchjournal.interchange.netflix_dates import DateOrder, detect_order, split_date
from watchjournal.interchange.netflix_tv import PROBABLY_TV, TV_EPISODE
from watchjournal.journal import JournalService
from watchjournal.journal.import_types import ImportFormatError, Origin

REAL = FIXTURES / "netflix"
ACTIVITY = REAL / "pl-kwiatek90-netflix-report"


@dataclass(frozen=True)
class Expected:
    films: int
    tv: int  # rows whose title names a season, episode, part... (TV_EPISODE)
    probably_tv: int  # rows taken for TV by their series' name (PROBABLY_TV)
    blank: int  # rows without a title
    order: DateOrder
    # A film and the day it was watched, a day whose order is not obvious (both <= 12).
    sample: tuple[str, date]


EXPECTED = {
    "us-simranvatsa-NetflixViewingHistory.csv": Expected(
        29, 89, 0, 0, DateOrder.MONTH_FIRST, ("ROMA", date(2019, 1, 9))
    ),
    "mx-carlos-zrm-NetflixViewingHistory.csv": Expected(
        30, 70, 0, 0, DateOrder.DAY_FIRST, ("Kung Fu Panda 2", date(2020, 12, 8))
    ),
    "nl-gmathijs-NetflixViewingHistory.csv": Expected(
        20, 66, 32, 0, DateOrder.DAY_FIRST, ("Oei Ik Groei", date(2023, 6, 11))
    ),
    "fr-maximilienleleuae-NetflixViewingHistory.csv": Expected(
        21, 48, 36, 1, DateOrder.MONTH_FIRST, ("Paulette", date(2026, 8, 2))
    ),
    "jp-yoshi-heita-NetflixViewingHistory.csv": Expected(
        28, 49, 3, 0, DateOrder.YEAR_FIRST, ("アルゴ", date(2020, 5, 7))
    ),
    "tr-muratdari-NetflixViewingHistory.csv": Expected(
        18, 61, 0, 1, DateOrder.DAY_FIRST, ("Kar Kardeşliği", date(2024, 1, 6))
    ),
    "br-felipebarone-NetflixViewingHistory.csv": Expected(
        11, 53, 18, 0, DateOrder.DAY_FIRST, ("Horsin' Around", date(2022, 10, 3))
    ),
    "pl-jakubdz2208-NetflixViewingHistory.csv": Expected(
        37, 31, 9, 1, DateOrder.MONTH_FIRST, ("The Accountant", date(2022, 10, 4))
    ),
}


def test_every_fixture_has_its_expected_counts() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in REAL.glob("*.csv"))


def _published_dates(path: Path) -> list[str]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0] == ["Title", "Date"]
    return [row[1] for row in rows[1:]]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_date_order_is_read_from_the_whole_file(name: str) -> None:
    texts = _published_dates(REAL / name)
    dates = [split_date(text, Origin(name, n)) for n, text in enumerate(texts, start=2)]
    problems: list[ImportFormatError] = []
    found = detect_order(dates, problems)
    expected = EXPECTED[name].order
    if expected is DateOrder.YEAR_FIRST:
        assert all(raw.year_first for raw in dates)
    else:
        assert found.order is expected
    assert found.assumed is None and not problems


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_batch_has_one_title_only_film_per_title_seen_on_netflix(name: str) -> None:
    expected = EXPECTED[name]
    batch = read_import("netflix", REAL / name)
    reasons = [skip.reason for skip in batch.skipped]
    assert len(batch.films) == expected.films
    assert reasons.count(TV_EPISODE) == expected.tv
    assert reasons.count(PROBABLY_TV) == expected.probably_tv
    assert reasons.count(NO_TITLE) == expected.blank
    assert len(reasons) == expected.tv + expected.probably_tv + expected.blank
    rows = len(_published_dates(REAL / name))
    # Every row is a viewing or a skip: none of these files has a film on two days.
    assert sum(len(film.viewings) for film in batch.films) + len(reasons) == rows
    for film in batch.films:
        assert film.title_only and film.fields.year is None
        assert all(viewing.where == WHERE for viewing in film.viewings)
    title, day = expected.sample
    [sample] = [film for film in batch.films if film.fields.title == title]
    assert [viewing.watched_on for viewing in sample.viewings] == [day]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_imports_films_without_a_year_and_reimports_as_a_no_op(
    service: JournalService, journal_path: Path, name: str
) -> None:
    expected = EXPECTED[name]
    report = import_path(service, "netflix", REAL / name)
    assert report.films_added == expected.films
    assert report.viewings_added == expected.films
    films = service.journal_snapshot().films
    assert len(films) == expected.films
    assert all(film.year is None for film in films)
    assert {viewing.where for film in films for viewing in film.viewings} == {WHERE}
    before = dump(journal_path)
    again = import_path(service, "netflix", REAL / name)
    assert dump(journal_path) == before
    assert not again.changed_anything
    assert again.films_merged == expected.films
    assert again.viewings_already_there == expected.films


def test_the_series_taken_for_tv_by_their_name_are_named_in_the_report() -> None:
    batch = read_import("netflix", REAL / "nl-gmathijs-NetflixViewingHistory.csv")
    [note] = [note for note in batch.notes if "name no season" in note]
    for series in ("FUBAR", "The Night Agent", "The Defeated", "Lauchhammer - Tod in der Lausitz"):
        assert f"“{series}: …”" in note
    films = {film.fields.title for film in batch.films}
    assert {"Luther: The Fallen Sun", "Glass Onion: A Knives Out Mystery"} <= films
    assert not any(title.startswith(("FUBAR", "The Night Agent")) for title in films)


def test_films_with_a_colon_or_a_part_stay_films() -> None:
    films = {
        film.fields.title for name in EXPECTED for film in read_import("netflix", REAL / name).films
    }
    assert {
        "2001: A Space Odyssey",
        "Black Mirror: Bandersnatch",
        "Las crónicas de Navidad: Parte dos",
        "Un príncipe de Navidad: Bebé real",
        "Les Couleurs du mal : Noir",
        "パージ: アナーキー",
        "Royalteen: Prenses Margrethe",
    } <= films


@pytest.fixture
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This computer's time zone as UTC, so ViewingActivity's days are the same anywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("utc_clock")
def test_the_data_download_skips_trailers_and_previews_and_keeps_real_sittings() -> None:
    batch = read_import("netflix", ACTIVITY)
    days = {film.fields.title: [v.watched_on for v in film.viewings] for film in batch.films}
    assert days == {
        "Za duży na bajki": [date(2023, 2, 25)],
        "Dwa życia": [date(2023, 2, 19)],  # the last five minutes of a film: a sitting
        "Ciemniejsza strona Greya": [date(2023, 2, 19)],
        "Niebezpieczne związki": [date(2023, 1, 30)],
        "Przez moje okno": [date(2023, 1, 15), date(2023, 2, 19)],
    }
    reasons: dict[str, int] = {}
    for skip in batch.skipped:
        reasons[skip.reason] = reasons.get(skip.reason, 0) + 1
    assert reasons == {
        "not a viewing: TRAILER": 25,
        "not a viewing: HOOK": 18,
        "not a viewing: TEASER_TRAILER": 4,
        "not a viewing: RECAP": 1,
        TV_EPISODE: 33,
        SHORT_PLAY: 5,
    }
    shorts = {skip.what for skip in batch.skipped if skip.reason == SHORT_PLAY}
    assert shorts == {
        "Czerwona nota",
        "Kac Vegas",
        "Przez moje okno",
        "365 dni",
        "365 dni: Ten dzień",
    }
    assert any("1 profile(s): Beata (96 rows)" in note for note in batch.notes)


@pytest.mark.usefixtures("utc_clock")
def test_the_data_download_reimports_as_a_no_op(
    service: JournalService, journal_path: Path
) -> None:
    report = import_path(service, "netflix", ACTIVITY)
    assert (report.films_added, report.viewings_added) == (5, 6)
    before = dump(journal_path)
    again = import_path(service, "netflix", ACTIVITY)
    assert dump(journal_path) == before and not again.changed_anything
