"""Fuzzing every importer: random bytes, random CSV exports (known headers with garbage
cells, missing columns, huge fields, odd encodings, BOMs, quotes and newlines), mutated
WatchJournal JSON and zips with odd member names.

Whatever comes in, reading and importing either works or stops with a JournalError
(one clear message); a failed import leaves the journal's dump exactly as it was, a dry
run never changes it, and no file appears anywhere but the journal's own -wal/-shm.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.unit.journal_sandbox import Sandbox, dump, integrity, tree
from watchjournal.interchange import imdb, letterboxd
from watchjournal.interchange.exporting import export_journal
from watchjournal.interchange.importing import IMPORT_KINDS, ImportKind, read_import
from watchjournal.interchange.targets import ProtectedFiles
from watchjournal.journal import JournalError, JournalService

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEAVY = settings(FUZZ, max_examples=1500)

IMPORT_CSV_COLUMNS = (
    *("Title", "Year", "imdbID", "tmdbID", "Directors", "Rating", "Rating10"),
    *("WatchedDate", "Rewatch", "Tags", "Review"),
)
IMDB_RATINGS_COLUMNS = (
    *("Const", "Your Rating", "Date Rated", "Title", "Original Title", "URL", "Title Type"),
    *("IMDb Rating", "Runtime (mins)", "Year", "Genres", "Num Votes", "Release Date", "Directors"),
)
IMDB_LIST_COLUMNS = (
    *("Position", "Const", "Created", "Modified", "Description", "Title", "Original Title"),
    *("URL", "Title Type", "Runtime (mins)", "Year", "Genres", "Directors", "Your Rating"),
)
# The files of each export, with the columns their writers put in them.
EXPORT_FILES: dict[ImportKind, dict[str, tuple[str, ...]]] = {
    "letterboxd": {
        "watched.csv": letterboxd.FILM_COLUMNS,
        "ratings.csv": letterboxd.RATING_COLUMNS,
        "watchlist.csv": letterboxd.FILM_COLUMNS,
        "likes/films.csv": letterboxd.FILM_COLUMNS,
        "diary.csv": letterboxd.DIARY_COLUMNS,
        "reviews.csv": letterboxd.REVIEW_COLUMNS,
        "lists/fuzzed.csv": (*letterboxd.LIST_ENTRY_COLUMNS, "Description"),
        "import.csv": IMPORT_CSV_COLUMNS,
    },
    "imdb": {
        "ratings.csv": IMDB_RATINGS_COLUMNS,
        "WATCHLIST.csv": IMDB_LIST_COLUMNS,
        "Favourite films.csv": IMDB_LIST_COLUMNS,
        "old.csv": imdb.RATINGS_COLUMNS,
    },
    "netflix": {"NetflixViewingHistory.csv": ("Title", "Date")},
}
LIST_PREAMBLE = [
    ["Letterboxd list export v7"],
    list(letterboxd.LIST_HEADER),
    ["2024-04-01", "Quiet films", "", "https://letterboxd.com/x/list/q/", "whisper"],
    [],
]

# Member names no genuine export holds; "escaped" marks files that must never appear.
ODD_MEMBERS = (
    "../escaped.csv",
    "../../escaped.csv",
    "../../../escaped.csv",
    "lists/../../escaped.csv",
    "/tmp/watchjournal-fuzz-escaped.csv",
    "C:\\escaped.csv",
    "\\\\server\\escaped.csv",
    "./diary.csv",
    "empty-folder/",
    "ünïcødé/ratings.csv",
    "x" * 250,
    "lists/",
    "diary.csv",  # a duplicate name
)
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252", "latin-1")

garbage = st.text(
    st.one_of(st.characters(), st.sampled_from('",\n\r\t;\x00\ufeff\u2028')), max_size=20
)
huge = st.sampled_from((10_000, 140_000)).map(lambda n: "x" * n)  # csv's limit is 131,072
dates = st.one_of(
    st.dates().map(str),
    st.datetimes().map(str),
    st.sampled_from(("2024-13-45", "03/23/2019", "2999-01-01", "0000-00-00", "2024-02-30")),
)
numbers = st.one_of(
    st.integers(-(10**25), 10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(("0.5", "3.5", "5", "7", "10", "11", "3.7", "nan", "Infinity", "1e999", "")),
)
plausible: dict[str, st.SearchStrategy[str]] = {
    "date": dates,
    "year": st.one_of(st.integers(-5, 100_000).map(str), st.sampled_from(("2016", "1888"))),
    "rating": numbers,
    "id": st.one_of(
        st.integers(0, 10**12).map(lambda n: f"tt{n:07d}"), st.sampled_from(("tt", "x", "tt0"))
    ),
    "type": st.sampled_from(("movie", "Movie", "tvSeries", "video", "")),
    "flag": st.sampled_from(("Yes", "", "maybe", "true", "false", "No")),
    "name": st.sampled_from(("Paterson", "Ballerina", "Amélie", "AMELIE", " ", "東京物語")),
    "names": st.sampled_from(("Jim Jarmusch", "A, B", ",,,", "Lee Chung-hyun, Len Wiseman")),
}
COLUMN_KINDS = {
    "date": ("Date", "Watched Date", "WatchedDate", "Date Rated", "Created", "Modified"),
    "year": ("Year",),
    "rating": ("Rating", "Rating10", "Your Rating", "Position", "tmdbID", "Runtime (mins)"),
    "id": ("Const", "imdbID"),
    "type": ("Title Type",),
    "flag": ("Rewatch",),
    "name": ("Name", "Title", "Original Title"),
    "names": ("Directors", "Tags", "Genres"),
}
KIND_OF_COLUMN = {column: kind for kind, columns in COLUMN_KINDS.items() for column in columns}


def cell(column: str) -> st.SearchStrategy[str]:
    kind = KIND_OF_COLUMN.get(column)
    fitting = plausible[kind] if kind else garbage
    # Mostly cells of the column's kind, so that some files get as far as the import.
    return st.integers(0, 9).flatmap(lambda n: garbage if n == 0 else huge if n == 1 else fitting)


@st.composite
def csv_file(draw: st.DrawFn, columns: tuple[str, ...], preamble: bool) -> bytes:
    """A CSV with the file's own header (a column or two may be missing, an extra one
    added), rows of plausible and garbage cells (sometimes one too many or too few),
    written with or without proper quoting, in one of several encodings."""
    missing = draw(st.sets(st.sampled_from(columns), max_size=2)) if draw(st.booleans()) else set()
    header = [c for c in columns if c not in missing] + draw(st.sampled_from(([], ["Extra"])))
    rows = [header]
    for _ in range(draw(st.integers(0, 5))):
        row = [draw(cell(column)) for column in header]
        change = draw(st.sampled_from((0, 0, 0, 0, 1, -1)))
        rows.append([*row, "extra"] if change > 0 else row[:change] if change else row)
    if preamble:
        rows = [*LIST_PREAMBLE, *rows]
    ending = draw(st.sampled_from(("\n", "\r\n", "\r")))
    if draw(st.booleans()):
        out = io.StringIO()
        csv.writer(out, lineterminator=ending).writerows(rows)
        text = out.getvalue()
    else:  # no quoting at all: commas, quotes and newlines in cells break the rows
        text = ending.join(",".join(row) for row in rows)
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


@st.composite
def csv_export(draw: st.DrawFn, kind: ImportKind) -> dict[str, bytes]:
    known = EXPORT_FILES[kind]
    names = draw(st.lists(st.sampled_from(sorted(known)), min_size=1, max_size=4, unique=True))
    return {name: draw(csv_file(known[name], name.startswith("lists/"))) for name in names}


def json_values() -> st.SearchStrategy[Any]:
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        garbage,
        dates,
    )
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(garbage, inner, max_size=3),
        max_leaves=8,
    )


def same_type(value: Any) -> st.SearchStrategy[Any]:
    """Another value of the kind found there: a wrong value that still type-checks."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(-(10**20), 10**20) | st.sampled_from((0, 1, -1, 2**63))
    if isinstance(value, float):
        return st.floats(allow_nan=True, allow_infinity=True)
    if isinstance(value, str):
        return garbage | dates | huge
    return st.nothing()


