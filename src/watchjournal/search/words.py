"""The search index's vocabulary: every term it holds, so a prefix needs no prefix index.

FTS5's prefix indexes (``prefix = '2 3'``) were more than half of a large
journal's index. Without them a prefix such as ``ri*`` merges the doclist of
every word starting with ``ri`` before it returns its first film (90-180 ms on
100,000 films); ``search.prefixes`` instead looks the words up here and asks
the index for an OR of them, which reads only as far as the page it needs.

``search_words`` has a row per index term (the stemmed, folded form the index
keeps: ``reveng``) with a word the tokenizer turns into exactly that term
(``revenge``): a term is not always its own stem (``amsing`` is indexed as
``ams``, but ``ams`` would be searched as ``am``), so a query names a term by
its word. Both come from SQLite's own tokenizer, never from a copy of it: a
film's new row also goes into ``search_words_stems``, a contentless FTS5 table
with the index's tokenizer; the terms it holds that the vocabulary lacks are
added, each with the word at the same place in ``search_words_plain`` (the
tokenizer without stemming: porter stems each token unicode61 makes, one for
one, so the n-th token of a column is the same word in both). Both scratch
tables are emptied again in the same trigger. The vocabulary only grows: a
term no film has any more costs a word that matches nothing, until a rebuild
(``fill``) makes it again from the index itself.

Each term also keeps ``cols``, the columns it is in in any film, a bit per
column (``COLUMNS``, in the index's order; migration 0016): a prefix limited to
columns (``title:ri``, the pass over titles and people of a broad query) is the
OR of only the words in them, and a word in none of them matches nothing there
(``search.prefixes``). The same triggers OR the columns of the film's new row
into it (a third scratch table, ``STEM_COLUMNS``), so a mask, like the
vocabulary, only grows: it may name a column a term has left, never miss one
it is in. ``EVERY_COLUMN`` (a journal upgraded but not yet reindexed) is
always right, only slower.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, text

TABLE = "search_words"
STEMS = "search_words_stems"
PLAIN = "search_words_plain"
STEM_TOKENS = "search_words_stem_tokens"
STEM_COLUMNS = "search_words_stem_cols"
PLAIN_TOKENS = "search_words_plain_tokens"
INDEX = "search_index"
# The journal index's tokenizer (migration 0008), and the same without stemming.
TOKENIZER = "porter unicode61 remove_diacritics 2"
PLAIN_TOKENIZER = "unicode61 remove_diacritics 2"
_INDEXED = "title, directors, cast_members, genres, countries, streaming, tags, notes, reviews"
_ALL = _INDEXED + ", review_ids"
# The indexed columns in the index's order: a term's ``cols`` has bit 1 << i for COLUMNS[i].
COLUMNS = tuple(_INDEXED.split(", "))
EVERY_COLUMN = (1 << len(COLUMNS)) - 1


def column_mask(columns: Iterable[str]) -> int:
    """The bits of these columns in a term's ``cols``."""
    mask = 0
    for name in columns:
        mask |= 1 << COLUMNS.index(name)
    return mask


# A column's bit, from the column name an fts5vocab table of type 'col' gives.
_BIT = "CASE col " + " ".join(f"WHEN '{c}' THEN {1 << i}" for i, c in enumerate(COLUMNS)) + " END"
# The journal's index without prefix indexes (0008's, less ``prefix = '2 3'``).
CREATE_INDEX = f"""
CREATE VIRTUAL TABLE {INDEX} USING fts5(
    {_INDEXED},
    review_ids UNINDEXED,
    content = 'search_documents', content_rowid = 'film_id',
    tokenize = '{TOKENIZER}'
)
"""
RANK = (
    f"INSERT INTO {INDEX}({INDEX}, rank)"
    " VALUES ('rank', 'bm25(10.0, 6.0, 4.0, 3.0, 3.0, 2.0, 3.0, 2.0, 1.0, 0.0)')"
)


