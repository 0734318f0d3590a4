"""Films taken off the watchlist (watchlist_events) and the kept statistics."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from watchjournal.journal import FilmFields, JournalService
from watchjournal.journal.stats_types import StatsPeriod


def _film(service: JournalService, title: str, *, watchlist: bool = True) -> int:
    return service.add_film(FilmFields(title=title, year=2020), watchlist=watchlist).id


def test_removed_and_watched_films_count_as_taken_off(service: JournalService) -> None:
    removed = _film(service, "Removed")
    watched = _film(service, "Watched")
    edited = _film(service, "Edited off")
    kept = _film(service, "Kept")
    never = _film(service, "Never listed", watchlist=False)
    service.remove_from_watchlist(removed)
    service.mark_watched(watched, date(2020, 5, 1))
    service.edit_film(edited, FilmFields(title="Edited off", year=2020), watchlist=False)
    service.mark_watched(never, date(2020, 5, 2))  # was not on the watchlist: no event
    this_year = StatsPeriod.year(date.today().year)
    stats = service.stats(this_year)
    assert stats.watchlist_removed.value == 3
    assert stats.watchlist_removed.film_ids == tuple(sorted((removed, watched, edited)))
    assert kept not in stats.watchlist_removed.film_ids
    assert service.stats(StatsPeriod.year(2019)).watchlist_removed.value == 0
    # Added again and taken off again: one film, counted once.
    service.add_to_watchlist(removed)
    service.remove_from_watchlist(removed)
    assert service.stats(this_year).watchlist_removed.value == 3
    assert service.stats(this_year, "title:watched").watchlist_removed.film_ids == (watched,)
    assert any("earlier removals were not recorded" in note for note in stats.notes)


def test_kept_statistics_are_reused_until_the_journal_changes(
    service: JournalService, journal_path: Path
) -> None:
    film = _film(service, "Paterson", watchlist=False)
    service.mark_watched(film, date(2024, 3, 1))
    year = StatsPeriod.year(2024)
    first = service.stats(year)
    assert service.stats(year) is first  # nothing changed: the same record
    assert service.stats(StatsPeriod()) is not first
    service.mark_watched(film, date(2024, 4, 1))
    second = service.stats(year)
    assert (first.viewings.value, second.viewings.value) == (1, 2)
    # Another program writing the journal is seen too (the counter is in the file).
    other = sqlite3.connect(journal_path)
    with other:
        other.execute(
            "UPDATE viewings SET watched_on = '2023-01-01' WHERE watched_on = '2024-04-01'"
        )
    other.close()
    assert service.stats(year).viewings.value == 1
