"""One entry point for every import format: a path in, an ImportBatch out (no writes)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from watchjournal.interchange.imdb import read_imdb
from watchjournal.interchange.json_format import read_json
from watchjournal.interchange.letterboxd import read_letterboxd
from watchjournal.interchange.netflix import read_netflix
from watchjournal.interchange.trakt import read_trakt
from watchjournal.interchange.zipsafe import read_export
from watchjournal.journal.import_types import ImportBatch, ImportFormatError

ImportKind = Literal["letterboxd", "imdb", "trakt", "netflix", "json"]
IMPORT_KINDS: tuple[ImportKind, ...] = ("letterboxd", "imdb", "trakt", "netflix", "json")


def read_import(kind: ImportKind, path: Path) -> ImportBatch:
    """Read and check a whole export; raises ImportFormatError naming file and line."""
    files = read_export(path)
    if kind == "letterboxd":
        return read_letterboxd(files)
    if kind == "imdb":
        return read_imdb(files)
    if kind == "trakt":
        return read_trakt(files)
    if kind == "netflix":
        return read_netflix(files)
    jsons = [name for name in files if name.lower().endswith(".json")] or list(files)
    if len(jsons) != 1:
        raise ImportFormatError(f"{path.name}: expected one WatchJournal .json file")
    return read_json(files[jsons[0]], jsons[0])
