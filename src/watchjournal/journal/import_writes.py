"""What an import writes: prepared before the write lock is taken, run while it is held.

The plan (``journal.import_writer.BatchWriter``) records each bulk insert here
as parameter tuples in the order of the columns it names; they are turned at
once into SQL text and DB-API parameters, every value through its column
type's bind processor (dates and timestamps to text, name lists to JSON,
booleans to integers), which is what SQLAlchemy would otherwise do row by row
while other writers wait. The conversion runs a column at a time and once per
distinct value (an import's rows share few dates and timestamps). Under the
lock only ``executemany`` runs. Updates of matched films (filling in missing
details) stay ORM bulk updates by primary key: there are few of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Dialect, Executable, Table, func, select, text
from sqlalchemy.orm import Session

Row = tuple[Any, ...]


@dataclass(frozen=True)
class _Insert:
    sql: str
    params: list[Row]


def _converted(process: Callable[[Any], Any], values: Sequence[Any]) -> list[Any]:
    """``values`` through a bind processor, each distinct value converted once."""
    try:
        distinct = set(values)
    except TypeError:  # an unhashable value (a list): convert one by one
        return [None if value is None else process(value) for value in values]
    done = {value: None if value is None else process(value) for value in distinct}
    return list(map(done.__getitem__, values))


def _processor(table: Table, name: str, dialect: Dialect) -> Callable[[Any], Any] | None:
    """The column's bind processor for this dialect (its own date and time formats:
    the generic type's processor would leave dates to the driver's adapters)."""
    column_type = table.c[name].type
    return column_type.dialect_impl(dialect).bind_processor(dialect)


def _placeholder(dialect: Dialect) -> str:
    """The driver's positional parameter marker (sqlite3: ``?``, psycopg: ``%s``)."""
    return "?" if dialect.paramstyle == "qmark" else "%s"


class ImportWrites:
    """The statements of an import, in the order the plan made them."""

    def __init__(self, dialect: Dialect) -> None:
        self._dialect = dialect
        self._steps: list[_Insert | tuple[Executable, list[dict[str, Any]]]] = []
        self.rows = 0
        # Tables given ids here: a server's id sequences must be moved past them.
        self._tables_with_ids: list[Table] = []
        # Films whose search-index row must be re-composed (new, changed or with new parts).
        self.film_ids: set[int] = set()

    def __bool__(self) -> bool:
        return bool(self._steps)

    def insert(
        self,
        table: Table,
        columns: Sequence[str],
        rows: list[Row],
        ids: Sequence[int] | None = None,
    ) -> None:
        """Plan inserting ``rows`` (tuples of Python values, in ``columns`` order).

        ``ids``, if given, is one more column (the last of ``columns``), one id per row.
        """
        if not rows:
            return
        processors = [
            (position, process)
            for position, name in enumerate(columns)
            if (process := _processor(table, name, self._dialect)) is not None
        ]
        params = rows
        if processors or ids is not None:
            by_column: list[Sequence[Any]] = list(zip(*rows, strict=True))
            if ids is not None:
                by_column.append(ids)
            for position, process in processors:
                by_column[position] = _converted(process, by_column[position])
            params = list(zip(*by_column, strict=True))
        quote = self._dialect.identifier_preparer
        sql = (
            f"INSERT INTO {quote.format_table(table)}"
            f" ({', '.join(quote.quote(name) for name in columns)})"
            f" VALUES ({', '.join(_placeholder(self._dialect) for _ in columns)})"
        )
        self._steps.append(_Insert(sql, params))
        if ids is not None and table not in self._tables_with_ids:
            self._tables_with_ids.append(table)
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
        if self._dialect.name == "postgresql":
            # Rows inserted with their ids leave the id sequence behind them: move it
            # on, or the next film added one at a time would be given a taken id.
            for table in self._tables_with_ids:
                connection.execute(
                    text("SELECT setval(pg_get_serial_sequence(:name, 'id'), :high)"),
                    {"name": table.name, "high": connection.scalar(select(func.max(table.c.id)))},
                )
