"""The journal's tables as SQLAlchemy 2.x typed ORM models, and the values derived from them.

Ratings are stored as whole tenths (64 means 6.4/10) so that the 0.1 steps of
the rating scale are exact. Lists of names (directors, cast, genres,
countries) are stored as ordered JSON arrays on the film.

Two domain rules are defined here, once, as SQL (see docs/rules.md): which
review gives a film its rating (``rating_precedence``, ``Film.rating_review_id``,
``film_rating_tenths``) and whether a viewing is a rewatch (``is_rewatch``,
``Viewing.rewatch``; ``rewatch_without_override`` asks it of a viewing about to be
logged or moved to another day). They are mapped onto the models so that every load of a
film or viewing carries them, and the lists, search, the CLI and the exports
all read these same expressions.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ColumnElement,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    ScalarSelect,
    String,
    Subquery,
    Table,
    Text,
    UniqueConstraint,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import (
    Mapped,
    QueryableAttribute,
    aliased,
    column_property,
    mapped_column,
    relationship,
)
from sqlalchemy.orm.util import AliasedClass

from watchjournal.storage import stats_tables
from watchjournal.storage.declarative import NAMING_CONVENTION, Base

# The statistics' derived tables join the same metadata (the schema is all of it).
_DERIVED = stats_tables.DERIVED_TABLES


# Tags of a review, kept in the order they were typed (migration 0010).
review_tags = Table(
    "review_tags",
    Base.metadata,
    Column("review_id", ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("position", Integer, nullable=False, default=0, server_default="0"),
)

# Tags of a diary entry (Letterboxd's diary tags), kept in the order they were given.
viewing_tags = Table(
    "viewing_tags",
    Base.metadata,
    Column("viewing_id", ForeignKey("viewings.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("position", Integer, nullable=False, default=0),
)


class Film(Base):
    __tablename__ = "films"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String, nullable=False)
    # Case- and accent-insensitive form of the title, for lookups and duplicates.
    title_key: Mapped[str] = mapped_column(String, nullable=False)
    original_title: Mapped[str | None] = mapped_column(String)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    directors: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    cast: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    genres: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    countries: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    runtime: Mapped[int | None] = mapped_column(Integer)
    synopsis: Mapped[str | None] = mapped_column(Text)
    imdb_id: Mapped[str | None] = mapped_column(String, unique=True)
    tmdb_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    letterboxd_uri: Mapped[str | None] = mapped_column(String, unique=True)
    # Trakt's own id of a film (unique: an index below, added by migration 0005).
    trakt_id: Mapped[int | None] = mapped_column(Integer)
    # Short content notes ("sexual violence", "animal harm"), apart from the spoilers flag.
    content_notes: Mapped[list[str]] = mapped_column(
        JSON, nullable=False, default=list, server_default="[]"
    )
    poster_ref: Mapped[str | None] = mapped_column(String)
    liked: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)

    where_to_watch: Mapped[list[StreamingOption]] = relationship(
        back_populates="film",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="StreamingOption.position",
    )
    watchlist_entry: Mapped[WatchlistEntry | None] = relationship(
        back_populates="film", cascade="all, delete-orphan", passive_deletes=True
    )
    viewings: Mapped[list[Viewing]] = relationship(
        back_populates="film",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(Viewing.watched_on.is_(None).desc(), Viewing.watched_on, Viewing.id)",
    )
    reviews: Mapped[list[Review]] = relationship(
        back_populates="film",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Review.id",
    )

    if TYPE_CHECKING:
        # Derived, read-only: the id of the review whose rating is the film's (mapped below).
        rating_review_id: Mapped[int | None]

    __table_args__ = (
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        CheckConstraint("runtime IS NULL OR runtime > 0", name="runtime_positive"),
        Index("ix_films_title_key_year", "title_key", "year"),
        Index("uq_films_trakt_id", "trakt_id", unique=True),
        # Ids are never reused, so a deleted film can be restored (undo) under its old id.
        {"sqlite_autoincrement": True},
    )


class StreamingOption(Base):
    """Where a film can be watched, and the day that was last checked."""

    __tablename__ = "where_to_watch"

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(
        ForeignKey("films.id", ondelete="CASCADE"), nullable=False, index=True
    )
    service: Mapped[str] = mapped_column(String, nullable=False)
    checked_on: Mapped[date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    film: Mapped[Film] = relationship(back_populates="where_to_watch")


class WatchlistEntry(Base):
    __tablename__ = "watchlist"

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(
        ForeignKey("films.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    added_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    note: Mapped[str | None] = mapped_column(Text)

    film: Mapped[Film] = relationship(back_populates="watchlist_entry")


class WatchlistEvent(Base):
    """A film joining the watchlist ("added"), leaving it ("removed") or leaving it
    because it was watched ("watched"); recorded since migration 0009."""

    __tablename__ = "watchlist_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(
        ForeignKey("films.id", ondelete="CASCADE"), nullable=False, index=True
    )
    event: Mapped[str] = mapped_column(String, nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)

    __table_args__ = (
        CheckConstraint("event IN ('added', 'removed', 'watched')", name="event_known"),
        {"sqlite_autoincrement": True},
    )


class Viewing(Base):
    """One entry in the diary: a film watched on a day (which may be unknown)."""

    __tablename__ = "viewings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed by ix_viewings_film_diary below (film_id first).
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"), nullable=False)
    watched_on: Mapped[date | None] = mapped_column(Date, index=True)
    # None means "derive from earlier viewings"; True/False is the user's override.
    rewatch_override: Mapped[bool | None] = mapped_column(Boolean)
    where: Mapped[str | None] = mapped_column(String)
    did_not_finish: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)

    film: Mapped[Film] = relationship(back_populates="viewings")
    # Read-only: tags are written through ``viewing_tags`` with their positions.
    tags: Mapped[list[Tag]] = relationship(
        secondary=viewing_tags, order_by=viewing_tags.c.position, viewonly=True
    )

    if TYPE_CHECKING:
        # Derived, read-only: whether this viewing is a rewatch (mapped below).
        rewatch: Mapped[bool]

    __table_args__ = (
        # A film's viewings in diary order, covering the rewatch rule and the
        # per-film counts of the statistics (migration 0009).
        Index(
            "ix_viewings_film_diary", "film_id", "watched_on", "did_not_finish", "rewatch_override"
        ),
        {"sqlite_autoincrement": True},
    )


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String, nullable=False)
    name_key: Mapped[str] = mapped_column(String, nullable=False, unique=True)


class Review(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(
        ForeignKey("films.id", ondelete="CASCADE"), nullable=False, index=True
    )
    viewing_id: Mapped[int | None] = mapped_column(
        ForeignKey("viewings.id", ondelete="SET NULL"), index=True
    )
    rating_tenths: Mapped[int | None] = mapped_column(Integer)
    headline: Mapped[str] = mapped_column(Text, nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    spoilers: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    draft: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    # Raised by every save: a save from an editor that loaded an older version
    # knows another machine saved in between (journal/reviews.py).
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    film: Mapped[Film] = relationship(back_populates="reviews")
    # Read-only: tags are written through ``review_tags`` with their positions.
    tags: Mapped[list[Tag]] = relationship(
        secondary=review_tags, order_by=review_tags.c.position, viewonly=True
    )
    revisions: Mapped[list[ReviewRevision]] = relationship(
        back_populates="review",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ReviewRevision.id",
    )

    __table_args__ = (
        CheckConstraint(
            "rating_tenths IS NULL OR rating_tenths BETWEEN 5 AND 100", name="rating_range"
        ),
        # The rating rule's candidates of a film, read from the index alone (migration 0009).
        Index("ix_reviews_film_rating", "film_id", "rating_tenths", "viewing_id", "created_at"),
        {"sqlite_autoincrement": True},
    )


class ReviewRevision(Base):
    """An earlier version of a review, kept whenever the review is changed."""

    __tablename__ = "review_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False
    )
    rating_tenths: Mapped[int | None] = mapped_column(Integer)
    headline: Mapped[str] = mapped_column(Text, nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    saved_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)

    review: Mapped[Review] = relationship(back_populates="revisions")

    __table_args__ = (
        Index("ix_review_revisions_review", "review_id", "saved_at"),
        {"sqlite_autoincrement": True},
    )


class FilmList(Base):
    """A named, ordered list of films (like a Letterboxd list)."""

    __tablename__ = "film_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String, nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)

    entries: Mapped[list[FilmListEntry]] = relationship(
        back_populates="film_list",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="FilmListEntry.position",
    )

    # Ranked lists number their films (Letterboxd's "ranked list"); others keep an order only.
    ranked: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default="0")

    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)


class FilmListEntry(Base):
    __tablename__ = "film_list_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("film_lists.id", ondelete="CASCADE"), nullable=False, index=True
    )
    film_id: Mapped[int] = mapped_column(
        ForeignKey("films.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)

    film_list: Mapped[FilmList] = relationship(back_populates="entries")


class FilmLink(Base):
    """Two films that remind the user of each other, with an optional note.

    A link has no direction: it is stored once, the smaller film id first, and
    shows on both films' pages.
    """

    __tablename__ = "film_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"), nullable=False)
    other_id: Mapped[int] = mapped_column(
        ForeignKey("films.id", ondelete="CASCADE"), nullable=False, index=True
    )
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)

    __table_args__ = (
        CheckConstraint("film_id < other_id", name="ordered_pair"),
        UniqueConstraint("film_id", "other_id", name="uq_film_links_pair"),
        {"sqlite_autoincrement": True},
    )


class JournalChanges(Base):
    """One row whose ``counter`` every write transaction raises (journal/base.py), so a
    window sees that another machine changed the journal with one cheap read."""

    __tablename__ = "journal_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    counter: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default="0")

    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)


# Derived values: the domain rules, each defined once --------------------------------

ReviewLike = type[Review] | AliasedClass[Review]
ViewingLike = type[Viewing] | AliasedClass[Viewing]
FilmId = ColumnElement[Any] | QueryableAttribute[Any]


def rating_precedence(review: ReviewLike, viewing: ViewingLike) -> tuple[ColumnElement[Any], ...]:
    """ORDER BY that puts first the rated review whose rating is the film's rating.

    ``viewing`` is ``review``'s viewing, outer-joined. The rule: the review of the
    most recent viewing, in diary order (by date, an unknown date counting as the
    earliest, then by id); when no rated review belongs to a viewing, the most
    recently *written* review (created, not edited: editing an old review must not
    make it count). Drafts count like any review.
    """
    return (
        viewing.id.is_(None),  # reviews of a viewing first
        viewing.watched_on.is_(None),  # an unknown date is the earliest viewing
        viewing.watched_on.desc(),
        viewing.id.desc(),
        review.created_at.desc(),
        review.id.desc(),
    )


def _rated_review(film_id: FilmId, pick: str) -> ScalarSelect[Any]:
    review = aliased(Review, name="rated_review")
    viewing = aliased(Viewing, name="rated_viewing")
    return (
        select(getattr(review, pick))
        .select_from(review)
        .outerjoin(viewing, review.viewing_id == viewing.id)
        .where(review.film_id == film_id, review.rating_tenths.is_not(None))
        .order_by(*rating_precedence(review, viewing))
        .limit(1)
        .scalar_subquery()
    )


def film_ratings() -> Subquery:
    """``(film_id, rating_tenths)`` of every rated film, by ``rating_precedence``.

    One pass over the rated reviews (a window function) instead of a correlated
    subquery per film: for sorts and filters over the whole library.
    """
    review = aliased(Review, name="ranked_review")
    viewing = aliased(Viewing, name="ranked_viewing")
    rank = func.row_number().over(
        partition_by=review.film_id, order_by=rating_precedence(review, viewing)
    )
    ranked = (
        select(review.film_id, review.rating_tenths, rank.label("n"))
        .select_from(review)
        .outerjoin(viewing, review.viewing_id == viewing.id)
        .where(review.rating_tenths.is_not(None))
        .subquery("ranked_reviews")
    )
    return (
        select(ranked.c.film_id, ranked.c.rating_tenths)
        .where(ranked.c.n == 1)
        .subquery("film_ratings")
    )


def film_rating_review_id(film_id: FilmId) -> ScalarSelect[int | None]:
    """The id of the review that gives the film ``film_id`` its rating (None: unrated)."""
    return _rated_review(film_id, "id")


def film_rating_tenths(film_id: FilmId) -> ScalarSelect[int | None]:
    """The film's rating in tenths by ``rating_precedence`` (None: unrated)."""
    return _rated_review(film_id, "rating_tenths")