def _scratch(name: str, tokenizer: str) -> str:
    # Sizes kept (no columnsize = 0): without them a contentless table cannot be
    # scanned, and sqlite3's iterdump (a dump of the journal) scans every table.
    return (
        f"CREATE VIRTUAL TABLE {name} USING fts5({_INDEXED}, review_ids UNINDEXED,"
        f" content = '', tokenize = '{tokenizer}')"
    )


SCHEMA = (
    f"CREATE TABLE {TABLE} (term TEXT PRIMARY KEY, word TEXT NOT NULL,"
    f" cols INTEGER NOT NULL DEFAULT {EVERY_COLUMN}) WITHOUT ROWID",
    _scratch(STEMS, TOKENIZER),
    _scratch(PLAIN, PLAIN_TOKENIZER),
    f"CREATE VIRTUAL TABLE {STEM_TOKENS} USING fts5vocab({STEMS}, instance)",
    f"CREATE VIRTUAL TABLE {PLAIN_TOKENS} USING fts5vocab({PLAIN}, instance)",
    f"CREATE VIRTUAL TABLE {STEM_COLUMNS} USING fts5vocab({STEMS}, col)",
)
DROP = (
    f"DROP TABLE IF EXISTS {STEM_COLUMNS}",
    f"DROP TABLE IF EXISTS {STEM_TOKENS}",
    f"DROP TABLE IF EXISTS {PLAIN_TOKENS}",
    f"DROP TABLE IF EXISTS {STEMS}",
    f"DROP TABLE IF EXISTS {PLAIN}",
    f"DROP TABLE IF EXISTS {TABLE}",
)

# After the films' new rows went into STEMS: add the terms the vocabulary lacks, with
# their words (the films that bring one are composed once more, into PLAIN), OR the
# columns each term is in into its mask, then empty both scratch tables.
LEARN = (
    f"INSERT INTO {PLAIN}(rowid, {_ALL}) SELECT film_id, {_ALL} FROM search_documents"
    f" WHERE film_id IN (SELECT doc FROM {STEM_TOKENS}"
    f" WHERE term NOT IN (SELECT term FROM {TABLE}))",
    # The LIMITs keep each side a table of its own (no trigger may use WITH), which
    # SQLite joins through an automatic index, not by reading one side per row.
    f"INSERT OR IGNORE INTO {TABLE}(term, word, cols) SELECT s.term, p.term, 0"
    f" FROM (SELECT doc, col, offset, term FROM {STEM_TOKENS}"
    f" WHERE term NOT IN (SELECT term FROM {TABLE}) LIMIT -1) s"
    f" JOIN (SELECT doc, col, offset, term FROM {PLAIN_TOKENS} LIMIT -1) p"
    f" ON p.doc = s.doc AND p.col = s.col AND p.offset = s.offset",
    # A row per term and column of the new rows; only a mask that lacks one is written.
    f"UPDATE {TABLE} SET cols = {TABLE}.cols | c.bits"
    f" FROM (SELECT term, sum({_BIT}) AS bits FROM {STEM_COLUMNS} GROUP BY term) c"
    f" WHERE {TABLE}.term = c.term AND {TABLE}.cols & c.bits != c.bits",
    f"INSERT INTO {STEMS}({STEMS}) VALUES ('delete-all')",
    f"INSERT INTO {PLAIN}({PLAIN}) SELECT 'delete-all' WHERE EXISTS (SELECT 1 FROM {PLAIN_TOKENS})",
)
# Up to this many films, migration 0015 converts a journal's index as it opens (see
# there); a larger one keeps its prefix indexes until ``watchjournal reindex``. So
# does migration 0016 fill the exact masks (``fill_columns``).
CONVERT_LIMIT = 5_000
_ADDS_ROWS = f"INSERT INTO {INDEX}(rowid, "


def learning(add_statement: str) -> str:
    """The statement that puts the rows ``add_statement`` adds to the index into STEMS."""
    if not add_statement.startswith(_ADDS_ROWS):
        raise ValueError(f"not a statement adding index rows: {add_statement[:60]!r}")
    return f"INSERT INTO {STEMS}(rowid, " + add_statement.removeprefix(_ADDS_ROWS)


