"""The search index of a journal on PostgreSQL: its tables, functions and triggers.

One row per film in ``search_documents`` (``film_id`` the film's id): the film's
searchable text in the same columns as SQLite's index (``search.index.COLUMNS``,
several values joined with U+001E, kept to cut snippets from), a tsvector per
column (for ``title:``, ``director:``... queries) and ``document``, all columns
weighted in one tsvector with a GIN index, which finds and ranks.

Words are folded and stemmed as SQLite's ``porter unicode61 remove_diacritics``
tokenizer does: two text search configurations, ``watchjournal_english`` (the
Snowball English stemmer, without stop words, so "the" stays findable) and
``watchjournal_simple`` (no stemming); both fold accents with the ``unaccent``
dictionary first. A column's tsvector holds both lexemes of every word at the
word (``flamethrowers`` and ``flamethrow``, see ``vector_function``): a word is
found by its stem, a prefix being typed by the stem's prefix or the word's. Hyphenated
words are their parts (``Ok-ju`` is "ok" then "ju"), as in SQLite.

Without the ``unaccent`` extension (not installed on the server, or not
allowed), ``watchjournal_fold`` (a ``translate()`` table of accented Latin
letters, from Python's Unicode data) folds the text instead; everything else
is the same.

Statement-level triggers re-compose the rows of the films a change touches
(``watchjournal_search_refresh``) in the same transaction as the change; a
row is deleted with its film (a foreign key). Re-composing many rows at once
(imports, ``copy-to``, a rebuild) is ``search.pg_rebuild``.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import Connection, text

from watchjournal.search import pg_pairs
from watchjournal.search.index import COLUMNS, REVIEW_IDS_COLUMN, STRONG_COLUMNS

TABLE = "search_documents"
SOURCE_VIEW = "search_documents_source"
ENGLISH = "watchjournal_english"
SIMPLE = "watchjournal_simple"
FOLD_FUNCTION = "watchjournal_fold"
VECTOR_FUNCTION = "watchjournal_search_vector"
QUERY_FUNCTION = "watchjournal_search_query"
REFRESH_FUNCTION = "watchjournal_search_refresh"
TRIGGER_PREFIX = "watchjournal_search_"
DOCUMENT = "document"
# ts_rank's weights for the labels D, C, B, A (``WEIGHT_LABELS``): about SQLite's
# bm25 column weights (search.index.COLUMN_WEIGHTS: 10 titles, 6 and 4 people,
# 3 or 2 genres, countries, tags, notes and services, 1 reviews).
RANK_WEIGHTS = "{0.1, 0.3, 0.5, 1.0}"
WEIGHT_LABELS = {
    "title": "A",
    "directors": "B",
    "cast_members": "B",
    "genres": "C",
    "countries": "C",
    "streaming": "C",
    "tags": "C",
    "notes": "C",
    "reviews": "D",
}
# A lexeme no word ever becomes, put between columns in ``document`` so that a
# phrase never runs from the end of one column into the next.
_GAP = "'''|'':2'::tsvector"


def vector_column(column: str) -> str:
    return f"v_{column}"


# Token types of the default parser that are words (compound hyphenated words are
# left out: their parts are the words, as for SQLite's tokenizer).
_WORD_TOKENS = (
    "asciiword, word, numword, hword_asciipart, hword_part, hword_numpart, email, url,"
    " host, sfloat, version, file, float, int, uint, url_path"
)


def _fold_body(unaccent_schema: str | None) -> str:
    if unaccent_schema is not None:
        return "SELECT $1"  # the configurations fold accents themselves (unaccent dictionary)
    accented, plain = _translate_table()
    return f"SELECT translate($1, '{accented}', '{plain}')"


def _translate_table() -> tuple[str, str]:
    """Latin letters with accents, and the same letters without (one for one)."""
    accented, plain = [], []
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if len(base) == 1 and base != char and base.isascii() and base.isalpha():
            accented.append(char)
            plain.append(base)
    return "".join(accented), "".join(plain)


def _configuration(name: str, dictionary: str, unaccent_schema: str | None) -> list[str]:
    chain = f"{unaccent_schema}.unaccent, {dictionary}" if unaccent_schema else dictionary
    return [
        f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.simple)",
        f"ALTER TEXT SEARCH CONFIGURATION {name} DROP MAPPING FOR asciihword, hword, numhword",
        f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR {_WORD_TOKENS} WITH {chain}",
    ]


def vector_function() -> str:
    """The function that makes a column's tsvector (``CREATE OR REPLACE``: 0013 updates it).

    The stemmed words, a gap, then the plain words: ``||`` puts the second
    tsvector after the first (a phrase can run within either, never from one into
    the other across the gap). Until 0013 both lexemes of a word shared its
    position, through the text form of both read back as one tsvector: the same
    words and phrases match either way, and this is a third quicker to build.
    """
    return f"""CREATE OR REPLACE FUNCTION {VECTOR_FUNCTION}(body text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN body IS NULL THEN ''::tsvector ELSE
        to_tsvector('{ENGLISH}', {FOLD_FUNCTION}(body)) || {_GAP}
        || to_tsvector('{SIMPLE}', {FOLD_FUNCTION}(body)) END $$"""


def query_function() -> str:
    """The function that makes the tsquery of a word or phrase the user typed
    (``CREATE OR REPLACE``: 0013 updates it).

    With ``stem``, words are found by their stems; with ``prefix``, the last word
    is a prefix of a stem or of a word (one prefix when both are the same, as for
    most short prefixes: GIN then walks its words once, not twice). Words only
    ever go through the parser (phraseto_tsquery), so no user text is read as
    tsquery syntax.
    """
    return f"""CREATE OR REPLACE FUNCTION {QUERY_FUNCTION}(
            words text, prefix boolean, stem boolean)
        RETURNS tsquery LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
        SET client_min_messages = warning AS $$
        DECLARE
            folded text := {FOLD_FUNCTION}(words);
            plain tsquery := phraseto_tsquery('{SIMPLE}', folded);
            stemmed tsquery;
        BEGIN
            IF numnode(plain) = 0 OR NOT (stem OR prefix) THEN
                RETURN plain;
            ELSIF NOT stem THEN
                RETURN (plain::text || ':*')::tsquery;
            END IF;
            stemmed := phraseto_tsquery('{ENGLISH}', folded);
            IF NOT prefix THEN
                RETURN stemmed;
            ELSIF stemmed = plain THEN
                RETURN (plain::text || ':*')::tsquery;
            END IF;
            RETURN (stemmed::text || ':*')::tsquery || (plain::text || ':*')::tsquery;
        END $$"""


def _functions() -> list[str]:
    return [vector_function(), query_function()]


_SEPARATOR = "chr(30)"
_SOURCE = f"""
CREATE VIEW {SOURCE_VIEW} AS
SELECT
    f.id AS film_id,
    f.title || coalesce({_SEPARATOR} || f.original_title, '') AS title,
    (SELECT string_agg(value, {_SEPARATOR} ORDER BY n)
        FROM json_array_elements_text(f.directors) WITH ORDINALITY AS e(value, n)) AS directors,
    (SELECT string_agg(value, {_SEPARATOR} ORDER BY n)
        FROM json_array_elements_text(f."cast") WITH ORDINALITY AS e(value, n)) AS cast_members,
    (SELECT string_agg(value, {_SEPARATOR} ORDER BY n)
        FROM json_array_elements_text(f.genres) WITH ORDINALITY AS e(value, n)) AS genres,
    (SELECT string_agg(value, {_SEPARATOR} ORDER BY n)
        FROM json_array_elements_text(f.countries) WITH ORDINALITY AS e(value, n)) AS countries,
    (SELECT string_agg(name, {_SEPARATOR}) FROM (
        SELECT service AS name FROM where_to_watch WHERE film_id = f.id
        UNION SELECT "where" FROM viewings WHERE film_id = f.id AND "where" IS NOT NULL
    ) AS s) AS streaming,
    (SELECT string_agg(name, {_SEPARATOR}) FROM (
        SELECT t.name AS name FROM reviews r
        JOIN review_tags rt ON rt.review_id = r.id JOIN tags t ON t.id = rt.tag_id
        WHERE r.film_id = f.id
        UNION
        SELECT t.name AS name FROM viewings v
        JOIN viewing_tags vt ON vt.viewing_id = v.id JOIN tags t ON t.id = vt.tag_id
        WHERE v.film_id = f.id
    ) AS t) AS tags,
    (SELECT string_agg(note, {_SEPARATOR} ORDER BY kind, id) FROM (
        SELECT 0 AS kind, id, note FROM watchlist WHERE film_id = f.id AND note IS NOT NULL
        UNION ALL
        SELECT 1, id, note FROM viewings WHERE film_id = f.id AND note IS NOT NULL
    ) AS n) AS notes,
    (SELECT string_agg(
            CASE WHEN headline = '' THEN body ELSE headline || chr(10) || body END,
            {_SEPARATOR} ORDER BY id)
        FROM reviews WHERE film_id = f.id) AS reviews,
    (SELECT string_agg(id::text, ' ' ORDER BY id) FROM reviews WHERE film_id = f.id
    ) AS {REVIEW_IDS_COLUMN}
FROM films AS f
"""


def _table() -> str:
    texts = ", ".join(f"{column} text" for column in (*COLUMNS, REVIEW_IDS_COLUMN))
    vectors = ", ".join(f"{vector_column(column)} tsvector NOT NULL" for column in COLUMNS)
    return (
        f"CREATE TABLE {TABLE} (film_id integer PRIMARY KEY"
        f" REFERENCES films (id) ON DELETE CASCADE, {texts}, {vectors},"
        f" {DOCUMENT} tsvector NOT NULL, {pg_pairs.PAIRS} tsvector NOT NULL,"
        f" {pg_pairs.OVERFLOWED} boolean NOT NULL)"
    )


def refresh_function(pairs: bool = True) -> str:
    """The function that re-composes the rows of some films (``CREATE OR REPLACE``:
    0014 adds ``pairs``, ``pg_pairs``; without ``pairs``, the function before it)."""
    text_columns = ", ".join((*COLUMNS, REVIEW_IDS_COLUMN))
    vector_columns = ", ".join(vector_column(column) for column in COLUMNS)
    vectors = ", ".join(
        f"{VECTOR_FUNCTION}(s.{column}) AS {vector_column(column)}" for column in COLUMNS
    )
    weighted = f" || {_GAP} || ".join(
        f"setweight(v.{vector_column(column)}, '{WEIGHT_LABELS[column]}')" for column in COLUMNS
    )
    updates = ", ".join(
        f"{column} = EXCLUDED.{column}"
        for column in (*COLUMNS, REVIEW_IDS_COLUMN, *map(vector_column, COLUMNS), DOCUMENT)
    )
    pairs_column = f", {pg_pairs.PAIRS}, {pg_pairs.OVERFLOWED}" if pairs else ""
    pairs_value = f", p.{pg_pairs.PAIRS}, p.{pg_pairs.OVERFLOWED}" if pairs else ""
    made, overflowed = pg_pairs.PAIRS, pg_pairs.OVERFLOWED
    pairs_of = (
        f" CROSS JOIN LATERAL (SELECT {made}, {made} = {pg_pairs.OVERFLOW_VECTOR} AS {overflowed}"
        f" FROM {pg_pairs.PAIRS_FUNCTION}(d.{DOCUMENT}) AS {made}) AS p"
        if pairs
        else ""
    )
    if pairs:
        updates += f", {pg_pairs.PAIRS} = EXCLUDED.{pg_pairs.PAIRS}"
        updates += f", {pg_pairs.OVERFLOWED} = EXCLUDED.{pg_pairs.OVERFLOWED}"
    return f"""CREATE OR REPLACE FUNCTION {REFRESH_FUNCTION}(ids integer[]) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO {TABLE} (film_id, {text_columns}, {vector_columns}, {DOCUMENT}{pairs_column})
    SELECT s.film_id, {", ".join(f"s.{c}" for c in (*COLUMNS, REVIEW_IDS_COLUMN))},
        {", ".join(f"v.{vector_column(c)}" for c in COLUMNS)}, d.{DOCUMENT}{pairs_value}
    FROM {SOURCE_VIEW} AS s CROSS JOIN LATERAL (SELECT {vectors}) AS v
    CROSS JOIN LATERAL (SELECT {weighted} AS {DOCUMENT}) AS d{pairs_of}
    WHERE s.film_id = ANY(ids)
    ON CONFLICT (film_id) DO UPDATE SET {updates}
    $$"""


# Statement triggers (one refresh however many rows a statement writes; an import
# inserts thousands at once) read the changed rows from a transition table.
# ``%I`` is the transition table; the query gives the ids of the films to refresh.
_FILMS_OF_ROWS = {
    "films": "SELECT array_agg(id) FROM %I",
    "where_to_watch": "SELECT array_agg(DISTINCT film_id) FROM %I",
    "watchlist": "SELECT array_agg(DISTINCT film_id) FROM %I",
    "viewings": "SELECT array_agg(DISTINCT film_id) FROM %I",
    "reviews": "SELECT array_agg(DISTINCT film_id) FROM %I",
    "review_tags": (
        "SELECT array_agg(DISTINCT r.film_id) FROM %I AS c JOIN reviews r ON r.id = c.review_id"
    ),
    "viewing_tags": (
        "SELECT array_agg(DISTINCT v.film_id) FROM %I AS c JOIN viewings v ON v.id = c.viewing_id"
    ),
}
# The columns whose change changes a film's row; json compared as text (json has no "=").
_UPDATED_COLUMNS = {
    "films": (
        "title",
        "original_title",
        "directors::text",
        '"cast"::text',
        "genres::text",
        "countries::text",
    ),
    "where_to_watch": ("service", "film_id"),
    "watchlist": ("note", "film_id"),
    "viewings": ("note", '"where"', "film_id"),
    "reviews": ("headline", "body", "film_id"),
    "review_tags": ("review_id", "tag_id"),
    "viewing_tags": ("viewing_id", "tag_id"),
    "tags": ("name",),
}

# Set (true) for the rest of a transaction by ``deferred``: the triggers do nothing.
DEFER_SETTING = "watchjournal.defer_search"
_DEFERRED = f"""IF current_setting('{DEFER_SETTING}', true) = 'on' THEN
        RETURN NULL;
    END IF;"""

_SYNC_ROWS = f"""CREATE OR REPLACE FUNCTION {TRIGGER_PREFIX}sync_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE ids integer[];
BEGIN
    {_DEFERRED}
    EXECUTE format(TG_ARGV[0], CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END)
        INTO ids;
    IF ids IS NOT NULL THEN
        PERFORM {REFRESH_FUNCTION}(ids);
    END IF;
    RETURN NULL;
END $$"""

_SYNC_UPDATE = f"""CREATE OR REPLACE FUNCTION {TRIGGER_PREFIX}sync_update() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE ids integer[];
BEGIN
    {_DEFERRED}
    IF TG_TABLE_NAME = 'films' THEN
        ids := ARRAY[NEW.id];
    ELSIF TG_TABLE_NAME = 'review_tags' THEN
        ids := ARRAY(SELECT film_id FROM reviews WHERE id IN (OLD.review_id, NEW.review_id));
    ELSIF TG_TABLE_NAME = 'viewing_tags' THEN
        ids := ARRAY(SELECT film_id FROM viewings WHERE id IN (OLD.viewing_id, NEW.viewing_id));
    ELSIF TG_TABLE_NAME = 'tags' THEN
        ids := ARRAY(
            SELECT r.film_id FROM reviews r JOIN review_tags rt ON rt.review_id = r.id
            WHERE rt.tag_id = NEW.id
            UNION SELECT v.film_id FROM viewings v JOIN viewing_tags vt ON vt.viewing_id = v.id
            WHERE vt.tag_id = NEW.id);
    ELSE
        ids := ARRAY[OLD.film_id, NEW.film_id];
    END IF;
    PERFORM {REFRESH_FUNCTION}(ids);
    RETURN NULL;
END $$"""


def _triggers() -> list[str]:
    statements = []
    for table, films_of in _FILMS_OF_ROWS.items():
        query = films_of.replace("'", "''")
        events = [("insert", "INSERT", "NEW TABLE AS new_rows")]
        if table != "films":  # a film's row goes with it (the foreign key)
            events.append(("delete", "DELETE", "OLD TABLE AS old_rows"))
        for name, event, transition in events:
            statements.append(
                f"CREATE TRIGGER {TRIGGER_PREFIX}{table}_{name} AFTER {event} ON {table}"
                f" REFERENCING {transition} FOR EACH STATEMENT"
                f" EXECUTE FUNCTION {TRIGGER_PREFIX}sync_rows('{query}')"
            )
    for table, columns in _UPDATED_COLUMNS.items():
        names = ", ".join(c.split("::")[0] for c in columns)
        old = ", ".join(f"OLD.{c}" for c in columns)
        new = ", ".join(f"NEW.{c}" for c in columns)
        statements.append(
            f"CREATE TRIGGER {TRIGGER_PREFIX}{table}_update AFTER UPDATE OF {names} ON {table}"
            f" FOR EACH ROW WHEN ((ROW({old})) IS DISTINCT FROM (ROW({new})))"
            f" EXECUTE FUNCTION {TRIGGER_PREFIX}sync_update()"
        )
    return statements


def _unaccent_schema(connection: Connection) -> str | None:
    """The schema of the ``unaccent`` extension, creating it if the server has it; None
    when it cannot be had (then ``watchjournal_fold`` folds accents with translate())."""
    found = connection.scalar(
        text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
            " WHERE e.extname = 'unaccent'"
        )
    )
    if found is not None:
        return str(found)
    # Asked before trying, so a refusal never aborts the migration's transaction: the
    # extension must be on the server, and this role allowed to create it (a superuser,
    # or a trusted extension - unaccent is, since PostgreSQL 13 - and CREATE on the database).
    creatable = connection.scalar(
        text(
            "SELECT EXISTS (SELECT 1 FROM pg_available_extension_versions v"
            " JOIN pg_available_extensions a ON a.name = v.name AND a.default_version = v.version"
            " WHERE v.name = 'unaccent' AND ("
            "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
            " OR (v.trusted AND has_database_privilege(current_database(), 'CREATE'))))"
        )
    )
    if not creatable:
        return None
    connection.execute(text("CREATE EXTENSION unaccent"))
    return _unaccent_schema(connection)


def create_search_objects(connection: Connection, *, use_unaccent: bool = True) -> None:
    """Create the search index of a journal on PostgreSQL and fill it (a migration step).

    ``use_unaccent`` False builds the translate() fallback even where the extension
    exists (for tests of the fallback).
    """
    schema = _unaccent_schema(connection) if use_unaccent else None
    statements = [
        f"CREATE FUNCTION {FOLD_FUNCTION}(text) RETURNS text"
        f" LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ {_fold_body(schema)} $$",
        "CREATE TEXT SEARCH DICTIONARY watchjournal_english_stem"
        " (TEMPLATE = pg_catalog.snowball, Language = english)",
        *_configuration(ENGLISH, "watchjournal_english_stem", schema),
        *_configuration(SIMPLE, "pg_catalog.simple", schema),
        *_functions(),
        *pg_pairs.functions(FOLD_FUNCTION, ENGLISH, SIMPLE),
        _SOURCE,
        _table(),
        refresh_function(),
        _SYNC_ROWS,
        _SYNC_UPDATE,
        *_triggers(),
    ]
    for statement in statements:
        connection.exec_driver_sql(statement.replace("%", "%%"))


def drop_search_objects(connection: Connection) -> None:
    """Undo ``create_search_objects`` (a downgrade)."""
    for table in trigger_tables():
        for name in ("insert", "delete", "update"):
            connection.exec_driver_sql(
                f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}{table}_{name} ON {table}"
            )
    for statement in (
        f"DROP FUNCTION IF EXISTS {TRIGGER_PREFIX}sync_rows()",
        f"DROP FUNCTION IF EXISTS {TRIGGER_PREFIX}sync_update()",
        f"DROP FUNCTION IF EXISTS {REFRESH_FUNCTION}(integer[])",
        *pg_pairs.drop_functions(),
        f"DROP TABLE IF EXISTS {TABLE}",
        f"DROP VIEW IF EXISTS {SOURCE_VIEW}",
        f"DROP FUNCTION IF EXISTS {QUERY_FUNCTION}(text, boolean, boolean)",
        f"DROP FUNCTION IF EXISTS {VECTOR_FUNCTION}(text)",
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {ENGLISH}",
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SIMPLE}",
        "DROP TEXT SEARCH DICTIONARY IF EXISTS watchjournal_english_stem",
        f"DROP FUNCTION IF EXISTS {FOLD_FUNCTION}(text)",
    ):
        connection.exec_driver_sql(statement)


def strong_vector(prefix: str = "") -> str:
    """The words of a film's titles and people in one tsvector (``prefix``: a table's
    name and a dot), gaps between columns: the expression ``STRONG_INDEX`` indexes,
    which finds the films a broad query matches in those columns first."""
    return f" || {_GAP} || ".join(f"{prefix}{vector_column(c)}" for c in STRONG_COLUMNS)


STRONG_INDEX = f"ix_{TABLE}_strong"


def index_names(pairs: bool = True) -> list[str]:
    """The names of ``index_statements``' indexes, in the same order."""
    names = [f"ix_{TABLE}_{DOCUMENT}", STRONG_INDEX]
    if pairs:
        names += [pg_pairs.index_name(TABLE), pg_pairs.overflow_index_name(TABLE)]
    return names


