"""The search index without its own copy of the text (migration 0008).

The index's content is the view ``search_documents``; triggers remove a film's
row before a change (with the text the view still shows) and add it after.
A wrong removal would not fail: it would leave stray entries behind. So these
tests compare every token the live index holds with those of an index built
afresh from the journal, after every kind of change the triggers handle.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, Engine, text

from tests.migration_helpers import move
from tests.unit.interchange_helpers import LETTERBOXD_EXPORT, import_path
from watchjournal.journal import FilmFields, JournalService, ReviewFields, StreamingInfo
from watchjournal.paths import AppPaths
from watchjournal.search import words
from watchjournal.search.index import COLUMNS, REVIEW_IDS_COLUMN, bulk_load
from watchjournal.storage import migrate
from watchjournal.storage.engine import create_journal_engine, writer
from watchjournal.storage.journal_file import open_journal

_ALL = ", ".join((*COLUMNS, REVIEW_IDS_COLUMN))
_TOKENS = "SELECT term, doc, col, offset FROM temp.{name} ORDER BY term, doc, col, offset"


def _tokens(connection: Connection, table: str, name: str) -> list[tuple[object, ...]]:
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{name}")
    schema = "temp" if table.startswith("temp.") else "main"
    connection.exec_driver_sql(
        f"CREATE VIRTUAL TABLE temp.{name} USING fts5vocab"
        f"({schema}, {table.removeprefix('temp.')}, instance)"
    )
    return [tuple(row) for row in connection.exec_driver_sql(_TOKENS.format(name=name))]


def index_tokens(engine: Engine) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Every token (term, film, column, position) of the live index and of a fresh one."""
    with engine.connect() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS temp.fresh_index")
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE temp.fresh_index USING fts5({', '.join(COLUMNS)},"
            f" {REVIEW_IDS_COLUMN} UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        connection.exec_driver_sql(
            f"INSERT INTO temp.fresh_index(rowid, {_ALL}) SELECT * FROM search_documents"
        )
        live = _tokens(connection, "search_index", "live_tokens")
        fresh = _tokens(connection, "temp.fresh_index", "fresh_tokens")
        indexed = connection.exec_driver_sql("SELECT id FROM search_index_docsize").all()
        films = connection.exec_driver_sql("SELECT id FROM films").all()
        connection.rollback()
    assert sorted(indexed) == sorted(films)
    return live, fresh


def assert_index_matches_journal(engine: Engine) -> None:
    live, fresh = index_tokens(engine)
    assert live == fresh
    assert_vocabulary_covers_index(engine)


def assert_vocabulary_covers_index(engine: Engine) -> None:
    """Every index term is in ``search_words``, with a word the tokenizer makes it from
    (migration 0015) and every column it is in (0016); the scratch tables the triggers
    fill are empty again."""
    with engine.connect() as connection:
        if not words.has_vocabulary(connection):
            return
        connection.exec_driver_sql("DROP TABLE IF EXISTS temp.live_terms")
        connection.exec_driver_sql(
            "CREATE VIRTUAL TABLE temp.live_terms USING fts5vocab(main, search_index, row)"
        )
        terms = set(connection.exec_driver_sql("SELECT term FROM temp.live_terms").scalars())
        vocabulary = dict(connection.exec_driver_sql("SELECT term, word FROM search_words").all())
        masks = dict(connection.exec_driver_sql("SELECT term, cols FROM search_words").all())
        in_columns = words.index_columns(connection)
        for scratch in (words.STEM_TOKENS, words.PLAIN_TOKENS, words.STEM_COLUMNS):
            assert connection.exec_driver_sql(f"SELECT count(*) FROM {scratch}").scalar() == 0
        made = words.tokens(connection, list(vocabulary.values()))
        connection.rollback()
    assert terms <= set(vocabulary)
    # a mask may keep a column its term has left (it only grows), never miss one
    assert {t: c for t, c in in_columns.items() if masks[t] & c != c} == {}
    for (term, word), tokens in zip(vocabulary.items(), made, strict=True):
        assert tokens == [(term, word)], (term, word)


