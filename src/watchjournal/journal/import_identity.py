"""Which journal film each film of an import is: the film identity rule (docs/rules.md).

A film link (IMDb id, Letterboxd URI, TMDB id, Trakt id, in that order)
decides over title and year: a batch film whose link a journal film has goes
to that film, and a batch film whose link differs from a journal film's link
of the same kind is another film, whatever their titles. Only a film that
matches no link is matched by its title: by folded title and year (and
directors, when both sides name some), or by title alone for ``title_only``
films (Netflix gives no year). Exactly one journal film that fits: that film;
none: a new film; several: the film is ambiguous, reported with its
candidates and left out of the import with all its rows, never guessed,
unless the user chose one of the candidates (``choices``). Nor is a journal
film given by title alone to two films of the batch when one of them has a
link: either could be it.

A film of the batch without any link that shares its title and year with
other films of the same batch that have links (a Letterboxd diary row of
one of two films called "The Haunted Castle", 1897) could be either of them:
when there are two or more, it is ambiguous among what they become; when
there is one, it is that film. Title-only films of one batch with the same
title are one film.

Letterboxd URIs come in two forms for the same film (``https://boxd.it/2bQA``
and ``https://letterboxd.com/film/the-haunted-castle/``): two URIs only tell
films apart when they are of the same form.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from watchjournal.errors import ValidationError
from watchjournal.journal import validate
from watchjournal.journal.film_fields import FIELDS_BY_NAME
from watchjournal.journal.import_types import Ambiguous, Candidate, ImportFilm
from watchjournal.journal.types import FilmFields

# Which link matches a film first: IMDb's, then Letterboxd's, then TMDB's, then Trakt's.
MATCH_ORDER = ("imdb_id", "letterboxd_uri", "tmdb_id", "trakt_id")

Form = tuple[str, Any]  # (the form of a link, its value in that form)

_LETTERBOXD = re.compile(r"^\s*(?:https?://)?(?:www\.)?(boxd\.it|letterboxd\.com)/([^?#]*)", re.I)


def link_form(name: str, value: Any) -> Form:
    """A link as it is compared: Letterboxd URIs by their form and code or slug."""
    if name != "letterboxd_uri":
        return ("id", value)
    found = _LETTERBOXD.match(str(value))
    if found is None:
        return ("uri", str(value).strip())
    host, path = found.group(1).lower(), found.group(2).strip("/")
    if host == "boxd.it":
        return ("short", path)  # the codes are case-sensitive: "Rain" and "rain" differ
    parts = path.split("/")
    if len(parts) >= 2 and parts[0].lower() == "film":
        return ("film", parts[1].lower())
    return ("uri", path.lower())


def long_label(title: str, year: int | None, directors: Iterable[str]) -> str:
    """``Ballerina (2023, Lee Chung-hyun)``: how a candidate film is named."""
    details = [str(year)] if year else []
    names = list(directors)
    if names:
        details.append(", ".join(names))
    return f"{title} ({', '.join(details)})" if details else title


@dataclass
class JournalFilm:
    """What matching needs of a journal film (one row of ``films``)."""

    id: int
    title: str
    title_key: str
    year: int | None
    directors: tuple[str, ...]
    links: dict[str, Any]  # the links it has, by field name


@dataclass
class Identity:
    """The outcome of matching: what each film of the batch is."""

    # The journal film each batch film goes to (None: a new film, or left out).
    targets: list[int | None]
    # Batch films to add as new films (one per film: repeats are in ``same_as``).
    new: list[int] = field(default_factory=list)
    # A batch film that is the same film as an earlier one of the batch.
    same_as: dict[int, int] = field(default_factory=dict)
    # Films that could be one of several films: resolved once new films have ids.
    open: dict[int, _Open] = field(default_factory=dict)


@dataclass
class _Open:
    journal: list[int]  # journal films it could be
    batch: list[int]  # films of the batch it could be (they may be new)
    choice: int | None


def _has_link(fields: FilmFields) -> bool:
    return any(getattr(fields, name) is not None for name in MATCH_ORDER)


class FilmMatcher:
    """Matches the films of a batch against the journal's films (the rule above)."""

    def __init__(
        self,
        journal: Iterable[JournalFilm],
        films: Sequence[ImportFilm],
        cleaned: Sequence[FilmFields],
        choices: Mapping[int, int] | None = None,
    ) -> None:
        self.films = films
        self.cleaned = cleaned
        self.choices = dict(choices or {})
        self.journal: dict[int, JournalFilm] = {}
        self._by_link: dict[tuple[str, Form], int] = {}
        self._by_title: dict[tuple[str, int | None], list[int]] = defaultdict(list)
        self._by_key: dict[str, list[int]] = defaultdict(list)
        # The links each journal film is known by: its own, and those of the batch
        # films matched to it (so a later batch film with another link is another film).
        self._forms: dict[int, dict[str, set[Form]]] = {}
        for film in journal:
            self.journal[film.id] = film
            for name, value in film.links.items():
                self._by_link.setdefault((name, link_form(name, value)), film.id)
            self._by_title[(film.title_key, film.year)].append(film.id)
            self._by_key[film.title_key].append(film.id)
        # The folded title of each batch film (also its new ``title_key``).
        self.keys = [validate.fold_key(f.title) for f in cleaned]
        self._check_choices()

    def _check_choices(self) -> None:
        # Each chosen film is checked against the film's candidates where they are known:
        # a film of the journal, or one this import adds (an id a dry run showed).
        for index in self.choices:
            if not 0 <= index < len(self.films):
                raise ValidationError(f"the import has no film number {index}")

    # The rule ------------------------------------------------------------------

    def match(self) -> Identity:
        identity = Identity(targets=[None] * len(self.films))
        todo = self._title_only_repeats(identity)
        todo = [i for i in todo if not self._link_match(identity, i)]
        rivals = self._rivals(todo)
        todo = [i for i in todo if not self._chosen(identity, i, rivals.get(i, []))]
        claims: dict[int, list[int]] = defaultdict(list)
        for index in todo:
            candidates = self._candidates(index)
            others = rivals.get(index, [])
            if len(others) == 1:  # no link, and one film of the batch has its title: that one
                identity.same_as[index] = others[0]
            elif others or len(candidates) > 1:
                identity.open[index] = _Open(candidates, others, self.choices.get(index))
            elif candidates:
                claims[candidates[0]].append(index)
            else:
                identity.new.append(index)
        for film_id, claimants in claims.items():
            if len(claimants) > 1 and any(_has_link(self.cleaned[i]) for i in claimants):
                for index in claimants:  # either could be it: none is guessed
                    identity.open[index] = _Open([film_id], [], None)
                continue
            for index in claimants:
                identity.targets[index] = film_id
                self._claim(film_id, index)
        return identity

    def _title_only_repeats(self, identity: Identity) -> list[int]:
        """Title-only films of the batch with one title are one film: the first stands for all."""
        first: dict[str, int] = {}
        todo = []
        for index, film in enumerate(self.films):
            if film.title_only:
                earlier = first.setdefault(self.keys[index], index)
                if earlier != index:
                    identity.same_as[index] = earlier
                    if index in self.choices:  # a choice for any of them is one for all
                        self.choices.setdefault(earlier, self.choices.pop(index))
                    continue
            todo.append(index)
        return todo

    def _link_match(self, identity: Identity, index: int) -> bool:
        fields = self.cleaned[index]
        for name in MATCH_ORDER:
            value = getattr(fields, name)
            film_id = None if value is None else self._by_link.get((name, link_form(name, value)))
            if film_id is None:
                continue
            if self.choices.get(index, film_id) != film_id:
                raise ValidationError(
                    f"{validate.shorten(self.films[index].label)} is {self._label(film_id)}"
                    f" by its {FIELDS_BY_NAME[name].unique}; it cannot be another film"
                )
            identity.targets[index] = film_id
            self._claim(film_id, index)
            return True
        return False

    def _chosen(self, identity: Identity, index: int, rivals: list[int]) -> bool:
        """Whether the user gave the film a journal film (checked against what it could be).

        A film that may be one of the batch's own new films is checked once they have ids.
        """
        film_id = self.choices.get(index)
        if film_id is None:
            return False
        if film_id in self._candidates(index):
            identity.targets[index] = film_id
            self._claim(film_id, index)
            return True
        if rivals:
            return False
        raise ValidationError(
            f"{validate.shorten(self.films[index].label)} cannot be"
            f" {self._label(film_id)}: it is not one of the films it matches"
        )

    def _rivals(self, todo: list[int]) -> dict[int, list[int]]:
        """For films without links: the batch's films with links and the same title and year."""
        linked: dict[tuple[str, int | None], list[int]] = defaultdict(list)
        for index, fields in enumerate(self.cleaned):
            if _has_link(fields) and not self.films[index].title_only:
                linked[(self.keys[index], fields.year)].append(index)
        rivals = {}
        for index in todo:
            fields = self.cleaned[index]
            if not _has_link(fields) and not self.films[index].title_only:
                rivals[index] = linked.get((self.keys[index], fields.year), [])
        return rivals

    def _candidates(self, index: int) -> list[int]:
        """The journal films a batch film could be by its title (no link of theirs differs)."""
        fields, key = self.cleaned[index], self.keys[index]
        found = (
            self._by_key[key]
            if self.films[index].title_only
            else self._by_title[(key, fields.year)]
        )
        wanted = {validate.fold_key(d) for d in fields.directors}
        candidates = []
        for film_id in found:
            theirs = {validate.fold_key(d) for d in self.journal[film_id].directors}
            if wanted and theirs and not wanted & theirs:
                continue
            if self._differs(film_id, fields):
                continue
            candidates.append(film_id)
        return candidates

    def _differs(self, film_id: int, fields: FilmFields) -> bool:
        """Whether a link of ``fields`` differs from the film's link of the same kind."""
        known = self._known_forms(film_id)
        for name in MATCH_ORDER:
            value = getattr(fields, name)
            if value is None or name not in known:
                continue
            kind, code = link_form(name, value)
            if any(k == kind and c != code for k, c in known[name]):
                return True
        return False

    def _known_forms(self, film_id: int) -> dict[str, set[Form]]:
        if film_id not in self._forms:
            links = self.journal[film_id].links
            self._forms[film_id] = {n: {link_form(n, v)} for n, v in links.items()}
        return self._forms[film_id]

    def _claim(self, film_id: int, index: int) -> None:
        """Give the journal film the links of a batch film found to be it."""
        fields = self.cleaned[index]
        known = self._known_forms(film_id)
        for name in MATCH_ORDER:
            value = getattr(fields, name)
            if value is not None:
                known.setdefault(name, set()).add(link_form(name, value))

    def _label(self, film_id: int) -> str:
        film = self.journal.get(film_id)
        if film is None:
            return f"film {film_id}"
        return long_label(film.title, film.year, film.directors)

    # After new films have ids --------------------------------------------------

    def settle(self, identity: Identity, new_ids: Mapping[int, int]) -> list[Ambiguous]:
        """Fill in the targets of repeats and of open films; the films left out.

        ``new_ids`` maps each batch film in ``identity.new`` to its new film's id.
        """
        for index, film_id in new_ids.items():
            identity.targets[index] = film_id
        new_films = {film_id: index for index, film_id in new_ids.items()}

        def label(film_id: int) -> str:
            if film_id in self.journal:
                return self._label(film_id)
            f = self.cleaned[new_films[film_id]]
            return f"{long_label(f.title, f.year, f.directors)}, new from this import"

        ambiguous = []
        for index in sorted(identity.open):
            pending = identity.open[index]
            settled = [self._settled(identity, k) for k in pending.batch]
            found = {*pending.journal, *(i for i in settled if i is not None)}
            ids = sorted(found, key=self._new_last)
            if pending.choice is not None:
                if pending.choice not in ids:
                    raise ValidationError(
                        f"{validate.shorten(self.films[index].label)} cannot be"
                        f" {self._label(pending.choice)}: it is not one of the films it matches"
                    )
                identity.targets[index] = pending.choice
                continue
            film = self.films[index]
            ambiguous.append(
                Ambiguous(
                    film=index,
                    origin=film.origin,
                    what=film.label,
                    candidates=tuple(Candidate(i, label(i)) for i in ids),
                )
            )
        for index in sorted(identity.same_as):
            identity.targets[index] = self._settled(identity, index)
        return ambiguous

    def _new_last(self, film_id: int) -> tuple[bool, int]:
        return (film_id not in self.journal, film_id)

    def _settled(self, identity: Identity, index: int) -> int | None:
        while index in identity.same_as:
            index = identity.same_as[index]
        if index in identity.open and identity.open[index].choice is None:
            return None
        return identity.targets[index]
