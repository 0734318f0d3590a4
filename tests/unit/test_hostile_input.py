"""Hostile input, in process (issue 12): every read is bounded and only regular files are
read; numbers too large are clear errors naming field and line; user text in messages is
short and shown safely; bidi and C0/C1 controls are refused in single-line fields.

The real-process versions (zip bomb memory, /dev/zero, FIFO, the CLI's messages) are in
tests/e2e/test_cli_hostile_input.py."""

from __future__ import annotations

import json
import socket
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.unit.interchange_helpers import dump, import_path
from watchjournal.errors import ValidationError
from watchjournal.interchange import zipsafe
from watchjournal.interchange.exporting import export_journal
from watchjournal.interchange.importing import read_import
from watchjournal.interchange.targets import ProtectedFiles
from watchjournal.journal import FilmFields, JournalService, ReviewFields, StreamingInfo, validate
from watchjournal.journal.import_types import ImportFormatError
from watchjournal.user_text import FSI, PDI, isolate, quote, quote_number, shorten, terminal_safe

IMPORT_CSV = "Title,Year,tmdbID,WatchedDate,Tags\n"
RLO, LRE, PDF, RLI = "\u202e", "\u202a", "\u202c", "\u2067"
MIB = 1024 * 1024


# Reading within limits ---------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_member_over_the_cap_is_refused_from_the_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(zipsafe, "MAX_FILE_BYTES", MIB)
    inflated: list[str] = []
    monkeypatch.setattr(zipsafe, "_inflate", lambda *a: inflated.append("x") or b"")
    archive = _zip(tmp_path / "x.zip", {"diary.csv": b" " * (2 * MIB)})
    with pytest.raises(ImportFormatError, match=r'member "diary\.csv" unpacks to more than 1 MiB'):
        read_import("letterboxd", archive)
    assert inflated == []  # refused before anything was inflated


@pytest.mark.parametrize(
    ("max_file", "max_total", "message"),
    [
        (MIB, 64 * MIB, 'member "watched.csv" unpacks to more than 1 MiB'),
        (64 * MIB, 3 * MIB, "it unpacks to more than 3 MiB"),
    ],
)
def test_bytes_actually_inflated_are_counted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, max_file: int, max_total: int, message: str
) -> None:
    """The directory's sizes are not trusted: with its check out of the way, counting
    while inflating still stops the member and the archive at their caps."""
    monkeypatch.setattr(zipsafe, "_check_declared_sizes", lambda *a: None)
    monkeypatch.setattr(zipsafe, "MAX_FILE_BYTES", max_file)
    monkeypatch.setattr(zipsafe, "MAX_TOTAL_BYTES", max_total)
    archive = _zip(
        tmp_path / "x.zip", {"watched.csv": b" " * (2 * MIB), "diary.csv": b" " * (2 * MIB)}
    )
    with pytest.raises(ImportFormatError, match=message):
        read_import("letterboxd", archive)


def test_a_directory_that_lies_about_sizes_is_refused(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "x.zip", {"diary.csv": b"\0" * (8 * MIB)})
    data = bytearray(archive.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature) + offset
        data[at : at + 4] = (1000).to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    with pytest.raises(ImportFormatError, match="damaged or unsupported zip"):
        read_import("letterboxd", archive)


def test_a_file_over_the_cap_is_refused_before_reading(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(zipsafe, "MAX_FILE_BYTES", MIB)
    big = tmp_path / "export.json"
    big.write_bytes(b" " * (MIB + 1))
    with pytest.raises(ImportFormatError, match=r"export\.json is larger than 1 MiB"):
        read_import("json", big)


def test_a_folder_over_the_total_cap_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(zipsafe, "MAX_TOTAL_BYTES", 3 * MIB)
    for name in ("watched.csv", "diary.csv"):
        (tmp_path / name).write_bytes(b" " * (2 * MIB))
    with pytest.raises(ImportFormatError, match="holds more than 3 MiB"):
        read_import("letterboxd", tmp_path)


@pytest.mark.parametrize("inside_a_folder", [False, True], ids=["the path", "in a folder"])
def test_a_socket_is_refused(inside_a_folder: bool) -> None:
    # A short path: socket addresses are limited to about 100 bytes.
    with tempfile.TemporaryDirectory() as temp, socket.socket(socket.AF_UNIX) as server:
        folder = Path(temp)
        server.bind(str(folder / "diary.csv"))
        target = folder if inside_a_folder else folder / "diary.csv"
        with pytest.raises(ImportFormatError, match=r"diary\.csv is a socket, not a file"):
            read_import("letterboxd", target)


def test_a_character_device_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="/dev/null is a device, not a file"):
        read_import("imdb", Path("/dev/null"))