def learning_trigger(sql: str, learn: Sequence[str] = LEARN) -> str:
    """A ``search_sync_`` trigger that also adds the words of the rows it adds.

    Its body is statements adding rows (``INSERT INTO search_index(rowid, ...``):
    each gets a twin before it filling STEMS with the same rows, and ``learn`` ends
    it (a migration passes the statements of its own revision).
    """
    head, _, body = sql.partition("BEGIN")
    statements = [s.strip() for s in body.strip().removesuffix("END").split(";\n") if s.strip()]
    if any(STEMS in s for s in statements):
        return sql  # already learns
    lines = []
    for statement in statements:
        statement = statement.removesuffix(";")
        lines += [learning(statement) + ";", statement + ";"]
    lines += [s + ";" for s in learn]
    return head + "BEGIN\n" + "\n".join(lines) + "\nEND"


def unlearning_trigger(sql: str) -> str:
    """``learning_trigger`` undone: the trigger adding rows only (migration 0015's downgrade).

    Every statement ``learning_trigger`` adds is a line of its own naming TABLE.
    """
    return "\n".join(line for line in sql.split("\n") if TABLE not in line)


def relearning_trigger(sql: str, learn: Sequence[str] = LEARN) -> str:
    """A learning trigger with its learning statements replaced by ``learn`` (migration 0016)."""
    return learning_trigger(unlearning_trigger(sql), learn)