def _has_earlier_viewing(
    film_id: FilmId, day: ColumnElement[Any] | QueryableAttribute[Any], viewing_id: FilmId
) -> ColumnElement[bool]:
    """Whether another viewing of ``film_id`` comes before viewing ``viewing_id`` on ``day``
    in diary order: by date, an unknown date counting as the earliest, then by id."""
    earlier = aliased(Viewing, name="earlier_viewing")
    # An unknown date sorts before every date: a date, not "", so PostgreSQL can compare.
    earliest = literal(date.min, Date)
    on = func.coalesce(day, earliest)
    earlier_day = func.coalesce(earlier.watched_on, earliest)
    return (
        exists()
        .where(
            earlier.film_id == film_id,
            earlier.id != viewing_id,  # itself, when asked about a new date for it
            or_(earlier_day < on, and_(earlier_day == on, earlier.id < viewing_id)),
        )
        .correlate_except(earlier)
    )


def is_rewatch(viewing: ViewingLike) -> ColumnElement[bool]:
    """True when ``viewing`` comes after another viewing of its film, unless the user said.

    Viewings are ordered as the diary orders them: by date, an unknown date
    counting as the earliest, then by id. ``rewatch_override`` wins when set.
    """
    has_earlier = _has_earlier_viewing(viewing.film_id, viewing.watched_on, viewing.id)
    return type_coerce(
        case((viewing.rewatch_override.is_not(None), viewing.rewatch_override), else_=has_earlier),
        Boolean,
    )


