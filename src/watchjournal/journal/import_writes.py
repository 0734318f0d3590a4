"""What an import writes: prepared before the write lock is taken, run while it is held.

The plan (``journal.import_writer.BatchWriter``) records each bulk insert here
as rows; they are turned at once into SQL text and DB-API parameter tuples,
every value through its column type's bind processor (dates and timestamps to
text, name lists to JSON, booleans to integers), which is what SQLAlchemy
would otherwise do row by row while other writers wait. Under the lock only
``executemany`` runs. Updates of matched films (filling in missing details)
stay ORM bulk updates by primary key: there are few of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Dialect, Executable, Table
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class _Insert:
    sql: str
    params: list[tuple[Any, ...]]


def _default(column: Column[Any]) -> Any:
    """The value SQLAlchemy would give a column a row leaves out (its Python default)."""
    default = column.default
    if default is None:
        return None
    if getattr(default, "is_scalar", False):
        return getattr(default, "arg", None)
    if getattr(default, "is_callable", False):
        return default.arg(None)  # type: ignore[attr-defined]  # wrapped to take a context
    return None


class ImportWrites:
    """The statements of an import, in the order the plan made them."""

    def __init__(self, dialect: Dialect) -> None:
        self._dialect = dialect
        self._steps: list[_Insert | tuple[Executable, list[dict[str, Any]]]] = []
        self.rows = 0
        # Films whose search-index row must be re-composed (new, changed or with new parts).
        self.film_ids: set[int] = set()

    def __bool__(self) -> bool:
        return bool(self._steps)

    def insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Plan inserting ``rows`` (dicts by column name) into ``table``."""
        if not rows:
            return
        named = {key for row in rows for key in row}
        columns = [c for c in table.columns if c.name in named or c.default is not None]
        defaults = {c.name: _default(c) for c in columns}
        processors = [c.type.bind_processor(self._dialect) for c in columns]
        names = [c.name for c in columns]
        params = []
        for row in rows:
            values = [row.get(name, defaults[name]) for name in names]
            params.append(
                tuple(
                    value if process is None or value is None else process(value)
                    for value, process in zip(values, processors, strict=True)
                )
            )
        quote = self._dialect.identifier_preparer
        sql = (
            f"INSERT INTO {quote.format_table(table)}"
            f" ({', '.join(quote.quote(name) for name in names)})"
            f" VALUES ({', '.join('?' for _ in names)})"
        )
        self._steps.append(_Insert(sql, params))
        self.rows += len(rows)

    def execute(self, statement: Executable, rows: list[dict[str, Any]]) -> None:
        """Plan running a SQLAlchemy statement with ``rows`` (an ORM bulk update)."""
        if rows:
            self._steps.append((statement, rows))
            self.rows += len(rows)

    def apply(self, session: Session) -> None:
        """Run the planned statements in the caller's (write) transaction."""
        connection = session.connection()
        for step in self._steps:
            if isinstance(step, _Insert):
                connection.exec_driver_sql(step.sql, step.params)
            else:
                session.execute(*step)
