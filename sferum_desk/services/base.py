"""What every service shares: the database and a history record of each change."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sferum_desk.db.engine import Database
from sferum_desk.db.models import HistoryEvent


class Service:
    def __init__(self, db: Database):
        self.db = db


def record(session: Session, entity: str, entity_id: int | None, action: str,
           **details) -> None:
    """History without personal data: ids and field names only."""
    session.add(HistoryEvent(entity=entity, entity_id=entity_id, action=action, details=details))
