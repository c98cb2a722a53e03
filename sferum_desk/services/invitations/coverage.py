"""The people of one unit and audience with their slips and join marks, and the coverage of
every unit × audience."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from sferum_desk.db.models import (
    Guardian,
    GuardianLink,
    Invitation,
    Person,
    Slip,
    Staff,
    Student,
    Unit,
    UnitJoin,
)
from sferum_desk.domain.enums import Audience
from sferum_desk.domain.links import audience_title, audiences_for_unit
from sferum_desk.domain.names import sort_key
from sferum_desk.services.base import Service
from sferum_desk.services.invitations.common import _org_vocab, _status, _unit, _units_sorted
from sferum_desk.services.invitations.rows import (
    ACTIVE,
    ANNULLED,
    REPLACED,
    AudiencePerson,
    CoverageRow,
)
from sferum_desk.services.refusals import declined_dates


class CoverageMixin(Service):
    # ---- people of an audience -------------------------------------------------
    def audience_people(self, unit_id: int, audience: str) -> list[AudiencePerson]:
        with self.db.unit_of_work() as session:
            unit = _unit(session, unit_id)
            return _audience_status(session, unit, Audience(audience))

    def coverage(self, today: dt.date | None = None) -> list[CoverageRow]:
        with self.db.unit_of_work() as session:
            return _coverage(session, today or dt.date.today())


# ---- people of an audience: helpers ----------------------------------------------------
def _short(last: str, first: str) -> str:
    return f"{last} {first}".strip()


def _audience_rows(session: Session, unit: Unit, audience: Audience
                   ) -> list[tuple[int, str, str]]:
    """(person id, full name, detail) of everyone a unit's link is meant for."""
    return _audience_rows_of(session, [unit.id], audience)[unit.id]


def _audience_rows_of(session: Session, unit_ids: list[int], audience: Audience
                      ) -> dict[int, list[tuple[int, str, str]]]:
    """`_audience_rows` of several units in one query (a print of 297 classes, #17)."""
    full = func.trim(Person.last_name + " " + Person.first_name + " " + Person.patronymic)
    by_unit: dict[int, list[tuple[int, str, str]]] = {uid: [] for uid in unit_ids}
    if audience is Audience.STAFF:
        query = (select(Person.id, full, Staff.position).join(Staff, Staff.person_id == Person.id)
                 .where(Person.left_on.is_(None)))
        rows = [(pid, name, position or "") for pid, name, position in session.execute(query)]
        by_unit = {uid: list(rows) for uid in unit_ids}
    elif audience is Audience.STUDENTS:
        query = (select(Student.unit_id, Person.id, full)
                 .join(Student, Student.person_id == Person.id)
                 .where(Student.unit_id.in_(unit_ids), Person.left_on.is_(None)))
        for uid, pid, name in session.execute(query):
            by_unit[uid].append((pid, name, ""))
    else:
        child = aliased(Person)
        query = (select(Student.unit_id, Person.id, full, child.last_name, child.first_name)
                 .join(Guardian, Guardian.person_id == Person.id)
                 .join(GuardianLink, GuardianLink.guardian_id == Guardian.id)
                 .join(Student, Student.id == GuardianLink.student_id)
                 .join(child, child.id == Student.person_id)
                 .where(Student.unit_id.in_(unit_ids), Person.left_on.is_(None),
                        child.left_on.is_(None)))
        children: dict[tuple[int, int], list[str]] = {}
        names: dict[tuple[int, int], str] = {}
        for uid, pid, name, last, first in session.execute(query):
            names[uid, pid] = name
            children.setdefault((uid, pid), []).append(_short(last, first))
        for (uid, pid), name in names.items():
            by_unit[uid].append((pid, name, ", ".join(sorted(children[uid, pid], key=sort_key))))
    return {uid: sorted(rows, key=lambda r: sort_key(r[1])) for uid, rows in by_unit.items()}


def _latest_slips(session: Session, unit_id: int, audience: str,
                  person_ids: list[int] | None = None) -> dict[int, Slip]:
    query = (select(Slip).join(Invitation, Invitation.id == Slip.invitation_id)
             .where(Invitation.unit_id == unit_id, Invitation.audience == audience,
                    Slip.person_id.is_not(None)).order_by(Slip.id))
    if person_ids is not None:
        query = query.where(Slip.person_id.in_(person_ids))
    return {slip.person_id: slip for slip in session.scalars(query)}


