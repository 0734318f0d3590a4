"""The newest schema revision of a journal (Alembic's head).

Tests check it equals Alembic's head. Knowing it without importing Alembic or
SQLAlchemy lets an up-to-date journal open without Alembic, and lets the app
read its first page with plain ``sqlite3`` (``storage.quick_read``).
"""

HEAD_REVISION = "0016"
