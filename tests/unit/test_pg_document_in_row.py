"""A film's search document kept in its row on PostgreSQL (migration 0017,
``pg_schema.document_in_row``): a new journal stores it there, an upgraded small
journal has its documents moved there, a large one keeps them in TOAST (searched
the same) until reindexed, and 0017 can be undone."""

from __future__ import annotations

import random

import pytest
from alembic import command
from sqlalchemy import Connection, create_engine, text

from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.paths import AppPaths
from watchjournal.search import pg_schema
from watchjournal.storage import migrate
from watchjournal.storage.server_url import server_url

pytestmark = pytest.mark.postgres

LONG_REVIEWS = 6


def _storage(connection: Connection) -> str:
    """How ``document`` is stored: 'm' (MAIN, in the row) or 'x' (EXTENDED, TOAST)."""
    return str(
        connection.scalar(
            text(
                "SELECT attstorage FROM pg_attribute"
                f" WHERE attrelid = '{pg_schema.TABLE}'::regclass AND attname = :c"
            ),
            {"c": pg_schema.DOCUMENT},
        )
    )


def _chunks(connection: Connection) -> int:
    """How many chunks the documents' table keeps in TOAST (all its columns)."""
    toast = connection.scalar(
        text("SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = CAST(:t AS regclass)"),
        {"t": pg_schema.TABLE},
    )
    return int(connection.scalar(text(f"SELECT count(*) FROM {toast}")) or 0)


def _documents(connection: Connection) -> dict[int, str]:
    rows = connection.execute(
        text(f"SELECT film_id, {pg_schema.DOCUMENT}::text FROM {pg_schema.TABLE}")
    )
    return {int(film_id): str(document) for film_id, document in rows}


def _journal_of_0016(pg_url: str, app_dirs: AppPaths) -> None:
    """A journal as 0016 left it: documents over 2 KB in TOAST. Films with reviews of a
    few hundred different words (about 4 KB of document each), and Ballerina twice."""
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    rng = random.Random(17)
    try:
        for year in (2023, 2025):
            film = service.add_film(FilmFields("Ballerina", year=year)).id
            service.write_review(film, ReviewFields(body="a dancer takes revenge"))
        for number in range(LONG_REVIEWS):
            film = service.add_film(FilmFields(f"Long Read {number}", year=2000 + number)).id
            words = ["".join(rng.choices("abcdefghij", k=8)) for _ in range(300)]
            service.write_review(film, ReviewFields(body=" ".join(["revenge", *words])))
    finally:
        service.close()
    engine = create_engine(server_url(pg_url))
    with engine.begin() as connection:
        connection.exec_driver_sql(
            f"ALTER TABLE {pg_schema.TABLE} ALTER COLUMN {pg_schema.DOCUMENT} SET STORAGE EXTENDED"
        )
        table, document = pg_schema.TABLE, pg_schema.DOCUMENT
        connection.exec_driver_sql(f"UPDATE {table} SET {document} = {document} || ''::tsvector")
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0016'")
    engine.dispose()


def _look(pg_url: str) -> tuple[str, int, dict[int, str]]:
    engine = create_engine(server_url(pg_url))
    with engine.connect() as connection:
        seen = (_storage(connection), _chunks(connection), _documents(connection))
    engine.dispose()
    return seen


def test_a_new_journal_keeps_documents_in_their_rows(pg_url: str, app_dirs: AppPaths) -> None:
    JournalService.open(pg_url, app_dirs.backup_dir).close()
    assert _look(pg_url)[0] == "m"


def test_a_small_journal_of_0016_has_its_documents_moved_into_their_rows(
    pg_url: str, app_dirs: AppPaths
) -> None:
    _journal_of_0016(pg_url, app_dirs)
    storage, chunks, documents = _look(pg_url)
    assert storage == "x" and chunks >= LONG_REVIEWS  # each long document in TOAST
    service = JournalService.open(pg_url, app_dirs.backup_dir)  # upgraded to 0017
    try:
        moved_storage, moved_chunks, moved = _look(pg_url)
        assert moved_storage == "m"
        assert moved_chunks <= chunks - LONG_REVIEWS  # out of TOAST: in their rows
        assert moved == documents  # the same lexemes at the same positions
        ballerinas = service.search_film_ids("ballerina")
        assert sorted(service.get_film(i).fields.year or 0 for i in ballerinas) == [2023, 2025]
        assert len(service.search_film_ids("revenge")) == 2 + LONG_REVIEWS
    finally:
        service.close()


def test_a_large_journal_of_0016_keeps_them_in_toast_until_reindexed(
    pg_url: str, app_dirs: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journal_of_0016(pg_url, app_dirs)
    _, chunks, documents = _look(pg_url)
    monkeypatch.setattr(pg_schema, "MOVE_LIMIT", 0)  # more films than the upgrade moves
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        assert _look(pg_url) == ("m", chunks, documents)  # nothing rewritten
        assert len(service.search_film_ids("revenge")) == 2 + LONG_REVIEWS
        assert service.rebuild_search_index() == 2 + LONG_REVIEWS
        _, reindexed_chunks, reindexed = _look(pg_url)
        assert reindexed_chunks <= chunks - LONG_REVIEWS and reindexed == documents
    finally:
        service.close()


def test_0017_can_be_undone(pg_url: str, app_dirs: AppPaths) -> None:
    JournalService.open(pg_url, app_dirs.backup_dir).close()
    config = migrate.alembic_config()
    engine = create_engine(server_url(pg_url))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0016")
        assert _storage(connection) == "x"
        migrate.upgrade_connection(connection, "head")
        assert _storage(connection) == "m"
    engine.dispose()