def rewatch_without_override(
    film_id: int, day: date | None, viewing_id: int | None
) -> ColumnElement[bool]:
    """What ``is_rewatch`` would say, the user not overriding it, of a viewing of
    ``film_id`` on ``day``: viewing ``viewing_id`` moved to that day, or (None) one
    not logged yet, which comes after every viewing of its day (ids only grow)."""
    last = 2**63 - 1  # above every id SQLite can give
    return _has_earlier_viewing(
        literal(film_id, Integer),
        literal(day, Date),
        literal(last if viewing_id is None else viewing_id, Integer),
    )


# Mapped after the classes, as the expressions need all of them. Read-only: loaded
# with every film and viewing, never written.
Film.rating_review_id = column_property(film_rating_review_id(Film.id))
Viewing.rewatch = column_property(is_rewatch(Viewing))


__all__ = [
    "NAMING_CONVENTION",
    "Base",
    "Film",
    "FilmLink",
    "FilmList",
    "FilmListEntry",
    "JournalChanges",
    "Review",
    "ReviewRevision",
    "StreamingOption",
    "Tag",
    "Viewing",
    "WatchlistEntry",
    "WatchlistEvent",
    "film_rating_review_id",
    "film_rating_tenths",
    "is_rewatch",
    "rating_precedence",
    "review_tags",
    "rewatch_without_override",
    "viewing_tags",
]