def index_statements(if_not_exists: bool = False, pairs: bool = True) -> list[str]:
    """The GIN indexes of the documents: every word (``document``), the strong ones
    and (``pairs``: from 0014 on) the pairs of adjacent words (``pg_pairs``)."""
    maybe = "IF NOT EXISTS " if if_not_exists else ""
    every, strong, *paired = index_names(pairs)
    statements = [
        f"CREATE INDEX {maybe}{every} ON {TABLE} USING gin ({DOCUMENT})",
        f"CREATE INDEX {maybe}{strong} ON {TABLE} USING gin (({strong_vector()}))",
    ]
    if paired:
        words, overflow = paired
        statements += [
            f"CREATE INDEX {maybe}{words} ON {TABLE} USING gin ({pg_pairs.PAIRS})",
            f"CREATE INDEX {maybe}{overflow} ON {TABLE} (film_id) WHERE {pg_pairs.OVERFLOWED}",
        ]
    return statements


def trigger_tables() -> list[str]:
    """The tables whose writes the search triggers follow."""
    return sorted({*_FILMS_OF_ROWS, *_UPDATED_COLUMNS})


def trigger_functions() -> list[str]:
    """The functions the triggers run (``CREATE OR REPLACE``: 0013 adds ``deferred``)."""
    return [_SYNC_ROWS, _SYNC_UPDATE]
