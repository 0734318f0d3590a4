"""The statistics' derived tables, the triggers that mark what they must recompute, and
their first filling (``storage.stats_tables``, ``journal.stats_derived``).

- ``stats_films``, ``stats_viewings``, ``stats_reviews``, ``stats_names``,
  ``stats_film_names``: each film's rating, counts and first viewing, each
  viewing's rewatch flag, each review's words, and the names of every watched
  film as rows, so a period's statistics read precomputed values instead of
  applying the rating and rewatch rules row by row.
- ``stats_dirty``: the films whose derived rows a write must recompute. Row
  triggers on ``films``, ``viewings`` and ``reviews`` (only for the columns
  the derived rows depend on) add a film's id; the service recomputes those
  films at the end of the same write transaction.
- Every film is marked and the tables are filled here, in the migration's
  transaction, by the same ``refresh`` the service runs (as 0006 builds the
  search index with the search package's own code): the rules are defined
  once. A later revision that changes these tables must empty them and mark
  every film again, then refresh at its own head.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# The columns each table's derived rows depend on: other changes mark nothing.
WATCHED = {
    "films": ("id", "year", "runtime", "directors", '"cast"', "genres", "countries"),
    "viewings": ("film_id", "watched_on", "did_not_finish", "rewatch_override"),
    "reviews": ("film_id", "viewing_id", "rating_tenths", "headline", "body", "created_at"),
}
TRIGGER_PREFIX = "stats_dirty_"
PG_FUNCTION = "watchjournal_stats_dirty"


def _film_column(table: str) -> str:
    return "id" if table == "films" else "film_id"


def _create_tables() -> None:
    op.create_table(
        "stats_dirty",
        sa.Column("film_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("film_id", name="pk_stats_dirty"),
    )
    op.create_table(
        "stats_films",
        sa.Column("film_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("rating_tenths", sa.Integer(), nullable=True),
        sa.Column("runtime", sa.Integer(), nullable=True),
        sa.Column("viewings", sa.Integer(), nullable=False),
        sa.Column("rewatches", sa.Integer(), nullable=False),
        sa.Column("did_not_finish", sa.Integer(), nullable=False),
        sa.Column("first_on", sa.Date(), nullable=True),
        sa.Column("first_viewing_id", sa.Integer(), nullable=True),
        sa.Column("rating_steps", sa.String(), nullable=True),
        sa.Column("rating_steps_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("film_id", name="pk_stats_films"),
    )
    op.create_index(
        "ix_stats_films_first", "stats_films", ["first_on", "first_viewing_id", "film_id"]
    )
    op.create_table(
        "stats_viewings",
        sa.Column("viewing_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("film_id", sa.Integer(), nullable=False),
        sa.Column("watched_on", sa.Date(), nullable=True),
        sa.Column("rewatch", sa.Boolean(), nullable=False),
        sa.Column("did_not_finish", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("viewing_id", name="pk_stats_viewings"),
    )
    op.create_index(
        "ix_stats_viewings_period",
        "stats_viewings",
        ["watched_on", "film_id", "rewatch", "did_not_finish"],
    )
    op.create_index("ix_stats_viewings_film", "stats_viewings", ["film_id"])
    op.create_table(
        "stats_reviews",
        sa.Column("review_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("film_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("review_id", name="pk_stats_reviews"),
    )
    op.create_index("ix_stats_reviews_written", "stats_reviews", ["created_at", "film_id", "words"])
    op.create_index("ix_stats_reviews_film", "stats_reviews", ["film_id"])
    op.create_table(
        "stats_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("films", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rated", sa.Integer(), server_default="0", nullable=False),
        sa.Column("total", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stats_names"),
    )
    op.create_index("uq_stats_names_kind_name", "stats_names", ["kind", "name"], unique=True)
    op.create_table(
        "stats_film_names",
        sa.Column("film_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("rating_tenths", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("film_id", "name_id", name="pk_stats_film_names"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_stats_film_names_name", "stats_film_names", ["name_id", "film_id"])


def _sqlite_triggers() -> list[str]:
    statements = []
    for table, columns in WATCHED.items():
        film = _film_column(table)
        # Not INSERT OR IGNORE: a trigger run by a foreign key's action (a review's
        # viewing_id set to NULL as its viewing is deleted) takes the outer
        # statement's conflict policy, which aborts on the duplicate.
        mark_old, mark_new = (
            f"INSERT INTO stats_dirty (film_id) SELECT {row}.{film} WHERE NOT EXISTS"
            f" (SELECT 1 FROM stats_dirty WHERE film_id = {row}.{film});"
            for row in ("OLD", "NEW")
        )
        name = f"{TRIGGER_PREFIX}{table}"
        statements += [
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {mark_new} END",
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {mark_old} END",
            f"CREATE TRIGGER {name}_update AFTER UPDATE OF {', '.join(columns)} ON {table}"
            f" BEGIN {mark_old} {mark_new} END",
        ]
    return statements


def _postgresql_triggers() -> list[str]:
    statements = []
    for table, columns in WATCHED.items():
        film = _film_column(table)
        function = f"{PG_FUNCTION}_{table}"
        statements += [
            f"""
            CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' THEN
                    INSERT INTO stats_dirty (film_id) VALUES (OLD.{film}) ON CONFLICT DO NOTHING;
                END IF;
                IF TG_OP <> 'DELETE' THEN
                    INSERT INTO stats_dirty (film_id) VALUES (NEW.{film}) ON CONFLICT DO NOTHING;
                END IF;
                RETURN NULL;
            END $$
            """,
            f"CREATE TRIGGER {TRIGGER_PREFIX}{table} AFTER INSERT OR DELETE"
            f" OR UPDATE OF {', '.join(columns)} ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION {function}()",
        ]
    return statements


def upgrade() -> None:
    _create_tables()
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    for statement in _postgresql_triggers() if postgresql else _sqlite_triggers():
        op.execute(statement)
    op.execute("INSERT INTO stats_dirty (film_id) SELECT id FROM films")
    # Lazy: the journal layer's one definition of the rules (and of their refresh).
    from watchjournal.journal.stats_derived import refresh

    refresh(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for table in WATCHED:
        if bind.dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}{table} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}_{table}()")
        else:
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}{table}_{event}")
    op.drop_index("ix_stats_film_names_name", table_name="stats_film_names")
    op.drop_table("stats_film_names")
    op.drop_index("uq_stats_names_kind_name", table_name="stats_names")
    op.drop_table("stats_names")
    op.drop_index("ix_stats_reviews_film", table_name="stats_reviews")
    op.drop_index("ix_stats_reviews_written", table_name="stats_reviews")
    op.drop_table("stats_reviews")
    op.drop_index("ix_stats_viewings_film", table_name="stats_viewings")
    op.drop_index("ix_stats_viewings_period", table_name="stats_viewings")
    op.drop_table("stats_viewings")
    op.drop_index("ix_stats_films_first", table_name="stats_films")
    op.drop_table("stats_films")
    op.drop_table("stats_dirty")
