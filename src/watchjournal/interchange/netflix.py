"""Reading a Netflix viewing history into an ImportBatch (nothing is written).

Two files hold it, found by their columns whatever they are called, alone, in a
folder or in a zip:

- ``NetflixViewingHistory.csv``, what a profile's Viewing activity page
  downloads: ``Title,Date``, UTF-8 (sometimes with a BOM), one row per title and
  day, dates in the account's own short format (``6/30/23``, ``30/06/2023``,
  ``30.06.23``...; the order is read from the whole file, see ``netflix_dates``);
- ``CONTENT_INTERACTION/ViewingActivity.csv`` of Netflix's full data download:
  ``Profile Name,Start Time,Duration,Attributes,Title,Supplemental Video Type,
  Device Type,Bookmark,Latest Bookmark,Country``, one row per play, start times
  in UTC (taken here as days of this computer's time zone). Rows with a
  Supplemental Video Type (``TRAILER``, ``TEASER_TRAILER``, ``HOOK``, ``RECAP``...)
  are no viewing and are skipped; a film played for less than ``MIN_PLAY`` on a
  day (an autoplaying preview, a start abandoned) is skipped too. The report names
  the profiles whose rows were read. When both files are there, the
  ViewingActivity one is read (it is the same history in more detail).

TV episodes, seasons, parts and limited series are skipped and counted (see
``netflix_tv``). The rest are films seen on Netflix: one ImportFilm per title
(case and accents do not count) with ``title_only`` set and a viewing
``where="Netflix"`` for each day it was watched. A film watched across midnight
or in two sittings appears on two days in a row: such days are one viewing,
dated the day it was started (a rewatch the next day is rare; a film counted
twice as a "rewatch" would be common).

Netflix gives no year and no film link, so the journal matches these films by
title alone: a title that one journal film has goes to it, a title several have
(two Ballerinas) is listed as ambiguous for the user to choose, never guessed,
and a title the journal lacks becomes a new film without a year, one that needs
details (a year, a director: Edit or Refresh Details).

Every problem (a date that fits no format, a row with the wrong number of
values, a title with control characters) is gathered with its file and line and
the import is refused naming all of them; a history in which no film is found
(an account that watched only series) is refused too, with the counts of what
was skipped, never imported as "nothing new".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo

from watchjournal.errors import ValidationError
from watchjournal.interchange.netflix_dates import (
    RawDate,
    ambiguity_note,
    detect_order,
    split_date,
)
from watchjournal.interchange.netflix_tv import inferred_note, sort_titles
from watchjournal.interchange.problems import refuse
from watchjournal.interchange.tables import decode_text, records
from watchjournal.interchange.zipsafe import ExportFiles
from watchjournal.journal import validate
from watchjournal.journal.import_types import (
    ImportBatch,
    ImportFilm,
    ImportFormatError,
    ImportViewing,
    Origin,
    Skipped,
)
from watchjournal.journal.types import FilmFields

WHAT = "Netflix's viewing history"
WHERE = "Netflix"
HISTORY_COLUMNS = ("title", "date")
ACTIVITY_COLUMNS = ("profile name", "start time", "duration", "title", "supplemental video type")
# Less than this on a day is no viewing: an autoplaying preview, a start abandoned.
MIN_PLAY = timedelta(minutes=2)
NO_TITLE = "no title (Netflix left it blank)"
SHORT_PLAY = f"played for less than {int(MIN_PLAY.total_seconds()) // 60} minutes that day"

Problems = list[ImportFormatError]


@dataclass(frozen=True)
class Play:
    """A title watched on a day; ``played`` is known for ViewingActivity rows only."""

    origin: Origin
    title: str
    day: date
    played: timedelta | None = None


@dataclass
class _Table:
    name: str
    header: tuple[str, ...]  # column names, stripped and in lower case
    rows: Iterator[tuple[int, list[str]]]
    notes: list[str]  # how it was read (as Windows-1252, say)


@dataclass
class _Read:
    """What the files gave: plays, rows left out, problems and notes, in file order."""

    plays: list[Play] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: Problems = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: int = 0


def read_netflix(
    files: ExportFiles,
    *,
    day_first: bool | None = None,
    zone: tzinfo | None = None,
    profiles: Collection[str] | None = None,
) -> ImportBatch:
    """Turn a Netflix viewing history into an ImportBatch (nothing is written).

    ``day_first`` fixes the order of a ``NetflixViewingHistory.csv``'s dates instead
    of reading it from the file; ``zone`` is the time zone ViewingActivity's UTC
    start times become days in (this computer's when None); ``profiles`` keeps only
    the ViewingActivity rows of those profiles (all when None).
    """
    histories, activities = _find_tables(files)
    read = _Read()
    if activities and histories:
        names = ", ".join(table.name for table in histories)
        read.notes.append(f"{names} left out: the data download's ViewingActivity.csv was read")
        histories = []
    for table in histories:
        read.notes.extend(table.notes)
        _read_history(table, read, day_first)
    for table in activities:
        read.notes.extend(table.notes)
        _read_activity(table, read, zone, profiles)
    refuse(read.problems, WHAT)
    if not read.rows:
        names = ", ".join(table.name for table in (*histories, *activities))
        raise ImportFormatError(f"{names}: there is no viewing in it, only its header")
    batch = _films(read)
    if not batch.films:
        raise _no_film(batch)
    return batch


def _find_tables(files: ExportFiles) -> tuple[list[_Table], list[_Table]]:
    """The viewing-history tables of an export, told by their header."""
    histories: list[_Table] = []
    activities: list[_Table] = []
    others: list[tuple[str, ImportFormatError]] = []
    csvs = sorted(name for name in files if name.lower().endswith(".csv"))
    for name in csvs:
        try:
            table = _open_table(name, files[name])
        except ImportFormatError as exc:
            others.append((name, exc))
            continue
        if table.header == HISTORY_COLUMNS:
            histories.append(table)
        elif all(column in table.header for column in ACTIVITY_COLUMNS):
            activities.append(table)
        else:
            others.append((name, _not_history(table)))
    if histories or activities:
        return histories, activities
    if len(others) == 1:
        raise others[0][1]
    found = ", ".join(sorted(files)[:5]) or "no files"
    raise ImportFormatError(
        f"this is not {WHAT}: no file has the columns Title,Date (NetflixViewingHistory.csv)"
        f" or those of ViewingActivity.csv ({found})"
    )


def _open_table(name: str, data: bytes) -> _Table:
    notes: list[str] = []
    text = decode_text(data, name, notes)
    numbered = records(text, name)
    for _line, values in numbered:
        if any(value.strip() for value in values):
            # A second BOM (a UTF-16 file saved with one inside) is no part of a name.
            header = tuple(value.replace("\ufeff", "").strip().lower() for value in values)
            return _Table(name, header, numbered, notes)
    raise ImportFormatError(f"is empty; expected {WHAT} (Title,Date)", Origin(name, 1))


def _not_history(table: _Table) -> ImportFormatError:
    found = validate.shorten(",".join(table.header), 200)
    return ImportFormatError(
        f"does not look like {WHAT}: expected the columns Title,Date (found: {found})",
        Origin(table.name, 1),
    )


def _rows(table: _Table, read: _Read) -> Iterator[tuple[Origin, dict[str, str]]]:
    """The table's rows by column name; a row of the wrong width is a problem."""
    try:
        for line, values in table.rows:
            if not any(value.strip() for value in values):
                continue
            origin = Origin(table.name, line)
            if len(values) != len(table.header):
                read.problems.append(
                    ImportFormatError(
                        f"has {len(values)} values but the header has {len(table.header)} columns",
                        origin,
                    )
                )
                continue
            read.rows += 1
            yield origin, dict(zip(table.header, values, strict=True))
    except ImportFormatError as exc:  # a broken quote: the rest of the file is unreadable
        read.problems.append(exc)


def _title(text: str, origin: Origin, read: _Read) -> str | None:
    """The row's title, or None when it has none (skipped) or a bad one (a problem)."""
    if not text.strip():
        read.skipped.append(Skipped(origin, "(no title)", NO_TITLE))
        return None
    try:
        return validate.clean_title(text)
    except ValidationError as exc:
        read.problems.append(ImportFormatError(str(exc), origin))
        return None


def _watched(day: date, text: str, origin: Origin, read: _Read, what: str = "Date") -> bool:
    """Whether ``day`` can be a day something was watched (not in the future, say)."""
    try:
        validate.check_watch_date(day)
    except ValidationError as exc:
        read.problems.append(ImportFormatError(f"{what} {validate.quote(text)}: {exc}", origin))
        return False
    return True


def _read_history(table: _Table, read: _Read, day_first: bool | None) -> None:
    rows: list[tuple[str, RawDate]] = []
    for origin, values in _rows(table, read):
        try:
            raw = split_date(values["date"], origin)
        except ImportFormatError as exc:
            read.problems.append(exc)
            continue
        title = _title(values["title"], origin, read)
        rows.append((title or "", raw))
    found = detect_order([raw for _title_text, raw in rows], read.problems, day_first=day_first)
    note = ambiguity_note(table.name, found)
    if note:
        read.notes.append(note)
    flagged = {problem.origin for problem in read.problems}  # one problem a line is enough
    for title, raw in rows:
        day = raw.as_order(found.order)
        if raw.origin in flagged:
            continue
        if day is None:
            read.problems.append(
                ImportFormatError(
                    f"Date {validate.quote(raw.text)} is no date (read as {found.order.value})",
                    raw.origin,
                )
            )
        elif title and _watched(day, raw.text, raw.origin, read):
            read.plays.append(Play(raw.origin, title, day))


def _read_activity(
    table: _Table, read: _Read, zone: tzinfo | None, profiles: Collection[str] | None
) -> None:
    seen: Counter[str] = Counter()
    others: set[str] = set()
    for origin, values in _rows(table, read):
        profile = values["profile name"].strip()
        if profiles is not None and profile not in profiles:
            others.add(profile)
            continue
        seen[profile] += 1
        kind = values["supplemental video type"].strip()
        if kind:
            what = values["title"].strip() or "(no title)"
            read.skipped.append(Skipped(origin, what, f"not a viewing: {kind}"))
            continue
        started = _start(values["start time"], origin, read, zone)
        played = _duration(values["duration"], origin, read)
        title = _title(values["title"], origin, read)
        if started is None or played is None or title is None:
            continue
        if _watched(started, values["start time"].strip(), origin, read, "Start Time"):
            read.plays.append(Play(origin, title, started, played))
    if others and not seen:
        found = ", ".join(sorted(others))
        wanted = ", ".join(sorted(profiles or ()))
        read.problems.append(
            ImportFormatError(
                f"has no rows of the profile(s) {wanted} (found: {found})", Origin(table.name, 1)
            )
        )
    listed = ", ".join(f"{name} ({rows} rows)" for name, rows in sorted(seen.items()))
    where = str(zone) if zone is not None else "this computer's time zone"
    read.notes.append(
        f"{table.name}: read the viewings of {len(seen)} profile(s): {listed or 'none'}."
        f" Its start times are in UTC; they were taken as days in {where}."
    )


def _start(text: str, origin: Origin, read: _Read, zone: tzinfo | None) -> date | None:
    try:
        started = datetime.fromisoformat(text.strip())
    except ValueError:
        read.problems.append(
            ImportFormatError(
                f"Start Time {validate.quote(text.strip())} is not a time like 2023-06-30 21:14:05",
                origin,
            )
        )
        return None
    if started.tzinfo is None:
        started = started.replace(tzinfo=UTC)
    return started.astimezone(zone).date()


def _duration(text: str, origin: Origin, read: _Read) -> timedelta | None:
    parts = text.strip().split(":")
    if len(parts) == 3 and all(part.isdigit() and len(part) <= 6 for part in parts):
        hours, minutes, seconds = (int(part) for part in parts)
        return timedelta(hours=hours, minutes=minutes, seconds=seconds)
    read.problems.append(
        ImportFormatError(
            f"Duration {validate.quote(text.strip())} is not a duration like 01:45:12", origin
        )
    )
    return None


def _films(read: _Read) -> ImportBatch:
    """The batch: TV skipped, each film's plays grouped by day and into viewings."""
    batch = ImportBatch(kind="netflix", skipped=read.skipped, notes=read.notes)
    tv = sort_titles(play.title for play in read.plays)
    days: dict[str, dict[date, list[Play]]] = defaultdict(lambda: defaultdict(list))
    for play in read.plays:
        key = validate.fold_key(play.title)
        reason = tv.reasons.get(key)
        if reason is not None:
            batch.skipped.append(Skipped(play.origin, play.title, reason))
        else:
            days[key][play.day].append(play)
    joined = 0
    films: list[tuple[date, str, ImportFilm]] = []
    for key, plays_by_day in days.items():
        watched = _watched_days(plays_by_day, batch.skipped)
        if not watched:
            continue
        first = min((p for day in plays_by_day.values() for p in day), key=_file_order)
        viewings, merged = _viewings(watched)
        joined += merged
        film = ImportFilm(FilmFields(title=first.title), first.origin, title_only=True)
        film.viewings = viewings
        films.append((watched[0], key, film))
    # Oldest first, so that the journal adds them in the order they were watched.
    batch.films = [film for _day, _key, film in sorted(films, key=lambda f: (f[0], f[1]))]
    note = inferred_note(tv.inferred)
    if note:
        batch.notes.append(note)
    if joined:
        batch.notes.append(
            f"{joined} viewings on the day after another of the same film were taken as"
            " the same viewing (a film watched across midnight or in two sittings), dated"
            " the day it was started."
        )
    batch.skipped.sort(key=_file_order)
    return batch


def _file_order(item: Play | Skipped) -> tuple[str, int]:
    return (item.origin.file, item.origin.line)


def _watched_days(plays_by_day: dict[date, list[Play]], skipped: list[Skipped]) -> list[date]:
    """The days a film was watched; a day of ViewingActivity plays adding up to less
    than ``MIN_PLAY`` is skipped (once, at its first row)."""
    watched = []
    for day, plays in sorted(plays_by_day.items()):
        timed = [play.played for play in plays if play.played is not None]
        if len(timed) == len(plays) and sum(timed, timedelta()) < MIN_PLAY:
            first = min(plays, key=_file_order)
            skipped.append(Skipped(first.origin, first.title, SHORT_PLAY))
        else:
            watched.append(day)
    return watched


def _viewings(days: list[date]) -> tuple[list[ImportViewing], int]:
    """One viewing per run of days in a row (sorted ``days``), and how many were joined."""
    viewings: list[ImportViewing] = []
    previous: date | None = None
    merged = 0
    for day in days:
        if previous is not None and day - previous <= timedelta(days=1):
            merged += 1
        else:
            viewings.append(ImportViewing(day, where=WHERE))
        previous = day
    return viewings, merged


def _no_film(batch: ImportBatch) -> ImportFormatError:
    counts = Counter(skip.reason for skip in batch.skipped)
    found = "; ".join(f"{n} {reason}" for reason, n in counts.most_common(8))
    return ImportFormatError(
        f"no film was found in {WHAT}: all {len(batch.skipped)} rows were skipped"
        f" ({found}). Nothing was imported."
    )
