"""Options shared by ``review`` and ``review-edit``, and reading a review body from a file."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from watchjournal.cli.ids import id_argument
from watchjournal.journal import ReviewFields, ValidationError
from watchjournal.journal.validate import parse_rating

MAX_BODY_BYTES = 5_000_000


def add_review_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    rating = parser.add_mutually_exclusive_group()
    rating.add_argument("--rating", help="0.5 to 10 in steps of 0.1, e.g. 6.4 (or 3.5/5)")
    if editing:
        rating.add_argument("--no-rating", action="store_true", help="remove the rating")
    parser.add_argument("--headline", help='a headline or verdict, e.g. "stream it"')
    body = parser.add_mutually_exclusive_group()
    body.add_argument("--body", help="the review text (Markdown)")
    body.add_argument(
        "--body-file", metavar="PATH", help="read the review text from a file, or - for stdin"
    )
    parser.add_argument(
        "--tag",
        action="append",
        metavar="TAG",
        help="a tag; repeat for more" + ("; replaces the current tags" if editing else ""),
    )
    parser.add_argument(
        "--spoilers", action=argparse.BooleanOptionalAction, help="the review has spoilers"
    )
    parser.add_argument(
        "--draft", action=argparse.BooleanOptionalAction, help="keep it as an unfinished draft"
    )
    parser.add_argument(
        "--viewing", type=id_argument, metavar="ID", help="the diary entry it is about"
    )


def read_body_file(name: str) -> str:
    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_BODY_BYTES + 1)
        else:
            with Path(name).open("rb") as handle:
                data = handle.read(MAX_BODY_BYTES + 1)
    except OSError as exc:
        raise ValidationError(f"cannot read {name}: {exc.strerror}") from None
    if len(data) > MAX_BODY_BYTES:
        raise ValidationError(f"{name} is larger than {MAX_BODY_BYTES // 1_000_000} MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        source = "standard input" if name == "-" else name
        raise ValidationError(
            f"{source} is not UTF-8 text (bad byte at position {exc.start})"
        ) from None


def review_fields_from_options(args: argparse.Namespace, base: ReviewFields) -> ReviewFields:
    fields = base
    if args.rating is not None:
        fields = replace(fields, rating_tenths=parse_rating(args.rating))
    if getattr(args, "no_rating", False):
        fields = replace(fields, rating_tenths=None)
    if args.headline is not None:
        fields = replace(fields, headline=args.headline)
    if args.body is not None:
        fields = replace(fields, body=args.body)
    if args.body_file is not None:
        fields = replace(fields, body=read_body_file(args.body_file))
    if args.tag is not None:
        fields = replace(fields, tags=tuple(args.tag))
    if args.spoilers is not None:
        fields = replace(fields, spoilers=args.spoilers)
    if args.draft is not None:
        fields = replace(fields, draft=args.draft)
    if args.viewing is not None:
        fields = replace(fields, viewing_id=args.viewing)
    return fields