def test_a_line_over_the_cap_names_its_line(tmp_path: Path) -> None:
    cells = ",".join(["x" * 100_000] * 11)  # each cell under csv's own limit
    path = tmp_path / "import.csv"
    path.write_text(IMPORT_CSV + "Alien,1979,,,\n" + cells + "\n")
    with pytest.raises(ImportFormatError, match=r"import.csv, line 3: the line is longer than"):
        read_import("letterboxd", path)


# Numbers too large ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X," + "9" * 5000 + ",,,", r"line 2: year \"9{79}…\" is not|line 2: year .* too large"),
        ("X,1999," + "9" * 5000 + ",,", r"line 2: tmdbID \"9+…\" has too many digits"),
        ("X,1999," + str(10**30) + ",,", r"line 2: tmdbID \"1(0+)\" has too many digits"),
        ("X,1999,1e999,,", r"line 2: tmdbID \"1e999\" is too large a number"),
    ],
    ids=["year 5,000 digits", "tmdb 5,000 digits", "tmdb 10**30", "tmdb 1e999"],
)
def test_a_huge_number_in_a_csv_names_the_line(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "import.csv"
    path.write_text(IMPORT_CSV + row + "\n")
    with pytest.raises(ImportFormatError, match=message) as caught:
        read_import("letterboxd", path)
    assert len(str(caught.value)) < 200


def _json_with(service: JournalService, tmp_path: Path, change: Callable[[dict], None]) -> Path:
    service.add_film(FilmFields("Alien", year=1979))
    path = tmp_path / "export.json"
    export_journal(service.journal_snapshot(), "json", path, protected=ProtectedFiles.of(service))
    doc = json.loads(path.read_text())
    change(doc["films"][0])
    path.write_text(json.dumps(doc, indent=2))
    return path


@pytest.mark.parametrize("field", ["year", "runtime", "tmdb_id"])
def test_a_json_number_beyond_64_bits_names_the_field(
    service: JournalService, tmp_path: Path, field: str
) -> None:
    path = _json_with(service, tmp_path, lambda film: film.update({field: 10**30}))
    with pytest.raises(ImportFormatError, match=rf"films\[0\]\.{field}: is a number too large"):
        read_import("json", path)


def test_a_json_number_of_5000_digits_names_the_line(
    service: JournalService, tmp_path: Path
) -> None:
    path = _json_with(service, tmp_path, lambda film: film.update(year=1979))
    text = path.read_text().replace('"year": 1979', '"year": ' + "9" * 5000)
    path.write_text(text)
    line = next(n for n, x in enumerate(text.splitlines(), 1) if "9" * 5000 in x)
    with pytest.raises(ImportFormatError, match=f"export.json, line {line}: holds a number"):
        read_import("json", path)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: validate.parse_year("9" * 5000), "too large"),
        (lambda: validate.parse_runtime("1" + "0" * 30), "too large"),
        (lambda: validate.check_year(10**5000), "year a number over 18 digits long"),
        (lambda: validate.check_runtime(-(10**40)), "runtime a number over 18 digits"),
        (lambda: validate.check_id(2**63), "is not a positive number below 2\\*\\*63"),
        (lambda: validate.parse_year("٢٠٢٤"), "is not a number like 2023"),
    ],
)
def test_numbers_too_large_are_validation_errors(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        call()


# Messages are bounded ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Alien", '"Alien"'),
        ("A" * 80, '"' + "A" * 80 + '"'),
        ("A" * 81, '"' + "A" * 79 + '…"'),
        ("A" * 1_000_000, '"' + "A" * 79 + '…"'),
        ("line\nbreak\ttab", '"line\\x0abreak\\x09tab"'),
        (f"evil{RLO}txt.exe", '"evil\\u202etxt.exe"'),
        ("c1\x9bcsi", '"c1\\x9bcsi"'),
        (RLO * 200, '"' + ("\\u202e" * 14)[:79] + '…"'),
    ],
)
def test_quote_is_short_one_line_and_shows_controls(text: str, shown: str) -> None:
    assert quote(text) == shown
    assert len(shorten(text)) <= 80


def test_quote_number_never_prints_a_huge_integer() -> None:
    assert quote_number(2024) == "2024"
    assert quote_number(10**5000) == "a number over 18 digits long"


def test_a_refused_title_is_not_echoed_in_full(service: JournalService) -> None:
    with pytest.raises(ValidationError) as caught:
        service.add_film(FilmFields("A" * 1_000_000 + RLO))
    assert len(str(caught.value)) < 200