def _tables(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(
            connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
            .scalars()
            .all()
        )


def test_every_change_keeps_the_index_equal_to_a_fresh_one(service: JournalService) -> None:
    engine = service._engine
    film = service.add_film(
        FilmFields(
            "Ballerina",
            original_title="발레리나",
            directors=("Lee Chung-hyun",),
            cast=("Jeon Jong-seo",),
            genres=("Action",),
            where_to_watch=(StreamingInfo("Netflix"),),
        )
    )
    other = service.add_film(FilmFields("Paterson", directors=("Jim Jarmusch",)))
    service.add_to_watchlist(other.id, "a poem a day")
    viewing = service.mark_watched(film.id, date(2025, 6, 1), where="Cinema", note="loud")
    review = service.write_review(
        film.id, ReviewFields(headline="stream it", body="A flamethrower!", tags=("action",))
    )
    service.write_review(film.id, ReviewFields(body="second look", tags=("action", "neon")))
    assert_index_matches_journal(engine)
    service.edit_film(film.id, FilmFields("Ballerina (2023)", directors=("Lee",)))
    service.update_review(review.id, ReviewFields(body="calmer now", tags=("quiet",)))
    service.remove_from_watchlist(other.id)
    assert_index_matches_journal(engine)
    with writer(engine).begin() as connection:
        tag = connection.execute(text("SELECT id FROM tags WHERE name = 'neon'")).scalar_one()
        viewing_id = (
            getattr(viewing, "id", None)
            or connection.execute(text("SELECT id FROM viewings")).scalar_one()
        )
        connection.execute(
            text("INSERT INTO viewing_tags (viewing_id, tag_id, position) VALUES (:v, :t, 0)"),
            {"v": viewing_id, "t": tag},
        )
        connection.execute(text("UPDATE tags SET name = 'glow' WHERE id = :t"), {"t": tag})
        connection.execute(text("UPDATE viewings SET film_id = :o"), {"o": other.id})
    assert_index_matches_journal(engine)
    with writer(engine).begin() as connection:
        connection.execute(text("DELETE FROM tags WHERE name = 'glow'"))
    assert_index_matches_journal(engine)
    snapshot = service.delete_film(film.id)
    assert_index_matches_journal(engine)
    service.restore_film(snapshot)
    assert_index_matches_journal(engine)
    assert [hit.film.id for hit in service.search("calmer")] == [film.id]
    assert "search_index_content" not in _tables(engine)


def test_a_bulk_load_into_a_journal_adds_and_refreshes_rows(service: JournalService) -> None:
    engine = service._engine
    kept = service.add_film(FilmFields("Kept", directors=("Agnès Varda",))).id
    changed = service.add_film(FilmFields("Changed")).id
    service.write_review(changed, ReviewFields(body="before the import"))
    with bulk_load(writer(engine)) as connection:
        connection.execute(text("UPDATE reviews SET body = 'after the import'"))
        connection.execute(
            text(
                'INSERT INTO films (id, title, title_key, directors, "cast", genres, countries,'
                " liked, created_at, updated_at, content_notes) VALUES (99, 'Loaded', 'loaded',"
                " '[]', '[]', '[]', '[]', 0, '2025-01-01', '2025-01-01', '[]')"
            )
        )
    assert_index_matches_journal(engine)
    assert service.search_film_ids("varda") == [kept]
    assert service.search_film_ids("after") == [changed]
    assert service.search_film_ids("before") == []
    assert service.search_film_ids("loaded") == [99]


def _journal_at(path: Path, revision: str) -> Engine:
    engine = create_journal_engine(path)
    migrate.upgrade_to_head(writer(engine), target=revision)
    return engine


def test_upgrade_from_0005_indexes_the_journal_without_a_copy_and_downgrade_restores_it(
    journal_path: Path, app_dirs: AppPaths
) -> None:
    # A journal written at 0005 (with its own copy of the text in the index).
    old = JournalService.open(journal_path, app_dirs.backup_dir)
    old.close()
    engine = create_journal_engine(journal_path)
    move(writer(engine), "0005", down=True)
    assert "search_index_content" in _tables(engine)
    with writer(engine).begin() as connection:
        connection.execute(
            text(
                'INSERT INTO films (id, title, title_key, directors, "cast", genres, countries,'
                " liked, created_at, updated_at, content_notes) VALUES (1, 'Paterson',"
                " 'paterson', '[\"Jim Jarmusch\"]', '[]', '[]', '[]', 0, '2025-01-01',"
                " '2025-01-01', '[]')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO reviews (film_id, headline, body, spoilers, draft, created_at,"
                " updated_at) VALUES (1, '', 'a poem every day', 0, 0, '2025-01-01',"
                " '2025-01-01')"
            )
        )
        sizes = connection.execute(text("SELECT count(*) FROM search_index_content")).scalar()
        assert sizes == 1
    engine.dispose()
    # Opening it upgrades it: the index is rebuilt from the journal, with no copy.
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    try:
        assert "search_index_content" not in _tables(service._engine)
        assert_index_matches_journal(service._engine)
        hits = service.search("poem")
        assert [hit.film.title for hit in hits] == ["Paterson"]
        assert hits[0].snippet is not None and hits[0].snippet.marked() == "a [poem] every day"
        service.write_review(1, ReviewFields(body="and a bus"))
        assert service.search_film_ids("bus jarmusch") == [1]
    finally:
        service.close()
    # Down again: the old layout, filled from the journal, kept in step by the old triggers.
    engine = create_journal_engine(journal_path)
    config = migrate.alembic_config()
    with writer(engine).begin() as connection:  # the checks below in the same transaction
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
        names = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        ).scalars()
        assert not [name for name in names if name.startswith("search_drop_")]
        connection.execute(text("UPDATE reviews SET body = 'a tram' WHERE body = 'and a bus'"))
        found = connection.execute(
            text("SELECT rowid FROM search_index WHERE search_index MATCH 'tram'")
        ).scalars()
        assert list(found) == [1]
        assert connection.execute(text("SELECT count(*) FROM search_index_content")).scalar() == 1
    engine.dispose()
    engine = open_journal(journal_path, app_dirs.backup_dir)
    assert_index_matches_journal(engine)
    engine.dispose()


@pytest.mark.parametrize("bulk_rows", [1, 1_000_000], ids=["bulk", "row-by-row"])
def test_an_import_into_a_journal_with_films_keeps_the_index_exact(
    service: JournalService, monkeypatch: pytest.MonkeyPatch, bulk_rows: int
) -> None:
    """A large import turns the adding triggers off (see ``importing._bulk_search_sync``):
    the rows of the films it changes are removed before their first change and
    added again at the end, as are the new films'."""
    from watchjournal.journal import importing  # as the import test does: a cycle

    monkeypatch.setattr(importing, "BULK_ROWS", bulk_rows)
    paterson = service.add_film(FilmFields("Paterson", year=2016, directors=("Jim Jarmusch",)))
    service.write_review(paterson.id, ReviewFields(body="written here before the import"))
    service.add_film(FilmFields("Untouched", directors=("Agnès Varda",)))
    import_path(service, "letterboxd", LETTERBOXD_EXPORT)
    assert_index_matches_journal(service._engine)
    import_path(service, "letterboxd", LETTERBOXD_EXPORT)  # again: it changes known films
    assert_index_matches_journal(service._engine)
    assert len(service.search_film_ids("varda")) == 1
