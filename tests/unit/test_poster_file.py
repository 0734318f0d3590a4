"""A poster from a local image file (``watchjournal poster FILM --file PATH``), offline.

Real PNG, JPEG and WebP images are copied into the poster cache the way fetched
posters are (named by their content) and the film points at them; anything
else (text renamed .png, a truncated image, GIF, a folder, a missing file, a
tiny icon) is refused with a clear one-line message and changes nothing: no
cache file, the film's poster as it was.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.metadata_helpers import make_image
from watchjournal.cli.main import main
from watchjournal.journal import FilmFields, JournalService
from watchjournal.metadata.cache import PosterCache
from watchjournal.metadata.poster_file import (
    PosterFileError,
    image_kind,
    read_poster_file,
    set_poster_from_file,
)
from watchjournal.paths import AppPaths


def cache_files(cache: PosterCache) -> list[Path]:
    return sorted(p for p in cache.root.rglob("*") if p.is_file()) if cache.root.exists() else []


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WebP"),
        (b"GIF89a\x01\x00\x01\x00", None),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),  # a RIFF that is sound, not WebP
        (b"<svg xmlns='http://www.w3.org/2000/svg'>", None),
        (b"%PDF-1.7", None),
        (b"", None),
    ],
)
def test_image_kind_reads_the_signature(header: bytes, kind: str | None) -> None:
    assert image_kind(header) == kind


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_real_images_are_stored_like_fetched_posters(
    fmt: str, tmp_path: Path, service: JournalService, app_dirs: AppPaths
) -> None:
    data = make_image(fmt=fmt, color="teal")
    image = tmp_path / f"poster.{fmt.lower()}"
    image.write_bytes(data)
    film = service.add_film(FilmFields("Ballerina", year=2023))
    cache = PosterCache(app_dirs.cache_dir)
    updated = set_poster_from_file(service, cache, film.id, image)
    digest = hashlib.sha256(data).hexdigest()
    assert updated.fields.poster_ref == f"sha256:{digest}"
    stored = cache.path(updated.fields.poster_ref)
    assert stored is not None and stored.read_bytes() == data  # the file itself, unchanged
    assert cache.thumbnail_path(updated.fields.poster_ref) is not None  # as fetched ones get
    assert service.get_film(film.id).fields.poster_ref == updated.fields.poster_ref


def _truncated_png() -> bytes:
    return make_image(fmt="PNG")[:200]


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("notes.png", b"these are not pixels\n", "is not a PNG, JPEG or WebP image"),
        ("anim.png", make_image(fmt="GIF"), "is not a PNG, JPEG or WebP image"),
        ("cut.png", _truncated_png(), "starts like a PNG image but cannot be read"),
        ("icon.png", make_image(8, 8, fmt="PNG"), "too small"),
        ("empty.jpg", b"", "is not a PNG, JPEG or WebP image"),
    ],
)
def test_anything_else_is_refused_and_nothing_changes(
    name: str,
    content: bytes,
    says: str,
    tmp_path: Path,
    service: JournalService,
    app_dirs: AppPaths,
) -> None:
    cache = PosterCache(app_dirs.cache_dir)
    kept = cache.store(make_image(color="olive"))
    film = service.add_film(FilmFields("Ballerina", year=2023))
    service.set_poster(film.id, kept)
    before = cache_files(cache)
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(PosterFileError, match=says) as caught:
        set_poster_from_file(service, cache, film.id, bad)
    assert str(bad) in str(caught.value) and "\n" not in str(caught.value)
    assert cache_files(cache) == before
    assert service.get_film(film.id).fields.poster_ref == kept


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(PosterFileError, match="there is no file"):
        read_poster_file(tmp_path / "nowhere.png")
    with pytest.raises(PosterFileError, match="is a folder"):
        read_poster_file(tmp_path)


def test_oversized_file_is_refused_before_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("watchjournal.metadata.poster_file.MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.png"
    big.write_bytes(make_image(600, 900, fmt="PNG", color="red") + b"\0" * 2000)
    with pytest.raises(PosterFileError, match="too large"):
        read_poster_file(big)


def test_cli_sets_a_poster_from_a_file_offline(
    tmp_path: Path, app_dirs: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # Fetching is off (the default): --file needs no network and never asks for it.
    db = ["--db", str(tmp_path / "journal.sqlite")]
    assert main([*db, "add", "Ballerina", "--year", "2023", "--director", "Lee Chung-hyun"]) == 0
    assert main([*db, "add", "Ballerina", "--year", "2025", "--director", "Len Wiseman"]) == 0
    image = tmp_path / "ballerina.jpg"
    image.write_bytes(make_image(fmt="JPEG", color="maroon"))
    capsys.readouterr()
    assert main([*db, "poster", "Ballerina (2025)", "--file", str(image), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["poster"] == "sha256:" + hashlib.sha256(image.read_bytes()).hexdigest()
    assert Path(shown["file"]).read_bytes() == image.read_bytes()
    assert main([*db, "show", "Ballerina (2025)", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["poster"] == shown["poster"]
    assert main([*db, "show", "Ballerina (2023)", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["poster"] is None


def test_cli_refuses_a_non_image_with_one_line_and_exit_1(
    tmp_path: Path, app_dirs: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(tmp_path / "journal.sqlite")]
    assert main([*db, "add", "Ballerina", "--year", "2023"]) == 0
    fake = tmp_path / "poster.jpg"
    fake.write_text("<html>not found</html>", encoding="utf-8")
    capsys.readouterr()
    assert main([*db, "poster", "Ballerina", "--file", str(fake)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"watchjournal: {fake} is not a PNG, JPEG or WebP image\n"
    assert not (app_dirs.cache_dir / "posters").exists()
    assert main([*db, "show", "Ballerina", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["poster"] is None


def test_cli_file_and_provider_cannot_be_combined(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(tmp_path / "journal.sqlite")]
    with pytest.raises(SystemExit) as usage:
        main([*db, "poster", "Ballerina", "--file", "x.png", "--provider", "tmdb"])
    assert usage.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
