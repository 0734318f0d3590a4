"""What the other tests leave out of "no import or export reaches outside its place":
links inside an export folder are not followed, and exports write only at their target,
whatever the film titles say. (Zip members: test_interchange_bad_input.py and the fuzz
tests; secrets: test_config.py, test_metadata_http.py, tests/e2e/test_cli_metadata.py.)"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.journal_sandbox import Sandbox, tree
from watchjournal.interchange.exporting import EXPORT_FORMATS, ExportFormat, export_journal
from watchjournal.interchange.importing import read_import
from watchjournal.interchange.targets import ProtectedFiles
from watchjournal.journal import FilmFields, JournalService

DIARY = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"


def test_links_in_an_export_folder_are_not_followed(
    service: JournalService, tmp_path: Path
) -> None:
    """A folder export is read as it is: a link to a file or folder elsewhere (the
    user's home, /etc) is never read into the journal."""
    outside = tmp_path / "outside"
    (outside / "lists").mkdir(parents=True)
    row = "2024-01-01,Outside,2001,u,4,,,2024-01-01\n"
    (outside / "diary.csv").write_text(DIARY + row)
    (outside / "lists" / "secret.csv").write_text("Letterboxd list export v7\n")
    export = tmp_path / "export"
    export.mkdir()
    (export / "diary.csv").symlink_to(outside / "diary.csv")
    (export / "lists").symlink_to(outside / "lists", target_is_directory=True)
    (export / "watched.csv").write_text("Date,Name,Year,Letterboxd URI\n2024-01-01,Inside,,u\n")
    service.import_batch(read_import("letterboxd", export))
    assert [film.title for film in service.list_films()] == ["Inside"]


hostile = st.one_of(
    st.sampled_from(
        ("..", "../../escaped", "/etc/passwd", "a/../../b", "C:\\x", "\\\\server\\x", "~", ".")
    ),
    st.text(st.sampled_from("./\\:*?<>|~ aé"), min_size=1, max_size=12),
).filter(lambda title: bool(title.strip()))


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    return Sandbox(tmp_path_factory.mktemp("security"))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(titles=st.lists(hostile, min_size=1, max_size=4), fmt=st.sampled_from(EXPORT_FORMATS))
def test_exports_write_only_at_their_target(
    sandbox: Sandbox, titles: list[str], fmt: ExportFormat
) -> None:
    """Markdown names one file per film after its title: a title like ``../../x`` or
    ``/etc/passwd`` still lands inside the chosen folder, as a plain name."""
    with sandbox.journal() as (service, input_dir), tempfile.TemporaryDirectory() as temp:
        for title in titles:
            service.add_film(FilmFields(title, imdb_id=None), allow_duplicate=True)
        around = Path(temp)
        target = around / "nest" / "out"
        before = tree(around)
        result = export_journal(
            service.journal_snapshot(), fmt, target, protected=ProtectedFiles.of(service)
        )
        written = tree(around) - before
        assert written, "the export wrote nothing"
        assert all(name == "nest" or name.startswith("nest/out") for name in written), written
        inside = [path.relative_to(target) for path in result.files if path != target]
        assert all(len(path.parts) == 1 and path.parts[0] not in ("..", ".") for path in inside)
        assert not list(input_dir.iterdir())
