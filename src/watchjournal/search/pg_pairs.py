"""Adjacent word pairs of a film's search document on PostgreSQL: phrases through GIN.

GIN keeps no positions, so a phrase ``"neon revenge"`` on ``document`` alone
makes PostgreSQL recheck every film holding both words (40,000 documents for two
common words). Each film's row also has ``pairs``: every two lexemes at adjacent
positions of its ``document`` as one lexeme, ``neon revenge`` (no lexeme the
parser makes holds a space, so a pair is never a word and is read back one way),
without positions, with a GIN index of its own. A phrase of n words asks
``pairs`` for its n - 1 pairs first (``pairs_query_function``), then ``<->``
on ``document`` confirms on the few films that have them all.

Pairs are read from the stored ``document`` itself (its positions, as ``<->``
reads them), so every film a phrase matches has the phrase's pairs, whatever
form the document was written in (both lexemes of a word at one position before
0013: every combination is a pair). A film whose pairs would not fit in a
tsvector (a pair longer than a lexeme may be, or about a megabyte of them) gets
``OVERFLOW`` instead (and ``pairs_overflow`` true), which every pair query also
accepts: such a film is always rechecked, as every film was before.

A phrase of two words (each one lexeme) is exactly its pair: ``a <-> b`` holds
in a document if and only if ``a b`` is among its pairs (``a <-> b:*`` if a
pair starts with ``a b``; a lexeme holds no space, so the pair's first word is
``a``). Such a phrase then reads ``document`` only in films whose pairs
overflowed, and its films are found without opening their documents.

On SQLite nothing of this exists: FTS5 keeps positions.
"""

from __future__ import annotations

PAIRS = "pairs"
OVERFLOWED = "pairs_overflow"  # a boolean column: whether ``pairs`` is ``OVERFLOW``
PAIRS_FUNCTION = "watchjournal_search_pairs"
PAIRS_QUERY_FUNCTION = "watchjournal_search_pairs_query"
PAIR_TERMS_FUNCTION = "watchjournal_search_pair_terms"
# A lexeme (a single space) no word and no pair ever is; see the module's docstring.
OVERFLOW = " "
OVERFLOW_VECTOR = "''' '''::tsvector"  # (a bare ' '::tsvector is the empty one)
# Up to this many films, migration 0014 fills every film's pairs (about 3 ms a film);
# a larger journal's rows are OVERFLOW until they change or are reindexed.
FILL_LIMIT = 5_000
# A phrase of two words skips ``document`` only while at most this many films have
# overflowed (each is rechecked without an index); more (a large journal upgraded
# but not reindexed), and its words narrow through ``document``'s index as before.
MOST_OVERFLOWED = 1000
# PostgreSQL's longest lexeme is 2,047 bytes, a tsvector's lexemes 1 MB in all.
_LONGEST_PAIR = 2046
_MOST_PAIR_BYTES = 900_000
# The lexeme put between columns in ``document`` (pg_schema._GAP): never in a pair.
_GAP_LEXEME = "|"


def index_name(table: str) -> str:
    return f"ix_{table}_{PAIRS}"


def overflow_index_name(table: str) -> str:
    """A partial index of the films whose pairs overflowed (few): counts them at once."""
    return f"ix_{table}_{OVERFLOWED}"


def pairs_function() -> str:
    """The function that makes a film's pairs from its ``document`` (``CREATE OR REPLACE``)."""
    return f"""CREATE OR REPLACE FUNCTION {PAIRS_FUNCTION}(document tsvector) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        WITH words AS (
            SELECT lexeme, unnest(positions) AS p FROM unnest(document)
            WHERE lexeme <> '{_GAP_LEXEME}'
        ), pairs AS (
            SELECT DISTINCT a.lexeme || ' ' || b.lexeme AS pair
            FROM words AS a JOIN words AS b ON b.p = a.p + 1
        )
        SELECT CASE
            WHEN max(octet_length(pair)) > {_LONGEST_PAIR}
                OR sum(octet_length(pair)) > {_MOST_PAIR_BYTES}
            THEN array_to_tsvector(ARRAY['{OVERFLOW}'])
            ELSE coalesce(array_to_tsvector(array_agg(pair)), ''::tsvector) END
        FROM pairs $$"""


