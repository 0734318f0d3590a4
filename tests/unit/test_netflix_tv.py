"""Telling Netflix's TV episodes from its films, by the title alone and by the history."""

from __future__ import annotations

import pytest

from watchjournal.interchange.netflix_tv import (
    PROBABLY_TV,
    SERIES_MIN_TITLES,
    TV_EPISODE,
    inferred_note,
    marker_at,
    sort_titles,
    title_parts,
)
from watchjournal.journal.validate import fold_key

EPISODES = [
    "Stranger Things: Season 1: Chapter One",
    "Sherlock: Series 2: A Scandal in Belgravia",
    "Dark: Staffel 1: Geheimnisse",
    "Lupin: Partie 2: Chapitre 6",
    "The Handmaid's Tale : La Servante écarlate: Saison 3: Épisode 5",
    "Élite: Temporada 1: Bienvenidos",
    "Suburræterna: Stagione 1: Gabbie",
    "Superstore: Uma Loja de Inconveniências: Temporada 2: Greve",
    "Signs: Seizoen 1: Aflevering 1",
    "The Crown: 6. Sezon: Sonuçlar",
    "Money Heist: Part 3: Episode 1",
    "La casa de papel: Parte 3: Episodio 1",
    "Haus des Geldes: Teil 3: Folge 1",
    "La casa de papel: 1. Kısım: 3. Bölüm",
    "Unorthodox: Limited Series: Part 4",
    "Gambito de dama: Miniserie: Aperturas",
    "Sur tes traces: Mini-série: Épisode 8",
    "Inventando Anna: Minissérie: Diabólica",
    "Beni Kandıramazsın: Mini Dizi: 1. Bölüm",
    "GIGN: Épisode 6",
    "High Water: Episode 6",
    "ONE PIECE: Alabasta: Episódio 115",
    "Dahmer: Um Canibal Americano: Monstro: A História de Jeffrey Dahmer: Episódio um",
    "Rough Diamonds: Aflevering 8",
    "Love, Death & Robots: Volume 3: Bad Travelling",
    "Patriot Act with Hasan Minhaj: Volume 1: Oil",
    "Stranger Things: Chapter Two: The Weirdo on Maple Street",
    "Stranger Things: Stranger Things 2: Chapter Nine: The Gate",
    "Avatar: The Last Airbender: Book 1: The Boy in the Iceberg",
    "KENGAN ASHURA: Part ll: Father",
    "Fuller House: Temporada 5: Algo emprestado (Episódio 17)",
    "Chilling Adventures of Sabrina: Część 1: Rozdział 5: Sny w domu wiedźmy (Odcinek 5)",
    "ザ・コード: シーズン1: エピソード3",
    "キングダム: 第2シリーズ: 新たなる伝説",
    "テラスハウス: Tokyo 2019-2020: パート4: Never Forgive Luigi",
    "ナイトアース: リミテッドシリーズ: ねむらない街",
    "SHOW: SEASON: VideoEpisode",
    "Ferry (Dizi): Dizi: Sadece Üyeler",
]

FILMS = [
    "Mission: Impossible",
    "Mission: Impossible – Fallout",
    "Star Wars: Episode IV",
    "Star Wars: Episode IV: A New Hope",
    "Kill Bill: Vol. 1",
    "Dune: Part Two",
    "Harry Potter and the Deathly Hallows: Part 2",
    "The Twilight Saga: Breaking Dawn: Part 1",
    "John Wick: Chapter 2",
    "Las crónicas de Navidad: Parte dos",
    "Luther: The Fallen Sun",
    "Glass Onion: A Knives Out Mystery",
    "2001: A Space Odyssey",
    "Les Couleurs du mal : Noir",  # French spacing: one part
    "Re:Zero",  # no space after the colon: one part
    "Season of the Witch",
    "Seasonal: Recipes",
    "The Episode: Folge mir",  # "Folge" counts only with a number
    "Vietnam: Mùa hè năm ấy",  # "Mùa" counts only with a number
    "Episodes",
]


@pytest.mark.parametrize("title", EPISODES)
def test_a_title_naming_its_season_episode_part_or_limited_series_is_tv(title: str) -> None:
    assert marker_at(title_parts(title)) is not None
    assert sort_titles([title]).reasons == {fold_key(title): TV_EPISODE}


@pytest.mark.parametrize("title", FILMS)
def test_a_film_with_a_colon_a_part_or_an_episode_in_roman_numerals_stays_a_film(
    title: str,
) -> None:
    assert marker_at(title_parts(title)) is None
    assert sort_titles([title]).reasons == {}


def test_title_parts_split_only_where_netflix_joins_them() -> None:
    assert title_parts("The Handmaid's Tale : La Servante écarlate: Saison 3: Épisode 5") == [
        "The Handmaid's Tale : La Servante écarlate",
        "Saison 3",
        "Épisode 5",
    ]
    assert title_parts("Re:Zero") == ["Re:Zero"]


def test_titles_of_a_series_other_rows_mark_are_probably_tv() -> None:
    titles = [
        "Narcos: Mexico: Season 2: Free Trade",
        "Narcos: Mexico: The Big Dig",  # no marker, but the series is known
        "Jurassic World: Camp Cretaceous: Season 1: Welcome",
        "Jurassic World: Fallen Kingdom",  # another series of the same franchise: a film
    ]
    found = sort_titles(titles)
    assert found.reasons == {
        fold_key(titles[0]): TV_EPISODE,
        fold_key(titles[1]): PROBABLY_TV,
        fold_key(titles[2]): TV_EPISODE,
    }
    assert found.inferred == {"Narcos: Mexico": 1}


def test_enough_different_titles_under_one_name_are_a_series() -> None:
    many = [f"FUBAR: Episode title {n}" for n in "ABC"]
    few = ["Kill Bill: Vol. 1", "Kill Bill: Vol. 2"]
    assert len(many) == SERIES_MIN_TITLES > len(few)
    found = sort_titles([*many, *few, "fubar: episode title a"])  # case does not count
    assert found.reasons == {fold_key(title): PROBABLY_TV for title in many}
    assert found.inferred == {"FUBAR": 3}


def test_the_same_title_twice_is_one_title() -> None:
    assert sort_titles(["Extraction: Two", "Extraction: Two", "Extraction: Three"]).reasons == {}


def test_the_note_names_every_series_taken_for_tv_and_how_many_titles() -> None:
    inferred = {f"Series {n:02}": n for n in range(1, 15)}
    note = inferred_note(inferred)
    assert note is not None
    assert f"{sum(inferred.values())} titles" in note
    assert "“Series 01: …” (1)" in note and "“Series 12: …” (12)" in note
    assert "Series 13" not in note and "and 2 more" in note
    assert inferred_note({}) is None