def mutate(draw: st.DrawFn, doc: Any) -> Any:
    """Replace, delete or duplicate one value somewhere inside ``doc`` (a copy)."""
    doc = json.loads(json.dumps(doc))
    parent: Any = None
    key: Any = None
    node = doc
    while isinstance(node, dict | list) and node and draw(st.integers(0, 4)) > 0:
        keys = sorted(node) if isinstance(node, dict) else list(range(len(node)))
        parent, key = node, draw(st.sampled_from(keys))
        node = node[key]
    if parent is None:
        return draw(json_values())
    action = draw(st.sampled_from(("replace", "replace", "delete", "duplicate")))
    if action == "replace":
        parent[key] = draw(same_type(parent[key]) | json_values())
    elif action == "delete":
        del parent[key]
    elif isinstance(parent, list):
        parent.append(json.loads(json.dumps(parent[key])))
    else:
        parent[key + "_again"] = parent[key]
    return doc


def zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # duplicate names are what some tests want
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name), data)  # ZipInfo keeps the name as given
    return out.getvalue()


def escape_targets(input_dir: Path) -> list[Path]:
    """Where an unpacker that trusted the odd member names would have written."""
    targets = [Path("/tmp/watchjournal-fuzz-escaped.csv")]
    folder = input_dir
    for _ in range(4):
        targets.append(folder / "escaped.csv")
        folder = folder.parent
    return targets


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    return Sandbox(tmp_path_factory.mktemp("fuzz-import"))