# Scratch tables in the connection's temporary database (which even a read-only journal
# has): a text's tokens as the index makes them, and the words they are made from.
_TEMP_STEMS = "search_tokens_stems"
_TEMP_PLAIN = "search_tokens_plain"
_TEMP_SETUP = tuple(
    statement
    for name, tokenizer in ((_TEMP_STEMS, TOKENIZER), (_TEMP_PLAIN, PLAIN_TOKENIZER))
    for statement in (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{name} USING fts5(text, content = '',"
        f" columnsize = 0, tokenize = '{tokenizer}')",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{name}_tokens"
        f" USING fts5vocab(temp, {name}, instance)",
    )
)
_TEMP_TOKENS = (
    f"SELECT s.doc, s.term, p.term"
    f" FROM (SELECT doc, offset, term FROM temp.{_TEMP_STEMS}_tokens LIMIT -1) s"
    f" JOIN (SELECT doc, offset, term FROM temp.{_TEMP_PLAIN}_tokens LIMIT -1) p"
    " ON p.doc = s.doc AND p.offset = s.offset ORDER BY s.doc, s.offset"
)


def tokens(connection: Connection, texts: list[str]) -> list[list[tuple[str, str]]]:
    """Each text's tokens as the index makes them, each with the word it is made from."""
    if not texts:
        return []
    for statement in _TEMP_SETUP:
        connection.exec_driver_sql(statement)
    # Emptied before and after ('delete-all', a few pages), not under a savepoint: rolling
    # one back makes FTS5 read the journal index's structure again (3 ms a search).
    _empty_temp(connection)
    try:
        rows = [(i + 1, t.replace("\x00", " ")) for i, t in enumerate(texts)]
        for name in (_TEMP_STEMS, _TEMP_PLAIN):
            connection.exec_driver_sql(f"INSERT INTO temp.{name}(rowid, text) VALUES (?, ?)", rows)
        found: list[list[tuple[str, str]]] = [[] for _ in texts]
        for doc, stem, word in connection.exec_driver_sql(_TEMP_TOKENS):
            found[int(doc) - 1].append((str(stem), str(word)))
        return found
    finally:
        _empty_temp(connection)


# What ``tokens`` made of a search's texts, kept in this process: while typing, each
# search asks for the words of the one before (``river``, ``river s``, ``river sa``), and
# asking FTS5 again costs about 1 ms (two scratch tables filled, read and emptied). The
# tokenizers are this module's constants, so a text's tokens never change.
_MADE: dict[str, list[tuple[str, str]]] = {}
_MADE_LOCK = threading.Lock()  # searches run on worker threads
MADE_KEPT = 2048


def cached_tokens(connection: Connection, texts: list[str]) -> list[list[tuple[str, str]]]:
    """``tokens`` for a search's few texts, each made once in this process."""
    with _MADE_LOCK:
        known = {t: _MADE[t] for t in texts if t in _MADE}
    missing = [t for t in dict.fromkeys(texts) if t not in known]
    if missing:
        made = dict(zip(missing, tokens(connection, missing), strict=True))
        known.update(made)
        with _MADE_LOCK:
            for text_, found in made.items():
                while len(_MADE) >= MADE_KEPT:
                    del _MADE[next(iter(_MADE))]  # the oldest
                _MADE[text_] = found
    return [list(known[t]) for t in texts]


def _empty_temp(connection: Connection) -> None:
    for name in (_TEMP_STEMS, _TEMP_PLAIN):
        connection.exec_driver_sql(f"INSERT INTO temp.{name}({name}) VALUES ('delete-all')")


def has_vocabulary(connection: Connection) -> bool:
    """Whether this journal finds prefixes through ``search_words`` (else: prefix indexes)."""
    found = connection.exec_driver_sql(
        f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{TABLE}'"
    ).first()
    return found is not None


def fill(connection: Connection) -> int:
    """Make the vocabulary afresh from the index's terms; returns how many it has.

    A term the tokenizer keeps as it is (most) is its own word. The others get the
    word at one of their places in a film that has them, read as a film's new row is.
    Every term gets the exact columns it is in (``index_columns``).
    """
    connection.exec_driver_sql(f"DELETE FROM {TABLE}")
    connection.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words_index_places"
        f" USING fts5vocab(main, {INDEX}, instance)"
    )
    masks = index_columns(connection)
    terms = list(masks)
    # A term the tokenizer makes from itself alone is its own word.
    own = [t for t, made in zip(terms, tokens(connection, terms), strict=True) if made == [(t, t)]]
    if own:
        connection.execute(
            text(f"INSERT INTO {TABLE}(term, word, cols) VALUES (:t, :t, :c)"),
            [{"t": t, "c": masks[t]} for t in own],
        )
    others = sorted(set(terms) - set(own))
    films = set()
    for term in others:
        film = connection.execute(
            text("SELECT doc FROM temp.search_words_index_places WHERE term = :t LIMIT 1"),
            {"t": term},
        ).scalar()
        if film is not None:
            films.add(int(film))
    for start in range(0, len(films), 500):
        ids = ", ".join(str(f) for f in sorted(films)[start : start + 500])
        connection.exec_driver_sql(
            f"INSERT INTO {STEMS}(rowid, {_ALL}) SELECT film_id, {_ALL}"
            f" FROM search_documents WHERE film_id IN ({ids})"
        )
        for statement in LEARN:
            connection.exec_driver_sql(statement)
    if others:  # LEARN gave them the columns of the films read only
        connection.execute(
            text(f"UPDATE {TABLE} SET cols = :c WHERE term = :t"),
            [{"t": t, "c": masks[t]} for t in others],
        )
    return int(connection.exec_driver_sql(f"SELECT count(*) FROM {TABLE}").scalar_one())


def index_columns(connection: Connection) -> dict[str, int]:
    """Every term of the index with the columns it is in (its ``cols``), read from the index."""
    connection.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words_index_cols"
        f" USING fts5vocab(main, {INDEX}, col)"
    )
    bits = {name: 1 << i for i, name in enumerate(COLUMNS)}
    masks: dict[str, int] = {}
    # A row per term and column it is in, in term order: ORed here rather than sorted.
    for term, column in connection.exec_driver_sql(
        "SELECT term, col FROM temp.search_words_index_cols"
    ):
        masks[term] = masks.get(term, 0) | bits[column]
    return masks


def fill_columns(connection: Connection) -> None:
    """Give every term of the vocabulary the exact columns it is in (migration 0016).

    A term no film has any more (the vocabulary only grows) is in none.
    """
    masks = index_columns(connection)
    connection.exec_driver_sql(f"UPDATE {TABLE} SET cols = 0")
    connection.execute(
        text(f"UPDATE {TABLE} SET cols = :c WHERE term = :t"),
        [{"t": t, "c": c} for t, c in masks.items()],
    )