def _audience_status(session: Session, unit: Unit, audience: Audience) -> list[AudiencePerson]:
    rows = _audience_rows(session, unit, audience)
    ids = [pid for pid, _, _ in rows]
    counts = dict(session.execute(
        select(Slip.person_id, func.count()).join(Invitation, Invitation.id == Slip.invitation_id)
        .where(Invitation.unit_id == unit.id, Invitation.audience == audience.value,
               Slip.person_id.in_(ids)).group_by(Slip.person_id)).all())
    latest = _latest_slips(session, unit.id, audience.value, ids)
    joined = dict(session.execute(select(UnitJoin.person_id, UnitJoin.joined_on).where(
        UnitJoin.unit_id == unit.id, UnitJoin.audience == audience.value,
        UnitJoin.person_id.in_(ids))).all())
    dead = set(session.scalars(select(Invitation.id).where(
        Invitation.unit_id == unit.id, Invitation.audience == audience.value,
        Invitation.status.in_((ANNULLED, REPLACED)))))
    declined = declined_dates(session, ids)
    return [AudiencePerson(pid, name, detail, counts.get(pid, 0),
                           latest[pid].id if pid in latest else None,
                           latest[pid].handed_out_on if pid in latest else None,
                           joined.get(pid),
                           pid in latest and latest[pid].invitation_id in dead,
                           declined.get(pid))
            for pid, name, detail in rows]


def _coverage(session: Session, today: dt.date) -> list[CoverageRow]:
    """Every unit × audience in a few grouped queries (#17: one query per pair made the
    invitations tab take seconds on a large school)."""
    org, vocab = _org_vocab(session)
    links: dict[tuple[int, str], str] = {}
    for invitation in session.scalars(select(Invitation).order_by(Invitation.id)):
        key = (invitation.unit_id, invitation.audience)
        status = _status(invitation, today)
        if links.get(key) != ACTIVE:
            links[key] = status
    slip_counts = {(uid, aud): (printed, handed) for uid, aud, printed, handed in session.execute(
        select(Invitation.unit_id, Invitation.audience, func.count(Slip.id),
               func.count(Slip.handed_out_on))
        .join(Slip, Slip.invitation_id == Invitation.id)
        .group_by(Invitation.unit_id, Invitation.audience))}
    members = _audience_members(session)
    joins = {tuple(row) for row in session.execute(select(
        UnitJoin.person_id, UnitJoin.unit_id, UnitJoin.audience))}
    result = []
    for unit in _units_sorted(session):
        for audience in audiences_for_unit(org.kind, unit.kind):
            key = (unit.id, audience.value)
            if audience is Audience.STUDENTS and key not in links and key not in slip_counts:
                continue  # many organisations do not put pupils on the platform at all
            people = members[STAFF_KEY] if audience is Audience.STAFF else members.get(key, set())
            printed, handed = slip_counts.get(key, (0, 0))
            result.append(CoverageRow(
                unit.id, unit.name, audience.value, audience_title(audience, vocab),
                links.get(key, "none"), len(people), printed, handed,
                sum(1 for p in people if (p, unit.id, audience.value) in joins)))
    return result


STAFF_KEY = (0, Audience.STAFF.value)


def _audience_members(session: Session) -> dict[tuple[int, str], set[int]]:
    """Who each unit's link is meant for, as `_audience_rows` reads it for one unit: staff
    (under STAFF_KEY), each unit's pupils and the parents of its pupils, present ones only."""
    members: dict[tuple[int, str], set[int]] = {STAFF_KEY: set(session.scalars(
        select(Person.id).join(Staff, Staff.person_id == Person.id)
        .where(Person.left_on.is_(None))))}
    for unit_id, pid in session.execute(
            select(Student.unit_id, Person.id).join(Person, Person.id == Student.person_id)
            .where(Student.unit_id.is_not(None), Person.left_on.is_(None))):
        members.setdefault((unit_id, Audience.STUDENTS.value), set()).add(pid)
    child = aliased(Person)
    for unit_id, pid in session.execute(
            select(Student.unit_id, Person.id)
            .join(GuardianLink, GuardianLink.student_id == Student.id)
            .join(Guardian, Guardian.id == GuardianLink.guardian_id)
            .join(Person, Person.id == Guardian.person_id)
            .join(child, child.id == Student.person_id)
            .where(Student.unit_id.is_not(None), Person.left_on.is_(None),
                   child.left_on.is_(None))):
        members.setdefault((unit_id, Audience.PARENTS.value), set()).add(pid)
    return members
