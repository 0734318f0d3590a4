"""The demo journal loads the shipped sample through the service, posters included."""

from __future__ import annotations

from pathlib import Path

from watchjournal.demo import create_demo_journal, load_sample
from watchjournal.journal import JournalService
from watchjournal.metadata.cache import PosterCache
from watchjournal.paths import AppPaths


def test_demo_journal_matches_the_sample(tmp_path: Path, app_dirs: AppPaths) -> None:
    cache = PosterCache(app_dirs.cache_dir)
    path = create_demo_journal(tmp_path, cache)
    sample = load_sample()
    service = JournalService.open(path, tmp_path / "backups")
    films = service.list_films()
    assert len(films) == len(sample) == 12
    assert sum(len(f.reviews) for f in films) == sum(len(f.get("reviews", [])) for f in sample)
    assert sum(len(f.viewings) for f in films) == sum(len(f.get("viewings", [])) for f in sample)
    ballerinas = sorted((f.year, f.fields.directors) for f in films if f.title == "Ballerina")
    assert ballerinas == [(2023, ("Lee Chung-hyun",)), (2025, ("Len Wiseman",))]
    for film in films:
        assert film.fields.poster_ref is not None
        poster = cache.path(film.fields.poster_ref)
        assert poster is not None and poster.stat().st_size > 10_000
    drafts = [r for f in films for r in f.reviews if r.draft]
    assert len(drafts) == 1
    paterson = service.resolve_film("Paterson")
    assert [v.rewatch for v in paterson.viewings] == [False, True]
    assert [f.title for f in service.watchlist()] == [
        f["title"] for f in sample if f.get("watchlist") is not None
    ]
    assert [h.film.title for h in service.search("flamethrower")] == ["Ballerina"]
    service.close()
