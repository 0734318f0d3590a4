"""Exports: Letterboxd and IMDb CSV columns, Markdown file and folder, atomic writes,
and the lists service the importers fill."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.unit.interchange_helpers import LETTERBOXD_EXPORT, import_path
from watchjournal import atomic_file
from watchjournal.interchange.csv_export import IMDB_COLUMNS, LETTERBOXD_COLUMNS, whole_points
from watchjournal.interchange.exporting import export_journal
from watchjournal.interchange.files import ExportWriteError, safe_file_name
from watchjournal.interchange.markdown import escape
from watchjournal.interchange.targets import ProtectedFiles
from watchjournal.journal import FilmFields, JournalService, NotFoundError, ValidationError


@pytest.fixture
def imported(service: JournalService) -> JournalService:
    import_path(service, "letterboxd", LETTERBOXD_EXPORT)
    return service


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_letterboxd_csv_has_one_row_per_viewing_or_review(
    imported: JournalService, tmp_path: Path
) -> None:
    result = export_journal(
        imported.journal_snapshot(),
        "letterboxd",
        tmp_path / "lb.csv",
        protected=ProtectedFiles.of(imported),
    )
    assert result.films_left_out == 2  # the two watchlist-only films
    header = (tmp_path / "lb.csv").read_text().splitlines()[0]
    assert header == ",".join(LETTERBOXD_COLUMNS)
    paterson = [r for r in rows(tmp_path / "lb.csv") if r["Title"] == "Paterson"]
    assert [(r["WatchedDate"], r["Rewatch"], r["Rating"], r["Rating10"]) for r in paterson] == [
        ("2023-05-01", "false", "4.5", "9"),
        ("2024-03-15", "true", "4.5", "9"),
    ]
    assert paterson[0]["Review"] == 'A bus driver, a poet.\n\nIt is "quietly" perfect.'
    assert paterson[0]["Tags"] == "jarmusch, poetry"


def test_imdb_csv_has_rated_films_with_ids(service: JournalService, tmp_path: Path) -> None:
    import_path(service, "imdb", LETTERBOXD_EXPORT.parent.parent / "imdb" / "ratings.csv")
    service.add_film(FilmFields(title="No id"))
    result = export_journal(
        service.journal_snapshot(),
        "imdb",
        tmp_path / "imdb.csv",
        protected=ProtectedFiles.of(service),
    )
    assert result.films_left_out == 1
    assert (tmp_path / "imdb.csv").read_text().splitlines()[0] == ",".join(IMDB_COLUMNS)
    assert [
        (r["Const"], r["Your Rating"], r["Title Type"]) for r in rows(tmp_path / "imdb.csv")
    ] == [
        ("tt15510846", "6", "Movie"),
        ("tt0190332", "9", "Movie"),
        ("tt5247022", "8", "Movie"),
    ]


@pytest.mark.parametrize(
    ("tenths", "points"), [(5, 1), (64, 6), (65, 6), (66, 7), (70, 7), (95, 9), (100, 10)]
)  # a tie goes down, as the stars in the app (journal.half_stars)
def test_ratings_round_to_whole_points(tenths: int, points: int) -> None:
    assert whole_points(tenths) == points


def test_markdown_one_file(imported: JournalService, tmp_path: Path) -> None:
    export_journal(
        imported.journal_snapshot(),
        "markdown",
        tmp_path / "journal.md",
        protected=ProtectedFiles.of(imported),
    )
    text = (tmp_path / "journal.md").read_text(encoding="utf-8")
    assert text.startswith("# WatchJournal\n")
    assert "## Paterson (2016)" in text and "### Review: 9/10" in text
    assert "Tags: poetry, jarmusch" in text  # the file's order
    assert "## List: Quiet films, loud hearts" in text
    assert text.index("## Ballerina (2023)") < text.index("## Ballerina (2025)")


def test_markdown_folder_has_a_safe_file_per_film(service: JournalService, tmp_path: Path) -> None:
    for title in ("AC/DC: Live", "con", "Ballerina", "ballerina", "..", "*batteries* not included"):
        service.add_film(FilmFields(title=title, year=2023), allow_duplicate=True)
    service.add_film(
        FilmFields(title="con"), allow_duplicate=True
    )  # a reserved device name on Windows
    result = export_journal(
        service.journal_snapshot(),
        "markdown",
        tmp_path / "out",
        protected=ProtectedFiles.of(service),
    )
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(names) == 8 and "index.md" in names
    assert len({n.casefold() for n in names}) == 8
    assert all("/" not in n and not n.startswith(".") and ":" not in n for n in names)
    assert "_con.md" in names and "con (2023).md" in names
    assert len(result.files) == 8
    text = (tmp_path / "out" / "_batteries_ not included (2023).md").read_text()
    assert text.startswith("# \\*batteries\\* not included (2023)")


def test_safe_file_names() -> None:
    used: set[str] = set()
    assert safe_file_name("a/b\\c", used) == "a_b_c.md"
    assert safe_file_name("A/B\\C", used) == "A_B_C 2.md"
    assert safe_file_name("   ", used) == "untitled.md"
    assert len(safe_file_name("x" * 300, used)) <= 103
    assert escape("[x](y) # *z*") == "\\[x\\](y) \\# \\*z\\*"


def test_a_failed_write_leaves_the_old_file_and_no_temp(
    service: JournalService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "backup.json"
    target.write_text("old")

    def broken_fsync(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_file.os, "fsync", broken_fsync)
    with pytest.raises(ExportWriteError, match="No space left on device"):
        export_journal(
            service.journal_snapshot(),
            "json",
            target,
            protected=ProtectedFiles.of(service),
            overwrite=True,
        )
    assert target.read_text() == "old"
    assert [p.name for p in target.parent.iterdir()] == ["backup.json"]


def test_list_operations(service: JournalService) -> None:
    a = service.add_film(FilmFields(title="A"))
    b = service.add_film(FilmFields(title="B"))
    films = service.create_list("  Favourites ", description="best")
    assert films.name == "Favourites"
    service.add_to_list(films.id, a.id)
    service.add_to_list(films.id, b.id, note="second")
    assert service.move_in_list(films.id, b.id, 0).film_ids == (b.id, a.id)
    with pytest.raises(ValidationError):
        service.add_to_list(films.id, a.id)
    assert service.remove_from_list(films.id, a.id).film_ids == (b.id,)
    assert service.rename_list(films.id, "Best").name == "Best"
    service.delete_film(b.id)
    assert service.get_list(films.id).entries == ()
    service.delete_list(films.id)
    with pytest.raises(NotFoundError):
        service.get_list(films.id)
    with pytest.raises(ValidationError):
        service.create_list("  ")
