"""What a delete takes with it, kept as plain rows so that it can be put back (Ctrl+Z).

The schema cascades deletes in the database (ON DELETE CASCADE / SET NULL in models.py), so
the rows a delete will remove are found by walking the foreign keys of the tables, not the
ORM relations: whatever a later model adds with a cascading key is covered too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from sferum_desk.db.models import Base

_CASCADE, _SET_NULL = "CASCADE", "SET NULL"


@dataclass(frozen=True, eq=False)
class RowSnapshot:
    """`rows`: (table, column values) parents first; `unlinked`: (table, key, column, value)
    of rows that stay but lose a reference (a unit's curator)."""

    rows: tuple[tuple[str, dict], ...]
    unlinked: tuple[tuple[str, object, str, object], ...]


def _key(table: Table):
    (column,) = table.primary_key.columns
    return column


class RowCollector:
    """Gathers, before each delete of a transaction, the rows that delete will take away."""

    def __init__(self, session: Session):
        self.session = session
        self.found: dict[str, dict[object, dict]] = {}
        self.unlinked: dict[tuple[str, object, str], object] = {}

    def add(self, table_name: str, keys) -> None:
        queue = [(Base.metadata.tables[table_name], list(keys))]
        while queue:
            table, wanted = queue.pop()
            seen = self.found.setdefault(table.name, {})
            wanted = [k for k in dict.fromkeys(wanted) if k not in seen]
            if not wanted:
                continue
            key = _key(table)
            rows = [dict(r) for r in self.session.execute(
                select(table).where(key.in_(wanted))).mappings()]
            for row in rows:
                seen[row[key.name]] = row
            queue.extend(self._dependants(table, rows))

    def _dependants(self, table: Table, rows: list[dict]):
        """The rows that point at `rows`: cascading ones go too, SET NULL ones lose the link."""
        for child in Base.metadata.sorted_tables:
            for fk in child.foreign_keys:
                if fk.column.table is not table or not rows:
                    continue
                values = [row[fk.column.name] for row in rows]
                child_key = _key(child)
                if fk.ondelete == _CASCADE:
                    yield child, self.session.scalars(
                        select(child_key).where(fk.parent.in_(values))).all()
                elif fk.ondelete == _SET_NULL:
                    for key, value in self.session.execute(
                            select(child_key, fk.parent).where(fk.parent.in_(values))):
                        self.unlinked[(child.name, key, fk.parent.name)] = value

    def snapshot(self) -> RowSnapshot:
        rows = tuple((table.name, row) for table in Base.metadata.sorted_tables
                     for _key_value, row in sorted(self.found.get(table.name, {}).items()))
        unlinked = tuple((table, key, column, value)
                         for (table, key, column), value in self.unlinked.items()
                         if key not in self.found.get(table, {}))
        return RowSnapshot(rows, unlinked)


def restore_rows(session: Session, snapshot: RowSnapshot) -> None:
    """Insert the rows again with their own keys, parents first, and re-link what lost its
    reference. A key taken meanwhile fails the flush (IntegrityError): the caller says so."""
    tables = Base.metadata.tables
    for table_name, row in snapshot.rows:
        session.execute(insert(tables[table_name]).values(**row))
    for table_name, key, column, value in snapshot.unlinked:
        table = tables[table_name]
        session.execute(update(table).where(_key(table) == key, table.c[column].is_(None))
                        .values({column: value}))  # a link set anew meanwhile stays
    session.flush()
