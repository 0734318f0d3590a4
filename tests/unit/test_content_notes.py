"""Content notes: how they are cleaned, set from the CLI (``add``/``edit``) and shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.journal_helpers import dump
from watchjournal.cli.main import main
from watchjournal.journal import FilmFields, JournalService, ValidationError
from watchjournal.journal.films import (
    MAX_CONTENT_NOTE_LENGTH,
    MAX_CONTENT_NOTES,
    clean_content_notes,
)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ((), ()),
        (("  sexual violence  ",), ("sexual violence",)),
        (("animal harm", "", "   ", "drug use"), ("animal harm", "drug use")),
        (("Nudité", "nudite", "NUDITÉ", "Nudite"), ("Nudité",)),  # case and accents
        (("gore", "animal harm", "Gore"), ("gore", "animal harm")),  # the order is kept
        (("Sex and Skin: sexual violence is a consistent topic here",),) * 2,
    ],
)
def test_notes_are_trimmed_deduplicated_and_kept_in_order(
    given: tuple[str, ...], kept: tuple[str, ...]
) -> None:
    assert clean_content_notes(given) == kept


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        (("two\nlines",), "control characters"),
        (("tab\there",),  "control characters"),
        (("bidi \u202e override",), "bidi control character"),
        (("x" * (MAX_CONTENT_NOTE_LENGTH + 1),), f"longer than {MAX_CONTENT_NOTE_LENGTH}"),
        (tuple(f"note {n}" for n in range(MAX_CONTENT_NOTES + 1)), f"at most {MAX_CONTENT_NOTES}"),
    ],
)  # fmt: skip
def test_bad_notes_are_refused(given: tuple[str, ...], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        clean_content_notes(given)


def test_the_limits_themselves_are_allowed() -> None:
    longest = "é" * MAX_CONTENT_NOTE_LENGTH
    assert clean_content_notes((longest,)) == (longest,)
    many = tuple(f"note {n}" for n in range(MAX_CONTENT_NOTES))
    assert clean_content_notes(many) == many
    # Repeats do not count towards the limit: they are dropped first.
    assert clean_content_notes((*many, "NOTE 0")) == many


def test_the_service_cleans_notes_on_add_and_edit(service: JournalService) -> None:
    film = service.add_film(FilmFields("Kate", content_notes=(" gore ", "Gore", "animal harm")))
    assert film.fields.content_notes == ("gore", "animal harm")
    assert service.get_film(film.id).fields.content_notes == ("gore", "animal harm")
    edited = service.edit_film(film.id, FilmFields("Kate", content_notes=("nudity",)))
    assert edited.fields.content_notes == ("nudity",)
    with pytest.raises(ValidationError):
        service.edit_film(film.id, FilmFields("Kate", content_notes=("a\nb",)))
    assert service.get_film(film.id).fields.content_notes == ("nudity",)


# --- the command line ---------------------------------------------------------------


def run(journal_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["--db", str(journal_path), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def notes_of(journal_path: Path, capsys: pytest.CaptureFixture[str], film: str) -> list[str]:
    status, out, err = run(journal_path, capsys, "show", film, "--json")
    assert status == 0, err
    notes: list[str] = json.loads(out)["content_notes"]
    return notes


def test_add_takes_repeated_content_notes(
    journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        journal_path, capsys, "add", "Kate", "--year", "2021",
        "--content-note", "graphic violence", "--content-note", " Nudité ",
        "--content-note", "GRAPHIC VIOLENCE", "--json",
    )  # fmt: skip
    assert status == 0, err
    assert json.loads(out)["content_notes"] == ["graphic violence", "Nudité"]
    assert notes_of(journal_path, capsys, "Kate") == ["graphic violence", "Nudité"]


def test_add_without_content_notes_has_none(
    journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(journal_path, capsys, "add", "Paterson")[0] == 0
    assert notes_of(journal_path, capsys, "Paterson") == []


def test_edit_adds_clears_and_replaces_content_notes(
    journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(journal_path, capsys, "add", "Kate", "--content-note", "gore")
    run(
        journal_path,
        capsys,
        "edit",
        "Kate",
        "--content-note",
        "animal harm",
        "--content-note",
        "Gore",
    )
    assert notes_of(journal_path, capsys, "Kate") == ["gore", "animal harm"]
    run(journal_path, capsys, "edit", "Kate", "--runtime", "106")  # other edits keep them
    assert notes_of(journal_path, capsys, "Kate") == ["gore", "animal harm"]
    run(journal_path, capsys, "edit", "Kate", "--clear-content-notes", "--content-note", "drug use")
    assert notes_of(journal_path, capsys, "Kate") == ["drug use"]
    status, _, err = run(journal_path, capsys, "edit", "Kate", "--clear-content-notes")
    assert status == 0, err
    assert notes_of(journal_path, capsys, "Kate") == []


def test_a_bad_content_note_exits_1_and_changes_nothing(
    journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(journal_path, capsys, "add", "Kate", "--content-note", "gore")
    before = dump(journal_path)
    status, _, err = run(journal_path, capsys, "edit", "Kate", "--content-note", "x" * 500)
    assert status == 1
    assert f"longer than {MAX_CONTENT_NOTE_LENGTH} characters" in err
    status, _, err = run(journal_path, capsys, "add", "Other", "--content-note", "a\x1bb")
    assert status == 1
    assert "control characters" in err
    assert dump(journal_path) == before


def test_clear_content_notes_is_only_for_edit(
    journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        run(journal_path, capsys, "add", "Kate", "--clear-content-notes")
    assert exited.value.code == 2


def test_show_text_lists_the_content_notes(
    journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(journal_path, capsys, "add", "Kate", "--content-note", "gore", "--content-note", "drug use")
    assert "  Content notes: gore; drug use\n" in run(journal_path, capsys, "show", "Kate")[1]
    run(journal_path, capsys, "add", "Paterson")
    assert "Content notes" not in run(journal_path, capsys, "show", "Paterson")[1]


def test_the_markdown_export_keeps_content_notes(
    journal_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(journal_path, capsys, "add", "Kate", "--content-note", "gore", "--content-note", "drug use")
    target = tmp_path / "journal.md"
    status, _, err = run(journal_path, capsys, "export", "markdown", str(target))
    assert status == 0, err
    assert "**Content notes:** gore; drug use" in target.read_text(encoding="utf-8")
