"""Fuzzing the Netflix reader with files shaped like Netflix's: real and broken titles
and dates of every locale, rows too short or too long, blank lines, odd encodings and
line ends, and ViewingActivity rows with odd times and durations.

Whatever comes in, reading either works or stops with a JournalError (one message);
a batch it reads imports, or is refused, without changing the journal on refusal,
and a dry run never changes it.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.unit.journal_sandbox import Sandbox, dump, integrity
from watchjournal.interchange.importing import read_import
from watchjournal.journal import JournalError

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

plausible_titles = st.one_of(
    st.sampled_from(
        (
            "Paterson",
            "PATERSON",
            "Ballerina",
            "Stranger Things: Season 1: Chapter One",
            "FUBAR: Urine Luck",
            "FUBAR: Honeyplot",
            "FUBAR: Stole Train",
            "Kill Bill: Vol. 1",
            "Star Wars: Episode IV",
            "Les Couleurs du mal : Noir",
            "キングダム: 第2シリーズ: 新たなる伝説",
            " ",
            "",
        )
    ),
)
past = st.dates(min_value=date(2007, 1, 1), max_value=date(2025, 12, 31))
plausible_days = st.one_of(
    past.map(lambda d: f"{d.month}/{d.day}/{d.year % 100:02}"),
    past.map(lambda d: f"{d.day:02}/{d.month:02}/{d.year}"),
    past.map(lambda d: f"{d.day:02}.{d.month:02}.{d.year % 100:02}"),
    past.map(lambda d: f"{d.year}/{d.month:02}/{d.day:02}"),
)
odd_days = st.one_of(
    st.dates().map(lambda d: f"{d.month}/{d.day}/{d.year}"),
    st.sampled_from(("13/13/13", "0/0/00", "2/30/23", "31/31/2031", "1/2/123", "", "9999-99-99")),
    st.text(max_size=12),
)
plausible_times = past.map(lambda d: f"{d:%Y-%m-%d} 21:14:05")
odd_times = st.one_of(
    st.datetimes().map(lambda t: t.strftime("%Y-%m-%d %H:%M:%S")),
    st.sampled_from(("2024-02-30 10:00:00", "", "yesterday", "2024-03-01T10:00:00+05:00")),
)
plausible_durations = st.sampled_from(("01:40:00", "00:00:05", "00:02:00", "00:01:59"))
odd_durations = st.one_of(
    st.sampled_from(("", "1:2", "99999999:00:00", "x", "-1:00:00")), st.text(max_size=8)
)


def mostly(fitting: st.SearchStrategy[str], odd: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Mostly plausible values, so that many files get as far as the import."""
    return st.integers(0, 14).flatmap(lambda n: odd if n == 0 else fitting)


titles = mostly(plausible_titles, st.text(max_size=30))
days = mostly(plausible_days, odd_days)
times = mostly(plausible_times, odd_times)
durations = mostly(plausible_durations, odd_durations)
kinds = st.sampled_from(("", "", "", "TRAILER", "HOOK", "RECAP", "?"))


@st.composite
def history(draw: st.DrawFn) -> list[list[str]]:
    rows = [["Title", "Date"]]
    for _ in range(draw(st.integers(0, 8))):
        row = [draw(titles), draw(days)]
        change = draw(st.sampled_from((*([0] * 18), 1, -1)))
        rows.append([*row, "extra"] if change > 0 else row[:change] if change else row)
    return rows


@st.composite
def activity(draw: st.DrawFn) -> list[list[str]]:
    rows = [
        [
            *("Profile Name", "Start Time", "Duration", "Attributes", "Title"),
            *("Supplemental Video Type", "Device Type", "Bookmark", "Latest Bookmark", "Country"),
        ]
    ]
    for _ in range(draw(st.integers(0, 8))):
        rows.append(
            [
                draw(st.sampled_from(("Ana", "Rui", ""))),
                draw(times),
                draw(durations),
                "",
                draw(titles),
                draw(kinds),
                "TV",
                "",
                "",
                "PT",
            ]
        )
    return rows


@st.composite
def encoded(draw: st.DrawFn, rows: list[list[str]]) -> bytes:
    ending = draw(st.sampled_from(("\n", "\r\n", "\r")))
    out = io.StringIO()
    csv.writer(out, lineterminator=ending, quoting=draw(st.sampled_from((0, 1)))).writerows(rows)
    text = out.getvalue()
    if draw(st.booleans()):
        text = "\ufeff" + text
    encoding = draw(st.sampled_from(("utf-8", "utf-8", "utf-16", "cp1252")))
    return text.encode(encoding, errors="replace")


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    return Sandbox(tmp_path_factory.mktemp("fuzz-netflix"))


def _import_is_safe(sandbox: Sandbox, name: str, data: bytes) -> None:
    with sandbox.journal() as (service, folder):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        journal = service.path or Path()
        before = dump(journal)
        try:
            batch = read_import("netflix", path)
        except JournalError as error:
            assert str(error).strip()
            event("refused when read")
            return
        assert batch.films, "a batch without films is refused, never imported as nothing new"
        dry = service.import_batch(batch, dry_run=True)
        assert dump(journal) == before
        report = service.import_batch(batch)
        assert report.films_added + report.films_merged == dry.films_added + dry.films_merged
        assert integrity(journal) == "ok"
        event("imported")


@FUZZ
@given(data=st.data())
def test_histories_shaped_like_netflixs(sandbox: Sandbox, data: st.DataObject) -> None:
    blob = data.draw(encoded(data.draw(history())))
    _import_is_safe(sandbox, "NetflixViewingHistory.csv", blob)


@FUZZ
@given(data=st.data())
def test_viewing_activity_shaped_like_netflixs(sandbox: Sandbox, data: st.DataObject) -> None:
    blob = data.draw(encoded(data.draw(activity())))
    _import_is_safe(sandbox, "CONTENT_INTERACTION/ViewingActivity.csv", blob)
