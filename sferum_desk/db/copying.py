"""Copying the rows of one open database into another, empty one (SQLite ⇄ PostgreSQL),
checked by row counts (the quick whole-file copy of a SQLite file into a new file is
file_copy.py's, without SQLAlchemy).

Every table is copied in dependency order in one transaction on the target, so a failure
leaves it as it was. Opening the target (and naming it) is engine.py's `copy_database`: this
module only moves rows between databases already open, so the engine may build on it (a
server's backup is such a copy) without an import back.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from sqlalchemy import Table, bindparam, func, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DataError, DBAPIError

from sferum_desk.db import migrations
from sferum_desk.db.file_copy import new_file_at
from sferum_desk.db.models import Base
from sferum_desk.db.os_failures import os_failure_message
from sferum_desk.domain.errors import UserError

log = logging.getLogger(__name__)


class OpenDatabase(Protocol):
    """What a copy needs of an open engine.Database (named so, not imported: engine.py
    imports this module)."""

    path: Path | None  # the SQLite file, None on a server
    dialect: str
    engine: Engine

CHUNK = 2000


def write_failure(exc: DBAPIError, new_file: Path | None) -> UserError:
    """The cause the target gave: a full disk, a read-only one, or a value it refuses."""
    if new_file is not None:
        message = os_failure_message(exc, new_file.parent)
        if message:
            return UserError(message)
    text = str(exc.orig).lower()
    if "no space" in text or "disk full" in text:
        return UserError("На сервере базы данных не осталось места: обратитесь к его "
                         "администратору и повторите.")
    return UserError("Не удалось скопировать базу: база назначения не приняла данные — "
                     "проверьте место на диске и права на запись и повторите.")


def new_sqlite_file(url) -> Path | None:
    """A SQLite target that does not exist yet is built beside it and renamed at the end."""
    if url.get_backend_name() != "sqlite":
        return None
    return new_file_at(Path(url.database or ""))


def copy_tables(source: OpenDatabase, destination: OpenDatabase) -> dict[str, int]:
    if migrations.current_revision(source.engine) != migrations.current_revision(
            destination.engine):
        raise UserError("Базы разных версий: откройте обе этой версией Sferum Desk и повторите.")
    tables = Base.metadata.sorted_tables  # parents before children
    counts: dict[str, int] = {}
    with _snapshot(source) as reader, destination.engine.begin() as writer:
        _refuse_non_empty(writer, tables)
        for table in tables:
            counts[table.name] = _copy_table(reader, writer, table)
        if destination.dialect == "postgresql":
            _move_sequences(writer, tables)
        _check_counts(reader, writer, tables, counts)
    return counts


def _snapshot(source: OpenDatabase) -> Connection:
    """Read every table as of one moment, even while another PC writes to the server."""
    connection = source.engine.connect()
    if source.dialect == "postgresql":
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
    return connection


def _refuse_non_empty(writer: Connection, tables: list[Table]) -> None:
    for table in tables:
        if writer.scalar(select(func.count()).select_from(table)):
            raise UserError("В базе, куда копировать, уже есть данные: укажите новый файл или "
                            "пустую базу на сервере.")


def _copy_table(reader: Connection, writer: Connection, table: Table) -> int:
    """Rows in id order; a column pointing into its own table (a document replacing another)
    is filled in after all rows exist."""
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    rows = reader.execute(select(table).order_by(*table.primary_key.columns)).mappings()
    copied = 0
    later: list[dict] = []
    while chunk := rows.fetchmany(CHUNK):
        batch = [dict(row) for row in chunk]
        for row in batch:
            if self_refs and any(row[c] is not None for c in self_refs):
                later.append({"_id": row["id"], **{c: row[c] for c in self_refs}})
                row.update({c: None for c in self_refs})
        try:
            writer.execute(table.insert(), batch)
        except DBAPIError as exc:
            if not isinstance(exc, DataError):  # a full disk is not a too long text
                raise
            raise UserError(f"Не удалось скопировать таблицу «{table.name}»: в базе, откуда "
                            "копируют, есть значения, которые база назначения не принимает "
                            "(например, слишком длинный текст).") from exc
        copied += len(batch)
    if later:
        statement = (update(table).where(table.c.id == bindparam("_id"))
                     .values({c: bindparam(c) for c in self_refs}))
        writer.execute(statement, later)
    return copied


def _move_sequences(writer: Connection, tables: list[Table]) -> None:
    """Rows came with their ids: the id counters must continue after the largest one."""
    for table in tables:
        if "id" not in table.c:
            continue
        writer.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"))


def _check_counts(reader: Connection, writer: Connection, tables: list[Table],
                  counts: dict[str, int]) -> None:
    """Each table has as many rows in the copy as in the original, or nothing is written."""
    for table in tables:
        found = writer.scalar(select(func.count()).select_from(table))
        expected = reader.scalar(select(func.count()).select_from(table))
        if not found == expected == counts[table.name]:
            raise UserError(f"Копия не сошлась в таблице «{table.name}» ({found} строк вместо "
                            f"{expected}): ничего не записано, повторите.")
