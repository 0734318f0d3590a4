"""``watchjournal lists [NAME]``: your named film lists, or the films of one list."""

from __future__ import annotations

import argparse

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.journal import FilmListRecord, NotFoundError
from watchjournal.journal.validate import fold_key


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("lists", help="show your film lists, or one list's films")
    parser.add_argument("name", metavar="NAME", nargs="?", help="a list's name (or #id)")
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def _find(lists: list[FilmListRecord], name: str) -> FilmListRecord:
    text = name.strip()
    for item in lists:
        if fold_key(item.name) == fold_key(text) or text == f"#{item.id}":
            return item
    raise NotFoundError(f'there is no list called "{text}"')


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    lists = ctx.service.lists()
    if args.name is None:
        if args.json:
            ctx.print_json([{"id": x.id, "name": x.name, "films": len(x.entries)} for x in lists])
        for item in [] if args.json else lists:
            ctx.print(f"{item.id:>5}  {item.name}  ({len(item.entries)} films)")
        return 0
    chosen = _find(lists, args.name)
    films = [ctx.service.get_film(entry.film_id) for entry in chosen.entries]
    if args.json:
        ctx.print_json(
            {
                "id": chosen.id,
                "name": chosen.name,
                "description": chosen.description,
                "films": [
                    {
                        "id": f.id,
                        "title": f.title,
                        "year": f.year,
                        "rating": f.rating,
                        "note": e.note,
                    }
                    for f, e in zip(films, chosen.entries, strict=True)
                ],
            }
        )
        return 0
    ctx.print(chosen.name)
    if chosen.description:
        ctx.print(chosen.description)
    for number, (film, entry) in enumerate(zip(films, chosen.entries, strict=True), start=1):
        ctx.print(f"{number:>4}. {film.label}" + (f" — {entry.note}" if entry.note else ""))
    return 0
