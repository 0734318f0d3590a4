"""``watchjournal show FILM``: a film with its diary and reviews."""

from __future__ import annotations

import argparse

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.cli.link import film_ref_json
from watchjournal.cli.output import film_json, film_text
from watchjournal.journal import FilmLinkRecord


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("show", help="show a film with its viewings and reviews")
    parser.add_argument("film", metavar="FILM", help='id, "Title (Year)" or title')
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    film = ctx.service.resolve_film(args.film)
    links = ctx.service.links_of(film.id)
    if args.json:
        ctx.print_json({**film_json(film), "links": links_json(links)})
    else:
        ctx.print(film_text(film))
        for line in links_text(links):
            ctx.print(line)
    return 0


def links_json(links: list[FilmLinkRecord]) -> list[dict[str, object]]:
    """The films a film is linked to (either way round), as ``show --json`` gives them."""
    return [{"film": film_ref_json(link.other), "note": link.note} for link in links]


def links_text(links: list[FilmLinkRecord]) -> list[str]:
    if not links:
        return []
    lines = ["Reminds me of:"]
    for link in links:
        note = f" — {link.note}" if link.note else ""
        lines.append(f"  {link.other.long_label}  [id {link.other.id}]{note}")
    return lines
