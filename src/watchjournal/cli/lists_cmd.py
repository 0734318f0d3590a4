"""``watchjournal lists``: your film lists: show them, make and change them.

``lists`` shows every list and ``lists NAME`` one list's films; ``lists new``,
``add``, ``remove``, ``move``, ``rename``, ``describe``, ``rank``, ``unrank``
and ``delete`` change them. A list whose name is one of those words is shown
with ``lists show NAME``. A list is named by its name (case and accents do not
matter) or ``#id``; a FILM as everywhere else (an ambiguous title is refused).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from watchjournal.cli.context import CliContext, add_yes_flag, confirmed
from watchjournal.errors import ValidationError
from watchjournal.journal.jsonable import iso
from watchjournal.journal.lists import FilmListRecord, ListWithFilms
from watchjournal.journal.validate import parse_whole

SHOW = "show"
LIST_HELP = "the list's name (or #id)"


class _AnyWord(Mapping[str, argparse.ArgumentParser]):
    """The actions by name, where any word passes argparse's check of the choice:
    a word that is no action is a list's name (see ``_ListActions``)."""

    def __init__(self, actions: dict[str, argparse.ArgumentParser]) -> None:
        self._actions = actions

    def __getitem__(self, name: str) -> argparse.ArgumentParser:
        return self._actions[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._actions)

    def __len__(self) -> int:
        return len(self._actions)

    def __contains__(self, key: object) -> bool:
        return True


if TYPE_CHECKING:
    _SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:  # not subscriptable at run time
    _SubParsers = argparse._SubParsersAction


