"""A list out of the journal: as a Letterboxd list file (read back by the Letterboxd
import), and ``ranked`` kept by the JSON backup."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.unit.interchange_helpers import export_bytes, import_path, new_service
from watchjournal.cli.main import main
from watchjournal.interchange.exporting import plan_list_export, write_export
from watchjournal.interchange.targets import (
    ExportExistsError,
    ProtectedFiles,
    ProtectedTargetError,
)
from watchjournal.journal import FilmFields, JournalService


@pytest.fixture
def ranked_list(service: JournalService) -> int:
    kate = service.add_film(FilmFields("Kate", year=2021))
    bill = service.add_film(
        FilmFields(
            "Kill Bill: Vol. 1",
            year=2003,
            letterboxd_uri="https://letterboxd.com/film/kill-bill-vol-1/",
        )
    )
    wick = service.add_film(FilmFields("John Wick"))
    made = service.create_list('One-woman armies, "mostly"', "Revenge,\nin two lines", ranked=True)
    service.add_to_list(made.id, bill.id, note="the yellow suit")
    service.add_to_list(made.id, kate.id)
    service.add_to_list(made.id, wick.id, note="a man, but still")
    return made.id


def write_list(service: JournalService, list_id: int, target: Path) -> bytes:
    plan = plan_list_export(service.films_of_list(list_id), target, ProtectedFiles.of(service))
    write_export(plan)
    return target.read_bytes()


def test_a_list_is_written_as_a_letterboxd_list_file(
    service: JournalService, ranked_list: int, tmp_path: Path
) -> None:
    day = service.get_list(ranked_list).created_at.date().isoformat()
    text = write_list(service, ranked_list, tmp_path / "armies.csv").decode("utf-8")
    assert text == (
        "Letterboxd list export v7\n"
        "Date,Name,Tags,URL,Description\n"
        f'{day},"One-woman armies, ""mostly""",,,"Revenge,\nin two lines"\n'
        "\n"
        "Position,Name,Year,URL,Description\n"
        "1,Kill Bill: Vol. 1,2003,https://letterboxd.com/film/kill-bill-vol-1/,the yellow suit\n"
        "2,Kate,2021,,\n"
        '3,John Wick,,,"a man, but still"\n'
    )


def test_the_letterboxd_import_reads_the_list_back(
    service: JournalService, ranked_list: int, tmp_path: Path
) -> None:
    target = tmp_path / "armies.csv"
    write_list(service, ranked_list, target)
    other = new_service(tmp_path / "other")
    try:
        import_path(other, "letterboxd", target)
        (copy,) = other.lists()
        original = service.films_of_list(ranked_list)
        assert (copy.name, copy.description) == (original.list.name, original.list.description)
        back = other.films_of_list(copy.id)
        assert [(f.title, f.year) for f in back.films] == [
            (f.title, f.year) for f in original.films
        ]
        assert [e.note for e in back.list.entries] == [e.note for e in original.list.entries]
    finally:
        other.close()


def test_a_list_export_refuses_to_replace_a_file_or_write_onto_the_journal(
    service: JournalService, ranked_list: int, tmp_path: Path
) -> None:
    target = tmp_path / "armies.csv"
    target.write_text("mine")
    with pytest.raises(ExportExistsError):
        write_list(service, ranked_list, target)
    assert target.read_text() == "mine"
    assert service.path is not None
    with pytest.raises(ProtectedTargetError):
        write_list(service, ranked_list, service.path)


def test_export_letterboxd_list_on_the_command_line(
    service: JournalService,
    ranked_list: int,
    journal_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "cli.csv"
    args = ["--db", str(journal_path), "export", "letterboxd-list"]
    assert main([*args, 'one-woman armies, "MOSTLY"', str(target), "--json"]) == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert (result["format"], result["films"]) == ("letterboxd-list", 3)
    assert target.read_bytes() == write_list(service, ranked_list, tmp_path / "api.csv")
    assert main([*args, str(tmp_path / "no-list.csv")]) == 1
    assert "LIST goes with letterboxd-list" in capsys.readouterr().err
    assert main(["--db", str(journal_path), "export", "json", "Top", str(tmp_path / "x")]) == 1
    assert not (tmp_path / "x").exists()


def test_ranked_survives_the_json_backup(
    service: JournalService, ranked_list: int, tmp_path: Path
) -> None:
    service.create_list("Plain")
    data = json.loads(export_bytes(service, "json", tmp_path / "backup.json"))
    assert {x["name"]: x["ranked"] for x in data["lists"]} == {
        'One-woman armies, "mostly"': True,
        "Plain": False,
    }
    other = new_service(tmp_path / "other")
    try:
        import_path(other, "json", tmp_path / "backup.json")
        assert {x.name: x.ranked for x in other.lists()} == {
            'One-woman armies, "mostly"': True,
            "Plain": False,
        }
        # And the copy exports to the same bytes.
        assert export_bytes(other, "json", tmp_path / "again.json") == export_bytes(
            service, "json", tmp_path / "first.json"
        )
    finally:
        other.close()


def test_a_json_backup_from_before_ranked_lists_still_imports(
    service: JournalService, ranked_list: int, tmp_path: Path
) -> None:
    data = json.loads(export_bytes(service, "json", tmp_path / "backup.json"))
    for item in data["lists"]:
        del item["ranked"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    other = new_service(tmp_path / "other")
    try:
        import_path(other, "json", old)
        assert [(x.name, x.ranked, len(x.entries)) for x in other.lists()] == [
            ('One-woman armies, "mostly"', False, 3)
        ]
    finally:
        other.close()