@pytest.fixture(scope="module")
def valid_json(sandbox: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> Any:
    target = tmp_path_factory.mktemp("valid") / "journal.json"
    with sandbox.journal() as (service, _input):
        export_journal(
            service.journal_snapshot(), "json", target, protected=ProtectedFiles.of(service)
        )
    return json.loads(target.read_text(encoding="utf-8"))


Writer = Callable[[Path], Path]


def assert_import_is_safe(sandbox: Sandbox, kind: ImportKind, write: Writer) -> None:
    """Write the input with ``write`` (it returns the path to import) and import it."""
    with sandbox.journal() as (service, input_dir):
        path = write(input_dir)
        before, files = dump(service.path or Path()), tree(sandbox.root)
        try_import(service, kind, path, before)
        side_files = {f"{input_dir.parent.name}/journal.sqlite-{s}" for s in ("wal", "shm")}
        # The import marker (storage.import_marker), an empty lock file, may stay.
        side_files.add(f"{input_dir.parent.name}/journal.sqlite.import-lock")
        assert tree(sandbox.root) - side_files == files, "a file was written"
        assert not [t for t in escape_targets(input_dir) if t.exists()]


def try_import(service: JournalService, kind: ImportKind, path: Path, before: list[str]) -> None:
    journal = service.path or Path()
    try:
        batch = read_import(kind, path)
    except JournalError as error:
        assert str(error).strip()
        event("refused when read")
        return
    try:
        dry = service.import_batch(batch, dry_run=True)
    except JournalError:
        dry = None
    assert dump(journal) == before, "a dry run changed the journal"
    try:
        report = service.import_batch(batch)
    except JournalError as error:
        assert dry is None, f"the dry run passed, the import failed: {error}"
        assert dump(journal) == before, "a failed import changed the journal"
        event("refused when imported")
        return
    assert dry is not None and dry.changed_anything == report.changed_anything
    assert integrity(journal) == "ok"
    event("imported" if report.changed_anything else "imported, nothing new")


def one_file(name: str, data: bytes) -> Writer:
    def write(folder: Path) -> Path:
        (folder / name).write_bytes(data)
        return folder / name

    return write


def export_as(files: dict[str, bytes], container: str) -> Writer:
    """The export as a folder, a zip (maybe wrapped in a top folder) or one file."""

    def write(folder: Path) -> Path:
        if container == "folder" or (container == "file" and len(files) > 1):
            for name, data in files.items():
                (folder / "export" / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / "export" / name).write_bytes(data)
            return folder / "export"
        if container == "file":
            [(name, data)] = files.items()
            return one_file(name.rsplit("/", 1)[-1], data)(folder)
        prefix = "export/" if container == "wrapped zip" else ""
        return one_file("export.zip", zip_bytes([(prefix + n, d) for n, d in files.items()]))(
            folder
        )

    return write


KINDS = st.sampled_from(IMPORT_KINDS)
NAMES = st.sampled_from(
    ("ratings.csv", "diary.csv", "x.json", "export.zip", "data", "WATCHLIST.csv")
)
CONTAINERS = st.sampled_from(("folder", "zip", "wrapped zip", "file"))


@FUZZ
@given(kind=KINDS, name=NAMES, data=st.binary(max_size=3000))
def test_random_bytes(sandbox: Sandbox, kind: ImportKind, name: str, data: bytes) -> None:
    assert_import_is_safe(sandbox, kind, one_file(name, data))


@FUZZ
@given(
    data=st.data(), kind=st.sampled_from(("letterboxd", "imdb", "netflix")), container=CONTAINERS
)
def test_random_csv_exports(
    sandbox: Sandbox, data: st.DataObject, kind: ImportKind, container: str
) -> None:
    files = data.draw(csv_export(kind))
    assert_import_is_safe(sandbox, kind, export_as(files, container))


@st.composite
def mutated_json(draw: st.DrawFn, valid: Any) -> bytes:
    doc = valid
    for _ in range(draw(st.integers(1, 3))):
        doc = mutate(draw, doc)
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()), allow_nan=True)
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


