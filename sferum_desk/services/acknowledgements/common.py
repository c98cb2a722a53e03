"""Small look-ups and checks shared by the acknowledgement use cases."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from sferum_desk.db.models import Document, Organization, Person
from sferum_desk.domain.errors import NotFound, UserError


def _org(session: Session) -> Organization:
    org = session.scalar(select(Organization))
    if org is None:
        raise UserError("Сначала заполните карточку организации.")
    return org


def _document(session: Session, act_id: int) -> Document:
    document = session.get(Document, act_id)
    if document is None:
        raise NotFound("Такого акта больше нет: обновите список.")
    return document


def _superseded_by(session: Session, act_id: int) -> int | None:
    return session.scalar(select(Document.id).where(Document.replaces_id == act_id))


def _refuse_history(session: Session, document: Document) -> None:
    if _superseded_by(session, document.id) is not None:
        raise UserError("Это прежняя редакция акта: отмечать и менять можно только "
                        "действующую.")


def _full_name(person: Person | tuple) -> str:
    parts = (person.last_name, person.first_name, person.patronymic) \
        if isinstance(person, Person) else person
    return " ".join(p for p in parts if p)


def _date_from_json(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
