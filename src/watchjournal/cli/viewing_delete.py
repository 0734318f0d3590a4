"""``watchjournal viewing-delete VIEWING_ID``: delete one entry from the diary.

Reviews about that viewing stay, about no viewing in particular. ``diary-delete``
is the command's earlier name and still works.
"""

from __future__ import annotations

import argparse

from watchjournal.cli.context import CliContext, add_json_flag, add_yes_flag, confirmed
from watchjournal.cli.ids import id_argument
from watchjournal.cli.output import describe_viewing, film_json, viewing_json


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "viewing-delete",
        aliases=["diary-delete"],
        help="delete a viewing from the diary (its review stays)",
        description="Viewing ids are shown by `watchjournal show FILM`.",
    )
    parser.add_argument("viewing_id", type=id_argument, metavar="VIEWING_ID")
    add_yes_flag(parser)
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    viewing = ctx.service.get_viewing(args.viewing_id)
    film = ctx.service.get_film(viewing.film_id)
    what = describe_viewing(viewing, film)
    reviews = [f"#{r.id}" for r in film.reviews if r.viewing_id == viewing.id]
    stays = f" Its review {', '.join(reviews)} stays." if reviews else ""
    if not confirmed(args.yes, f"not deleting {what}", f"Delete {what}?{stays}"):
        ctx.print("Nothing deleted.")
        return 1
    deleted = ctx.service.delete_viewing(viewing.id)
    if args.json:
        ctx.print_json(
            {**viewing_json(deleted.viewing), "film": film_json(ctx.service.get_film(film.id))}
        )
    else:
        ctx.print(f"Deleted {what}.{stays}")
    return 0