class _ListActions(_SubParsers):
    """``lists NAME ...`` is ``lists show NAME ...`` unless NAME is an action."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The stubs say dict; argparse only asks it for `in`, items and iteration.
        self.choices = _AnyWord(self._name_parser_map)  # type: ignore[assignment]

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        words = list(values or [])
        if words and words[0] not in self._name_parser_map:
            words.insert(0, SHOW)
        super().__call__(parser, namespace, words, option_string)


def _json_flag(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: an action that is not given --json leaves ``lists --json`` as it was.
    parser.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print machine-readable JSON on stdout",
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "lists",
        help="show, make and change your film lists",
        usage="%(prog)s [-h] [--json] [NAME | ACTION ...]",
        description="With no action, every list; `lists NAME` shows one list's films"
        " (`lists show NAME` for a list named like an action). A list is named by its"
        " name, whatever the case and accents, or by #id.",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")
    parser.set_defaults(handler=run_overview)
    actions = parser.add_subparsers(
        title="actions", metavar="ACTION", action=_ListActions, prog=parser.prog
    )

    def action(name: str, help_text: str, *, with_list: bool = True) -> argparse.ArgumentParser:
        sub = actions.add_parser(
            name, help=help_text, description=help_text[:1].upper() + help_text[1:] + "."
        )
        if with_list:
            sub.add_argument("list", metavar="NAME", help=LIST_HELP)
        _json_flag(sub)
        return sub

    show = action(SHOW, "show one list's films, in order")
    show.set_defaults(handler=run_show)
    new = action("new", "make a new, empty list", with_list=False)
    new.add_argument("name", metavar="NAME", help="its name (no other list may have it)")
    new.add_argument("--ranked", action="store_true", help="number its films (a ranked list)")
    new.add_argument("--description", metavar="TEXT", help="what the list is about")
    new.set_defaults(handler=run_new)
    add = action("add", "add films to the end of a list (films on it already stay put)")
    add.add_argument("films", metavar="FILM", nargs="+", help='id, "Title (Year)" or title')
    add.set_defaults(handler=run_add)
    remove = action("remove", "take a film off a list (the film stays in the journal)")
    remove.add_argument("film", metavar="FILM", help='id, "Title (Year)" or title')
    remove.set_defaults(handler=run_remove)
    move = action("move", "move a film to another place on a list")
    move.add_argument("film", metavar="FILM", help='id, "Title (Year)" or title')
    move.add_argument("position", metavar="POSITION", help="its new place, 1 for the top")
    move.set_defaults(handler=run_move)
    rename = action("rename", "give a list a new name")
    rename.add_argument("new_name", metavar="NEW", help="the new name")
    rename.add_argument("--description", metavar="TEXT", help="a new description too")
    rename.set_defaults(handler=run_rename)
    describe = action("describe", "set what a list is about")
    describe.add_argument("text", metavar="TEXT", help='the description ("" removes it)')
    describe.set_defaults(handler=run_describe)
    for name, ranked in (("rank", True), ("unrank", False)):
        what = (
            "number a list's films (a ranked list)" if ranked else "stop numbering a list's films"
        )
        action(name, what).set_defaults(handler=run_rank, ranked=ranked)
    delete = action("delete", "delete a list (its films stay in the journal)")
    add_yes_flag(delete)
    delete.set_defaults(handler=run_delete)


# Output ---------------------------------------------------------------------------


def films_text(count: int) -> str:
    return "1 film" if count == 1 else f"{count} films"


def list_json(view: ListWithFilms) -> dict[str, Any]:
    chosen = view.list
    return {
        "id": chosen.id,
        "name": chosen.name,
        "description": chosen.description,
        "ranked": chosen.ranked,
        "created_at": iso(chosen.created_at),
        "updated_at": iso(chosen.updated_at),
        "films": [
            {
                "position": entry.position + 1,
                "id": film.id,
                "title": film.title,
                "year": film.year,
                "rating": film.rating,
                "note": entry.note,
            }
            for film, entry in zip(view.films, chosen.entries, strict=True)
        ],
    }


def _print_list(
    args: argparse.Namespace,
    ctx: CliContext,
    view: ListWithFilms,
    extra: dict[str, Any] | None = None,
) -> None:
    if args.json:
        ctx.print_json({**list_json(view), **(extra or {})})
        return
    chosen = view.list
    ctx.print(chosen.name + ("  (ranked)" if chosen.ranked else ""))
    if chosen.description:
        ctx.print(chosen.description)
    if not chosen.entries:
        ctx.print(f'No films yet. Add some with: watchjournal lists add "{chosen.name}" FILM')
    for film, entry in zip(view.films, chosen.entries, strict=True):
        note = f" — {entry.note}" if entry.note else ""
        ctx.print(f"{entry.position + 1:>4}. {film.label}{note}")


def _changed(
    args: argparse.Namespace, ctx: CliContext, list_id: int, text: str, **extra: Any
) -> None:
    """After a change: what was done in words, or the list as it is now in JSON."""
    if args.json:
        _print_list(args, ctx, ctx.service.films_of_list(list_id), extra)
    else:
        ctx.print(text)


# Actions --------------------------------------------------------------------------


def run_overview(args: argparse.Namespace, ctx: CliContext) -> int:
    lists = ctx.service.lists()
    if args.json:
        ctx.print_json(
            [
                {
                    "id": x.id,
                    "name": x.name,
                    "description": x.description,
                    "ranked": x.ranked,
                    "films": len(x.entries),
                }
                for x in lists
            ]
        )
        return 0
    if not lists:
        ctx.print('You have no lists yet. Make one with: watchjournal lists new "NAME"')
    for item in lists:
        ranked = ", ranked" if item.ranked else ""
        ctx.print(f"{item.id:>5}  {item.name}  ({films_text(len(item.entries))}{ranked})")
    return 0


def _list_of(args: argparse.Namespace, ctx: CliContext) -> FilmListRecord:
    return ctx.service.resolve_list(args.list)


def run_show(args: argparse.Namespace, ctx: CliContext) -> int:
    chosen = _list_of(args, ctx)
    _print_list(args, ctx, ctx.service.films_of_list(chosen.id))
    return 0


def run_new(args: argparse.Namespace, ctx: CliContext) -> int:
    made = ctx.service.create_list(args.name, args.description, ranked=args.ranked)
    kind = "ranked list" if made.ranked else "list"
    _changed(args, ctx, made.id, f'Made the {kind} "{made.name}".')
    return 0


def run_add(args: argparse.Namespace, ctx: CliContext) -> int:
    chosen = _list_of(args, ctx)
    # Every FILM is found before anything changes: one bad FILM adds nothing.
    films = [ctx.service.resolve_film(reference) for reference in args.films]
    done = ctx.service.add_films_to_list(chosen.id, [f.id for f in films])
    labels = {f.id: f.label for f in films}
    lines = [
        f'{verb} "{done.list.name}": {", ".join(labels[i] for i in ids)}.'
        for verb, ids in (("Added to", done.added), ("Already on", done.already))
        if ids
    ]
    added, already = list(done.added), list(done.already)
    _changed(args, ctx, chosen.id, "\n".join(lines), added=added, already=already)
    return 0


def run_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    chosen = _list_of(args, ctx)
    film = ctx.service.resolve_film(args.film)
    ctx.service.remove_from_list(chosen.id, film.id)
    _changed(args, ctx, chosen.id, f'Took {film.label} off "{chosen.name}".')
    return 0


def run_move(args: argparse.Namespace, ctx: CliContext) -> int:
    chosen = _list_of(args, ctx)
    position = parse_whole(args.position, "POSITION", "a whole number, 1 for the top")
    if position < 1:
        raise ValidationError("POSITION counts from 1 (the top of the list)")
    film = ctx.service.resolve_film(args.film)
    ctx.service.move_in_list(chosen.id, film.id, position - 1)
    _print_list(args, ctx, ctx.service.films_of_list(chosen.id))
    return 0


def run_rename(args: argparse.Namespace, ctx: CliContext) -> int:
    chosen = _list_of(args, ctx)
    renamed = ctx.service.rename_list(chosen.id, args.new_name, args.description)
    _changed(args, ctx, chosen.id, f'Renamed "{chosen.name}" to "{renamed.name}".')
    return 0


def run_describe(args: argparse.Namespace, ctx: CliContext) -> int:
    chosen = _list_of(args, ctx)
    changed = ctx.service.describe_list(chosen.id, args.text)
    verb = "Described" if changed.description else "Removed the description of"
    _changed(args, ctx, chosen.id, f'{verb} "{changed.name}".')
    return 0


def run_rank(args: argparse.Namespace, ctx: CliContext) -> int:
    chosen = _list_of(args, ctx)
    ctx.service.set_list_ranked(chosen.id, args.ranked)
    _print_list(args, ctx, ctx.service.films_of_list(chosen.id))
    return 0


def run_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    chosen = _list_of(args, ctx)
    what = f'the list "{chosen.name}" ({films_text(len(chosen.entries))})'
    question = f"Delete {what}? The films stay in the journal."
    if not confirmed(args.yes, f"not deleting {what}", question):
        ctx.print("Nothing deleted.")
        return 1
    ctx.service.delete_list(chosen.id)
    if args.json:
        ctx.print_json({"deleted": {"id": chosen.id, "name": chosen.name}})
    else:
        ctx.print(f'Deleted the list "{chosen.name}"; its films stay in the journal.')
    return 0
