"""``watchjournal link FILM OTHER`` and ``unlink FILM OTHER``: "reminds me of" links.

A link has no direction: both films show it (``show``), and ``like:`` in a
search finds the films linked to a title. Linking two films that are already
linked changes the note when ``--note`` is given (``--note ""`` removes it).
"""

from __future__ import annotations

import argparse
from typing import Any

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.journal import FilmLinkRecord, FilmRecord, FilmSummary

FILM_HELP = 'id, "Title (Year)" or title'


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    link = subparsers.add_parser(
        "link",
        help='link two films: each "reminds me of" the other',
        description="Link FILM and OTHER (both films show the link); linking them again"
        " changes the note.",
    )
    link.add_argument("film", metavar="FILM", help=FILM_HELP)
    link.add_argument("other", metavar="OTHER", help=FILM_HELP)
    link.add_argument(
        "--note", metavar="TEXT", help='why, e.g. "same one-woman-army energy" ("" removes it)'
    )
    add_json_flag(link)
    link.set_defaults(handler=run_link)
    unlink = subparsers.add_parser("unlink", help="remove the link between two films")
    unlink.add_argument("film", metavar="FILM", help=FILM_HELP)
    unlink.add_argument("other", metavar="OTHER", help=FILM_HELP)
    add_json_flag(unlink)
    unlink.set_defaults(handler=run_unlink)


def film_ref_json(film: FilmSummary | FilmRecord) -> dict[str, Any]:
    """How a link names a film: ``{"id": 3, "title": "Kate", "year": 2021}``."""
    return {"id": film.id, "title": film.title, "year": film.year}


def link_json(film: FilmRecord, link: FilmLinkRecord) -> dict[str, Any]:
    return {"film": film_ref_json(film), "other": film_ref_json(link.other), "note": link.note}


def _link_text(verb: str, film: FilmRecord, link: FilmLinkRecord) -> str:
    note = f" — {link.note}" if link.note else ""
    return f"{verb} {film.long_label} and {link.other.long_label}{note}"


def _films(args: argparse.Namespace, ctx: CliContext) -> tuple[FilmRecord, FilmRecord]:
    # Both are resolved before anything changes: an ambiguous OTHER links nothing.
    return ctx.service.resolve_film(args.film), ctx.service.resolve_film(args.other)


def run_link(args: argparse.Namespace, ctx: CliContext) -> int:
    film, other = _films(args, ctx)
    link = ctx.service.link_films(film.id, other.id, args.note)
    if args.json:
        ctx.print_json(link_json(film, link))
    else:
        ctx.print(_link_text("Linked", film, link))
    return 0


def run_unlink(args: argparse.Namespace, ctx: CliContext) -> int:
    film, other = _films(args, ctx)
    link = ctx.service.unlink_films(film.id, other.id)
    if args.json:
        ctx.print_json(link_json(film, link))
    else:
        ctx.print(_link_text("Unlinked", film, link))
    return 0