@FUZZ
@given(data=st.data(), container=CONTAINERS)
def test_mutated_json(
    sandbox: Sandbox, valid_json: Any, data: st.DataObject, container: str
) -> None:
    blob = data.draw(mutated_json(valid_json))
    assert_import_is_safe(sandbox, "json", export_as({"journal.json": blob}, container))


@FUZZ
@given(
    kind=KINDS,
    members=st.lists(
        st.tuples(
            st.one_of(st.sampled_from(ODD_MEMBERS), st.sampled_from(sorted(EXPORT_FILES["imdb"]))),
            st.one_of(st.binary(max_size=200), st.just(b"Const,Title\ntt0000001,x\n")),
        ),
        min_size=1,
        max_size=5,
    ),
    cut=st.one_of(st.none(), st.integers(0, 400)),
)
def test_zips_with_odd_members(
    sandbox: Sandbox, kind: ImportKind, members: list[tuple[str, bytes]], cut: int | None
) -> None:
    """Member names that point outside, absolute paths, folders and duplicates; and
    archives cut short anywhere."""
    data = zip_bytes(members)
    assert_import_is_safe(
        sandbox, kind, one_file("export.zip", data if cut is None else data[:cut])
    )


@pytest.mark.slow
@HEAVY
@given(data=st.data(), kind=KINDS, container=CONTAINERS)
def test_everything_at_length(
    sandbox: Sandbox, valid_json: Any, data: st.DataObject, kind: ImportKind, container: str
) -> None:
    if kind == "json":
        files = {"journal.json": data.draw(mutated_json(valid_json))}
    elif kind == "trakt":
        items = data.draw(st.lists(json_values(), max_size=20))
        files = {"watched-history.json": json.dumps(items).encode()}
    else:
        files = data.draw(csv_export(kind))
    assert_import_is_safe(sandbox, kind, export_as(files, container))


def _with(valid: Any, change: Callable[[Any], None]) -> bytes:
    doc = json.loads(json.dumps(valid))
    change(doc)
    return json.dumps(doc, allow_nan=True).encode()


def _rating(doc: Any, value: float) -> None:
    next(f for f in doc["films"] if f["reviews"])["reviews"][0]["rating"] = value


# Found by the fuzz tests above: each once escaped as an OverflowError or RecursionError.
FOUND: list[tuple[str, Callable[[Any], bytes], str]] = [
    ("Infinity", lambda v: _with(v, lambda d: _rating(d, float("inf"))), "inf is not a rating"),
    ("NaN", lambda v: _with(v, lambda d: _rating(d, float("nan"))), "nan is not a rating"),
    (
        "tmdb id beyond SQLite",
        lambda v: _with(v, lambda d: d["films"][0].update(tmdb_id=10**30)),
        "tmdb_id: is a number too large for any field",
    ),
    ("nested 100,000 deep", lambda v: b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
]


@pytest.mark.parametrize(("case", "make", "message"), FOUND, ids=[c[0] for c in FOUND])
def test_what_the_fuzzing_found_is_a_clear_error(
    sandbox: Sandbox, valid_json: Any, case: str, make: Callable[[Any], bytes], message: str
) -> None:
    with sandbox.journal() as (service, input_dir):
        (input_dir / "journal.json").write_bytes(make(valid_json))
        before = dump(service.path or Path())
        with pytest.raises(JournalError, match=message):
            service.import_batch(read_import("json", input_dir / "journal.json"))
        assert dump(service.path or Path()) == before
