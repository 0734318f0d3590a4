"""Back/Forward history of the film pages and searches the user looked at, like a browser's.

A place is a film's page (and the library view it was shown in) or a search
(and the result being looked at). Following a link (a director, a tag, a film
this one reminds you of) adds a place, as clicking a link in a browser does.
Browsing does not pile up places: moving through a list replaces the film
place it is on, unless that place was reached by a link (then the first film
browsed to is a new place and the ones after it replace it), and typing a
search replaces the search being typed. Looking at another search result
changes the search place's result, so Back returns to the search with that
result chosen. Going somewhere new drops the places ahead, as in a browser.

No Qt here: ``ui.film.navigation`` drives it from the window's signals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

MAX_PLACES = 200  # the oldest are dropped beyond this


@dataclass(frozen=True)
class FilmPlace:
    film_id: int
    view: str  # the library view the film was shown in ("films", "watchlist", ...)
    by_link: bool = False


@dataclass(frozen=True)
class SearchPlace:
    query: str
    film_id: int | None = None  # the result being looked at
    by_link: bool = False


Place = FilmPlace | SearchPlace


class PageHistory:
    def __init__(self, limit: int = MAX_PLACES) -> None:
        self._places: list[Place] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> Place | None:
        return self._places[self._index] if self._index >= 0 else None

    @property
    def places(self) -> tuple[Place, ...]:
        return tuple(self._places)

    @property
    def can_go_back(self) -> bool:
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        return self._index < len(self._places) - 1

    def visit(self, place: Place) -> None:
        """Go somewhere new: the places ahead are dropped."""
        if place == self.current:
            return
        del self._places[self._index + 1 :]
        self._places.append(place)
        if len(self._places) > self._limit:
            del self._places[: len(self._places) - self._limit]
        self._index = len(self._places) - 1

    def _replace(self, place: Place) -> None:
        if self._index < 0:
            self.visit(place)
        else:
            self._places[self._index] = place

    def follow_film(self, film_id: int, view: str) -> None:
        """A link to a film's page was followed."""
        current = self.current
        if isinstance(current, FilmPlace) and current.film_id == film_id:
            self._replace(FilmPlace(film_id, view, by_link=True))
        else:
            self.visit(FilmPlace(film_id, view, by_link=True))

    def follow_search(self, query: str) -> None:
        """A link that searches (``director:"Len Wiseman"``) was followed."""
        current = self.current
        if not (isinstance(current, SearchPlace) and current.query == query):
            self.visit(SearchPlace(query, by_link=True))

    def browse_film(self, film_id: int, view: str) -> None:
        """The film shown changed because the user moved in a list (or changed views)."""
        current = self.current
        if isinstance(current, FilmPlace) and (current.film_id == film_id or not current.by_link):
            by_link = current.by_link and current.film_id == film_id
            self._replace(FilmPlace(film_id, view, by_link))
        else:
            self.visit(FilmPlace(film_id, view))

    def browse_search(self, query: str) -> None:
        """The search in the search field is ``query`` (typed, or run again)."""
        current = self.current
        if isinstance(current, SearchPlace):
            if current.query == query:
                return
            if not current.by_link:
                self._replace(SearchPlace(query))
                return
        self.visit(SearchPlace(query))

    def look_at_result(self, film_id: int | None) -> None:
        """The search result being looked at changed."""
        current = self.current
        if isinstance(current, SearchPlace) and film_id is not None:
            self._replace(replace(current, film_id=film_id))

    def back(self, gone: Callable[[Place], bool] = lambda _place: False) -> Place | None:
        """The place before this one, skipping places that are ``gone`` (a deleted film)."""
        return self._step(-1, gone)

    def forward(self, gone: Callable[[Place], bool] = lambda _place: False) -> Place | None:
        return self._step(+1, gone)

    def _step(self, step: int, gone: Callable[[Place], bool]) -> Place | None:
        index = self._index + step
        while 0 <= index < len(self._places) and gone(self._places[index]):
            index += step
        if not 0 <= index < len(self._places):
            return None
        self._index = index
        return self._places[index]
