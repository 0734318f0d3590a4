"""``watchjournal viewing-edit VIEWING_ID``: change a diary entry (date, where, note,
rewatch, did-not-finish, tags); what is not given stays as it is."""

from __future__ import annotations

import argparse
from typing import Any

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.cli.ids import id_argument
from watchjournal.cli.output import describe_viewing, film_json, viewing_json
from watchjournal.journal import ValidationError
from watchjournal.journal.validate import parse_date


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "viewing-edit",
        help="change a viewing in the diary",
        description="Viewing ids are shown by `watchjournal show FILM`. An empty"
        ' --where or --note ("") clears it.',
    )
    parser.add_argument("viewing_id", type=id_argument, metavar="VIEWING_ID")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--on", metavar="YYYY-MM-DD", help="the day you watched it")
    when.add_argument("--date-unknown", action="store_true", help="you don't remember when")
    parser.add_argument("--where", metavar="NAME", help="where or how you watched it")
    parser.add_argument("--note", help="a note about this viewing")
    rewatch = parser.add_mutually_exclusive_group()
    rewatch.add_argument(
        "--rewatch", dest="rewatch", action="store_const", const=True, help="count it as a rewatch"
    )
    rewatch.add_argument(
        "--first-watch",
        dest="rewatch",
        action="store_const",
        const=False,
        help="count it as a first watch",
    )
    rewatch.add_argument(
        "--rewatch-by-date",
        dest="rewatch",
        action="store_const",
        const="rule",
        help="a rewatch if an earlier viewing is in the diary (the default)",
    )
    finished = parser.add_mutually_exclusive_group()
    finished.add_argument(
        "--dnf", dest="dnf", action="store_const", const=True, help="you did not finish it"
    )
    finished.add_argument(
        "--finished", dest="dnf", action="store_const", const=False, help="you finished it"
    )
    parser.add_argument(
        "--tag",
        action="append",
        metavar="TAG",
        help="a tag of this diary entry; repeat for more; replaces its tags (--tag '' clears)",
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def changes(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of ``JournalService.edit_viewing`` the options ask for."""
    found: dict[str, Any] = {}
    if args.date_unknown:
        found["on"] = None
    elif args.on is not None:
        found["on"] = parse_date(args.on)
    for name in ("where", "note"):
        if getattr(args, name) is not None:
            found[name] = getattr(args, name)
    if args.rewatch is not None:
        found["rewatch"] = None if args.rewatch == "rule" else args.rewatch
    if args.dnf is not None:
        found["did_not_finish"] = args.dnf
    if args.tag is not None:
        found["tags"] = tuple(args.tag)
    return found


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    wanted = changes(args)
    if not wanted:
        raise ValidationError(
            "nothing to change: give --on, --date-unknown, --where, --note, --rewatch,"
            " --first-watch, --rewatch-by-date, --dnf, --finished or --tag"
        )
    viewing = ctx.service.edit_viewing(args.viewing_id, **wanted)
    film = ctx.service.get_film(viewing.film_id)
    if args.json:
        ctx.print_json({**viewing_json(viewing), "film": film_json(film)})
    else:
        ctx.print(f"Updated {describe_viewing(viewing, film)}.")
    return 0
