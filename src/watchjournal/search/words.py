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
"""

from __future__ import annotations

from sqlalchemy import Connection, text

TABLE = "search_words"
STEMS = "search_words_stems"
PLAIN = "search_words_plain"
STEM_TOKENS = "search_words_stem_tokens"
PLAIN_TOKENS = "search_words_plain_tokens"
INDEX = "search_index"
# The journal index's tokenizer (migration 0008), and the same without stemming.
TOKENIZER = "porter unicode61 remove_diacritics 2"
PLAIN_TOKENIZER = "unicode61 remove_diacritics 2"
_INDEXED = "title, directors, cast_members, genres, countries, streaming, tags, notes, reviews"
_ALL = _INDEXED + ", review_ids"
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
    f"CREATE TABLE {TABLE} (term TEXT PRIMARY KEY, word TEXT NOT NULL) WITHOUT ROWID",
    _scratch(STEMS, TOKENIZER),
    _scratch(PLAIN, PLAIN_TOKENIZER),
    f"CREATE VIRTUAL TABLE {STEM_TOKENS} USING fts5vocab({STEMS}, instance)",
    f"CREATE VIRTUAL TABLE {PLAIN_TOKENS} USING fts5vocab({PLAIN}, instance)",
)
DROP = (
    f"DROP TABLE IF EXISTS {STEM_TOKENS}",
    f"DROP TABLE IF EXISTS {PLAIN_TOKENS}",
    f"DROP TABLE IF EXISTS {STEMS}",
    f"DROP TABLE IF EXISTS {PLAIN}",
    f"DROP TABLE IF EXISTS {TABLE}",
)

# After the films' new rows went into STEMS: add the terms the vocabulary lacks, with
# their words (the films that bring one are composed once more, into PLAIN), then
# empty both scratch tables.
LEARN = (
    f"INSERT INTO {PLAIN}(rowid, {_ALL}) SELECT film_id, {_ALL} FROM search_documents"
    f" WHERE film_id IN (SELECT doc FROM {STEM_TOKENS}"
    f" WHERE term NOT IN (SELECT term FROM {TABLE}))",
    # The LIMITs keep each side a table of its own (no trigger may use WITH), which
    # SQLite joins through an automatic index, not by reading one side per row.
    f"INSERT OR IGNORE INTO {TABLE}(term, word) SELECT s.term, p.term"
    f" FROM (SELECT doc, col, offset, term FROM {STEM_TOKENS}"
    f" WHERE term NOT IN (SELECT term FROM {TABLE}) LIMIT -1) s"
    f" JOIN (SELECT doc, col, offset, term FROM {PLAIN_TOKENS} LIMIT -1) p"
    f" ON p.doc = s.doc AND p.col = s.col AND p.offset = s.offset",
    f"INSERT INTO {STEMS}({STEMS}) VALUES ('delete-all')",
    f"INSERT INTO {PLAIN}({PLAIN}) SELECT 'delete-all' WHERE EXISTS (SELECT 1 FROM {PLAIN_TOKENS})",
)
# Up to this many films, migration 0015 converts a journal's index as it opens (see
# there); a larger one keeps its prefix indexes until ``watchjournal reindex``.
CONVERT_LIMIT = 5_000
_ADDS_ROWS = f"INSERT INTO {INDEX}(rowid, "


def learning(add_statement: str) -> str:
    """The statement that puts the rows ``add_statement`` adds to the index into STEMS."""
    if not add_statement.startswith(_ADDS_ROWS):
        raise ValueError(f"not a statement adding index rows: {add_statement[:60]!r}")
    return f"INSERT INTO {STEMS}(rowid, " + add_statement.removeprefix(_ADDS_ROWS)


def learning_trigger(sql: str) -> str:
    """A ``search_sync_`` trigger that also adds the words of the rows it adds.

    Its body is statements adding rows (``INSERT INTO search_index(rowid, ...``):
    each gets a twin before it filling STEMS with the same rows, and LEARN ends it.
    """
    head, _, body = sql.partition("BEGIN")
    statements = [s.strip() for s in body.strip().removesuffix("END").split(";\n") if s.strip()]
    if any(STEMS in s for s in statements):
        return sql  # already learns
    lines = []
    for statement in statements:
        statement = statement.removesuffix(";")
        lines += [learning(statement) + ";", statement + ";"]
    lines += [s + ";" for s in LEARN]
    return head + "BEGIN\n" + "\n".join(lines) + "\nEND"


def unlearning_trigger(sql: str) -> str:
    """``learning_trigger`` undone: the trigger adding rows only (migration 0015's downgrade)."""
    return "\n".join(line for line in sql.split("\n") if TABLE not in line)


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
    """
    connection.exec_driver_sql(f"DELETE FROM {TABLE}")
    connection.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words_index_terms"
        f" USING fts5vocab(main, {INDEX}, row)"
    )
    connection.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words_index_places"
        f" USING fts5vocab(main, {INDEX}, instance)"
    )
    terms = [row[0] for row in connection.exec_driver_sql(
        "SELECT term FROM temp.search_words_index_terms"
    )]  # fmt: skip
    # Each term as a row of its own in STEMS: those that come out as another are no word.
    for start in range(0, len(terms), 5000):
        connection.execute(
            text(f"INSERT INTO {STEMS}(rowid, title) VALUES (:rowid, :term)"),
            [
                {"rowid": start + i + 1, "term": t}
                for i, t in enumerate(terms[start : start + 5000])
            ],
        )
    stemmed: dict[int, str] = {
        int(doc): str(term)
        for doc, term in connection.exec_driver_sql(f"SELECT doc, term FROM {STEM_TOKENS}")
    }
    connection.exec_driver_sql(f"INSERT INTO {STEMS}({STEMS}) VALUES ('delete-all')")
    own = [t for i, t in enumerate(terms) if stemmed.get(i + 1) == t]
    if own:
        connection.execute(
            text(f"INSERT INTO {TABLE}(term, word) VALUES (:t, :t)"), [{"t": t} for t in own]
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
    return int(connection.exec_driver_sql(f"SELECT count(*) FROM {TABLE}").scalar_one())
