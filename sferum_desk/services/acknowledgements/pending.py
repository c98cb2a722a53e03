"""Who an act's audience names today, and keeping the pending rows of current acts equal
to it (`sync_pending`, called by the people service, the roster import and movement)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session, aliased

from sferum_desk.db.models import (
    Acknowledgement, Document, Guardian, GuardianLink, Person, Staff, Student,
)
from sferum_desk.domain.enums import Audience


# ---- queries shared with other services ----------------------------------------------
def _active(today: dt.date | None = None):
    """A person still here: no leaving date, or one still in the future."""
    today = today or dt.date.today()
    return or_(Person.left_on.is_(None), Person.left_on > today)


def _current_documents(session: Session, ids: Iterable[int] | None = None) -> list[Document]:
    replaced = select(Document.replaces_id).where(Document.replaces_id.is_not(None))
    query = select(Document).where(Document.id.not_in(replaced))
    if ids is not None:
        query = query.where(Document.id.in_(list(ids)))
    return list(session.scalars(query))


def audience_person_ids(session: Session, audience: dict,
                        among: Sequence[int] | None = None) -> set[int]:
    """Everyone the audience names today (people who left are not in it); with `among`,
    only those of these people."""
    kind = audience.get("kind", Audience.STAFF.value)
    everyone = audience.get("everyone", True)
    if kind == Audience.STAFF.value:
        query = select(Staff.person_id).join(Person, Person.id == Staff.person_id)
        if not everyone:
            query = query.where(Staff.person_id.in_(audience.get("person_ids", [])))
    elif kind == Audience.STUDENTS.value:
        query = (select(Student.person_id).join(Person, Person.id == Student.person_id)
                 .where(Student.unit_id.is_not(None)))
        if not everyone:
            query = query.where(Student.unit_id.in_(audience.get("unit_ids", [])))
    else:
        child = aliased(Person)
        query = (select(Guardian.person_id)
                 .join(Person, Person.id == Guardian.person_id)
                 .join(GuardianLink, GuardianLink.guardian_id == Guardian.id)
                 .join(Student, Student.id == GuardianLink.student_id)
                 .join(child, child.id == Student.person_id)
                 .where(Student.unit_id.is_not(None),
                        or_(child.left_on.is_(None), child.left_on > dt.date.today())))
        if not everyone:
            query = query.where(Student.unit_id.in_(audience.get("unit_ids", [])))
    query = query.where(_active())
    if among is not None:
        query = query.where(Person.id.in_(among))
    return set(session.scalars(query))


def sync_pending(session: Session, document_ids: Iterable[int] | None = None,
                 person_ids: Iterable[int] | None = None) -> int:
    """Make the pending rows of current acts match their audiences; returns rows changed.

    Call it inside the transaction that added, moved or removed people (hooks: people
    service's save_staff/save_student, the roster import, movement). `person_ids`: only
    these people changed, so only their rows are compared (#17: one saved card in a
    10,000-pupil school no longer reads every act's whole list); the result is the same
    as the full sync's for them.
    """
    among = None if person_ids is None else sorted(set(person_ids))
    if among is not None and not among:
        return 0
    changed = 0
    for document in _current_documents(session, document_ids):
        wanted = audience_person_ids(session, document.audience or {}, among)
        query = (select(Acknowledgement.person_id, Acknowledgement.signed_on)
                 .where(Acknowledgement.document_id == document.id))
        if among is not None:
            query = query.where(Acknowledgement.person_id.in_(among))
        existing = dict(session.execute(query).all())
        new = sorted(wanted - existing.keys())
        gone = [pid for pid, signed in existing.items() if signed is None and pid not in wanted]
        if new:
            session.execute(insert(Acknowledgement),
                            [{"document_id": document.id, "person_id": pid} for pid in new])
        if gone:
            session.execute(delete(Acknowledgement).where(
                Acknowledgement.document_id == document.id,
                Acknowledgement.person_id.in_(gone)))
        changed += len(new) + len(gone)
    return changed