# Unicode controls ----------------------------------------------------------------------

Write = Callable[[JournalService, int, str], object]
SINGLE_LINE_CASES: list[tuple[str, Write]] = [
    ("title", lambda s, _, t: s.add_film(FilmFields(t))),
    ("original title", lambda s, _, t: s.add_film(FilmFields("Y", original_title=t))),
    ("director", lambda s, _, t: s.add_film(FilmFields("Y", directors=(t,)))),
    ("cast", lambda s, _, t: s.add_film(FilmFields("Y", cast=(t,)))),
    ("streaming", lambda s, _, t: s.add_film(FilmFields("Y", where_to_watch=(StreamingInfo(t),)))),
    ("list name", lambda s, _, t: s.create_list(t)),
    ("tag", lambda s, film, t: s.write_review(film, ReviewFields(tags=(t,)))),
    ("headline", lambda s, film, t: s.write_review(film, ReviewFields(headline=t))),
    ("where watched", lambda s, film, t: s.mark_watched(film, None, where=t)),
]
CONTROLS = [
    (RLO, "U\\+202E RIGHT-TO-LEFT OVERRIDE"),
    (LRE, "U\\+202A LEFT-TO-RIGHT EMBEDDING"),
    (RLI, "U\\+2067 RIGHT-TO-LEFT ISOLATE"),
    ("\u2069", "U\\+2069 POP DIRECTIONAL ISOLATE"),
    ("\x85", "control characters \\(U\\+0085\\)"),
    ("\x9b", "control characters \\(U\\+009B\\)"),
    ("\x1b", "control characters \\(U\\+001B\\)"),
    ("\t", "control characters \\(U\\+0009\\)"),
]


@pytest.mark.parametrize(
    ("field", "write"), SINGLE_LINE_CASES, ids=[c[0] for c in SINGLE_LINE_CASES]
)
@pytest.mark.parametrize(("char", "message"), CONTROLS, ids=[repr(c[0]) for c in CONTROLS])
def test_controls_are_refused_in_single_line_fields(
    service: JournalService,
    journal_path: Path,
    field: str,
    write: Write,
    char: str,
    message: str,
) -> None:
    film = service.add_film(FilmFields("X")).id
    before = dump(journal_path)
    with pytest.raises(ValidationError, match=message):
        write(service, film, f"Name{char}x")
    assert dump(journal_path) == before


def test_right_to_left_text_and_marks_are_welcome(service: JournalService) -> None:
    title = "\u05d4\u05e1\u05e8\u05d8 \u200f(\u05d2)"  # Hebrew with a RIGHT-TO-LEFT MARK
    assert service.add_film(FilmFields(title)).title == title


def test_a_review_body_keeps_what_was_written(service: JournalService) -> None:
    film = service.add_film(FilmFields("Alien"))
    body = f"Quoting: {RLO}reversed{PDF}\n\tand a tab\r\nend"
    review = service.write_review(film.id, ReviewFields(body=body))
    assert review.body == body


def test_an_import_names_the_line_of_a_bidi_title(
    service: JournalService, journal_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "import.csv"
    path.write_text(IMPORT_CSV + "Alien,1979,,,\n" + f"Evil{RLO}piz.exe,2001,,,\n")
    before = dump(journal_path)
    with pytest.raises(ImportFormatError, match=r"import.csv, line 3: Evil\\u202epiz") as caught:
        import_path(service, "letterboxd", path)
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in str(caught.value)
    assert RLO not in str(caught.value)
    assert dump(journal_path) == before


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Alien", "Alien"),
        (f"a{RLO}b\x9bc\x1b[31m\td\ne\r\nf", "a\\u202eb\\x9bc\\x1b[31m\td\ne\nf"),
        ("\u05d4\u200f", "\u05d4\u200f"),  # marks in right-to-left text stay
    ],
)
def test_terminal_text_has_controls_written_out(text: str, shown: str) -> None:
    assert terminal_safe(text) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Alien", "Alien"),
        (f"{RLO}Alien", f"{FSI}{RLO}Alien{PDI}"),
        ("\u05d4\u05e1\u05e8\u05d8", f"{FSI}\u05d4\u05e1\u05e8\u05d8{PDI}"),
        (f"x{PDI}{RLO}y", f"{FSI}x{RLO}y{PDI}"),  # a stray PDI cannot end the isolate early
        (f"{RLI}x{PDI}", f"{FSI}{RLI}x{PDI}{PDI}"),  # a matched one stays
    ],
)
def test_isolate_wraps_only_what_could_reorder(text: str, shown: str) -> None:
    assert isolate(text) == shown