def pair_terms_function() -> str:
    """The tsquery text of the pairs of a phrase's words (a tsvector of them, positions
    1 to n, one lexeme each: else NULL), the last one a prefix if ``prefix``.

    Pairs too long to be a lexeme are left out (a film with such a pair has
    ``OVERFLOW``); NULL when no pair is left (a single word).
    """
    quote = "'''' || replace(replace(pair, '\\', '\\\\'), '''', '''''') || ''''"
    return f"""CREATE OR REPLACE FUNCTION {PAIR_TERMS_FUNCTION}(words tsvector, prefix boolean)
        RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
        DECLARE
            lexemes text[];
            simple boolean;
            pair text;
            terms text[] := '{{}}';
        BEGIN
            SELECT array_agg(lexeme ORDER BY p),
                count(DISTINCT p) = count(*) AND min(p) = 1 AND max(p) = count(*)
            INTO lexemes, simple
            FROM (SELECT lexeme, unnest(positions) AS p FROM unnest(words)) AS w;
            IF NOT coalesce(simple, false) THEN
                RETURN NULL;
            END IF;
            FOR i IN 1 .. array_length(lexemes, 1) - 1 LOOP
                pair := lexemes[i] || ' ' || lexemes[i + 1];
                IF octet_length(pair) <= {_LONGEST_PAIR} THEN
                    terms := terms || ({quote}
                        || CASE WHEN prefix AND i = array_length(lexemes, 1) - 1
                           THEN ':*' ELSE '' END);
                END IF;
            END LOOP;
            IF cardinality(terms) = 0 THEN
                RETURN NULL;
            END IF;
            RETURN '(' || array_to_string(terms, ' & ') || ')';
        END $$"""


def pairs_query_function(fold: str, english: str, simple: str) -> str:
    """The tsquery on ``pairs`` that every film a word or phrase's tsquery
    (``pg_schema.query_function``, the same arguments) matches also matches; NULL
    when it has no pairs (one word). ``fold``, ``english``, ``simple``: the names
    of pg_schema's folding function and configurations."""
    return f"""CREATE OR REPLACE FUNCTION {PAIRS_QUERY_FUNCTION}(
            words text, prefix boolean, stem boolean)
        RETURNS tsquery LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
        SET client_min_messages = warning AS $$
        DECLARE
            folded text := {fold}(words);
            plain text := {PAIR_TERMS_FUNCTION}(to_tsvector('{simple}', folded), prefix);
            stemmed text;
        BEGIN
            IF plain IS NULL THEN
                RETURN NULL;
            END IF;
            IF stem THEN
                stemmed := {PAIR_TERMS_FUNCTION}(to_tsvector('{english}', folded), prefix);
                IF stemmed IS NULL THEN
                    RETURN NULL;
                ELSIF NOT prefix THEN
                    plain := stemmed;
                ELSIF stemmed <> plain THEN
                    plain := stemmed || ' | ' || plain;
                END IF;
            END IF;
            RETURN (plain || ' | ''{OVERFLOW}''')::tsquery;
        END $$"""


def functions(fold: str, english: str, simple: str) -> list[str]:
    return [pairs_function(), pair_terms_function(), pairs_query_function(fold, english, simple)]


def drop_functions() -> list[str]:
    return [
        f"DROP FUNCTION IF EXISTS {PAIRS_QUERY_FUNCTION}(text, boolean, boolean)",
        f"DROP FUNCTION IF EXISTS {PAIR_TERMS_FUNCTION}(tsvector, boolean)",
        f"DROP FUNCTION IF EXISTS {PAIRS_FUNCTION}(tsvector)",
    ]
