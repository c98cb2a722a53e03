"""What every service shares: the database and a history record of each change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sferum_desk.domain.errors import EditConflict

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sferum_desk.db.engine import Database

# SQLAlchemy and the models are imported by the functions that use them: a service that
# reads with plain SQL (services/safety.py's check) starts without the ORM (#17).


class Service:
    def __init__(self, db: Database):
        self.db = db

    def backup_before_bulk(self, count: int, reason: str) -> None:
        """A change of several rows at once (people marked, links annulled) gets a rotated
        backup first, as an import or a deletion does; a single click does not."""
        if count > 1:
            self.db.backup(reason)


def core_rows(session: Session, statement):
    """A select of plain columns run as Core: rows without the ORM's result machinery (and
    no autoflush: for reads in a session with nothing to flush). Half the time for the 20k
    rows of a big school's lists (#17)."""
    return session.connection().execute(statement)


def record(session: Session, entity: str, entity_id: int | None, action: str,
           **details) -> None:
    """History without personal data: ids and field names only."""
    from sferum_desk.db.models import HistoryEvent

    session.add(HistoryEvent(entity=entity, entity_id=entity_id, action=action, details=details))


def guard_edit(row, expected_version: int | None) -> None:
    """Refuse an edit made on a copy older than the database's (saved meanwhile on another
    PC), and make this save move the row's version on even when only related rows change (a
    pupil's guardians), so that the other PC's older copy is refused in turn.

    Rows with a version: Organization, Person, Unit (db/models.py).
    """
    if expected_version is not None and row.version != expected_version:
        raise EditConflict()
    from sqlalchemy import inspect
    from sqlalchemy.orm.attributes import flag_modified

    mapper = inspect(row).mapper
    touched = next(c.key for c in mapper.column_attrs
                   if c.columns[0] is not mapper.version_id_col and not c.columns[0].primary_key)
    flag_modified(row, touched)  # an UPDATE is issued, and the ORM adds 1 to the version
