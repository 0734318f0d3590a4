"""The demo journal loads the shipped sample through the service, posters included."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from watchjournal.demo import create_demo_journal, load_sample
from watchjournal.journal import JournalService
from watchjournal.metadata.cache import PosterCache
from watchjournal.paths import AppPaths
from watchjournal.resource_files import resource_path


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


def test_sample_posters_are_small_two_by_three_pngs() -> None:
    for film in load_sample():
        poster = resource_path("sample", "posters", film["poster"])
        assert poster.stat().st_size < 60 * 1024, poster.name
        with Image.open(poster) as image:
            assert image.format == "PNG"
            assert image.size[0] * 3 == image.size[1] * 2, poster.name


def test_demo_journal_is_never_filled_twice(tmp_path: Path) -> None:
    path = create_demo_journal(tmp_path, None)
    with pytest.raises(FileExistsError):
        create_demo_journal(tmp_path, None)
    service = JournalService.open(path, tmp_path / "backups")
    assert service.count_films() == len(load_sample())
    assert all(f.fields.poster_ref is None for f in service.list_films())
    service.close()
