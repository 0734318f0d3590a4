"""The film options shared by ``add`` and ``edit``, and turning them into FilmFields."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date

from watchjournal.journal import FilmFields, StreamingInfo, ValidationError
from watchjournal.journal.validate import check_imdb_id, parse_runtime, parse_year


def add_film_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    if editing:
        parser.add_argument("--title", help="rename the film")
    parser.add_argument("--year", help="release year, e.g. 2023")
    parser.add_argument("--original-title", help="title in the original language")
    for name, what in (
        ("director", "a director"),
        ("cast", "a cast member"),
        ("genre", "a genre"),
        ("country", "a production country"),
        ("where", "a service it streams on (checked today)"),
    ):
        parser.add_argument(
            f"--{name}",
            action="append",
            metavar="NAME",
            help=f"{what}; repeat for more" + ("; replaces the current list" if editing else ""),
        )
    parser.add_argument("--runtime", metavar="MIN", help="running time in minutes")
    parser.add_argument("--imdb", metavar="TTID", help="IMDb id, e.g. tt1234567")
    parser.add_argument("--synopsis", help="a short synopsis")
    parser.add_argument(
        "--content-note",
        action="append",
        metavar="TEXT",
        help='a content note, e.g. "sexual violence"; repeat for more'
        + ("; added to the film's notes" if editing else ""),
    )
    if editing:
        parser.add_argument(
            "--clear-content-notes",
            action="store_true",
            help="remove the film's content notes (before adding any --content-note)",
        )
    parser.add_argument("--like", action=argparse.BooleanOptionalAction, help="mark as liked")
    watchlist = parser.add_mutually_exclusive_group()
    watchlist.add_argument(
        "--watchlist", action="store_true", default=None, help="put it on the watchlist"
    )
    if editing:
        watchlist.add_argument(
            "--no-watchlist",
            dest="watchlist",
            action="store_false",
            help="take it off the watchlist",
        )
    note = parser.add_mutually_exclusive_group()
    note.add_argument(
        "--note", "--watchlist-note", help="watchlist note: why, or who recommended it"
    )
    if editing:
        note.add_argument(
            "--clear-watchlist-note", action="store_true", help="remove the watchlist note"
        )


def fields_from_options(args: argparse.Namespace, base: FilmFields) -> FilmFields:
    """Apply the options that were given on top of ``base``."""
    fields = base
    if getattr(args, "title", None) is not None:
        fields = replace(fields, title=args.title)
    if args.year is not None:
        fields = replace(fields, year=parse_year(args.year) if args.year.strip() else None)
    if args.original_title is not None:
        fields = replace(fields, original_title=args.original_title)
    if args.director is not None:
        fields = replace(fields, directors=tuple(args.director))
    if args.cast is not None:
        fields = replace(fields, cast=tuple(args.cast))
    if args.genre is not None:
        fields = replace(fields, genres=tuple(args.genre))
    if args.country is not None:
        fields = replace(fields, countries=tuple(args.country))
    if args.where is not None:
        today = date.today()
        fields = replace(fields, where_to_watch=tuple(StreamingInfo(w, today) for w in args.where))
    if args.runtime is not None:
        fields = replace(
            fields, runtime=parse_runtime(args.runtime) if args.runtime.strip() else None
        )
    if args.imdb is not None:
        fields = replace(fields, imdb_id=check_imdb_id(args.imdb))
    if args.synopsis is not None:
        fields = replace(fields, synopsis=args.synopsis)
    if args.like is not None:
        fields = replace(fields, liked=args.like)
    fields = _content_notes(args, fields)
    if args.note is not None and args.watchlist is False:
        raise ValidationError("--note is a watchlist note and cannot go with --no-watchlist")
    return fields


def _content_notes(args: argparse.Namespace, fields: FilmFields) -> FilmFields:
    """``--clear-content-notes`` empties the list, then ``--content-note`` adds to it
    (cleaning drops a note the film already has)."""
    notes = () if getattr(args, "clear_content_notes", False) else fields.content_notes
    if args.content_note is not None:
        notes = (*notes, *args.content_note)
    return replace(fields, content_notes=notes)
