"""Deleted rows put back during the session (Ctrl+Z in a table).

A delete that can be undone hands back a `Deleted`: the rows it removed (and the links it
cleared) as plain data. `UndoService.restore` re-creates them, in one transaction, with
their own ids, so everything that pointed at them (enrolments, guardians, slips, joins,
signatures) is whole again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sferum_desk.db.row_snapshots import RowCollector, RowSnapshot, restore_rows
from sferum_desk.domain.errors import UserError
from sferum_desk.services.base import Service, record

GONE_FOR_GOOD = ("Удалённое уже не вернуть: за это время в базе появились записи с теми же "
                 "данными. Добавьте их заново или восстановите резервную копию.")


@dataclass(frozen=True, eq=False)
class Deleted:
    """`entity` and `ids`: what the user chose to delete (selected again once restored);
    `count`: how many records went with it (people, acts, units)."""

    entity: str
    ids: tuple[int, ...]
    count: int
    snapshot: RowSnapshot


class UndoCollector(RowCollector):
    """A RowCollector that names what was chosen: `deleted()` is the service's answer."""

    def __init__(self, session: Session, entity: str):
        super().__init__(session)
        self.entity = entity
        self.chosen: list[int] = []

    def take(self, table_name: str, key: int, chosen: bool = True) -> None:
        self.add(table_name, [key])
        if chosen:
            self.chosen.append(key)

    def deleted(self, count: int | None = None) -> Deleted:
        ids = tuple(dict.fromkeys(self.chosen))
        return Deleted(self.entity, ids, len(ids) if count is None else count,
                       self.snapshot())


class UndoService(Service):
    def restore(self, deleted: Deleted) -> int:
        """Put back what one delete removed; returns how many records came back."""
        with self.db.unit_of_work() as session:
            try:
                restore_rows(session, deleted.snapshot)
            except IntegrityError as error:
                raise UserError(GONE_FOR_GOOD) from error
            for key in deleted.ids:
                record(session, deleted.entity, key, "restored")
        return deleted.count
