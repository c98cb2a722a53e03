"""Who joined which unit's chat: the one place that records and clears joins.

On the platform a person joins each unit's chat by that unit's own link, so a join is kept
per person × unit × audience (UnitJoin). Membership stays the person's platform account (the
earliest join, the teacher's badge, extra admin): it exists while the person has any join.

A unit and audience a person belongs to is a «place»: an employee's is the staff room, a
pupil's is their unit (pupils), a parent's is each unit of their children (parents).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sferum_desk.db.models import (
    Guardian, GuardianLink, Membership, Person, Staff, Student, Unit, UnitJoin,
)
from sferum_desk.domain.enums import Audience, UnitKind

STAFF, STUDENTS, PARENTS = Audience.STAFF.value, Audience.STUDENTS.value, \
    Audience.PARENTS.value
SOURCE_MANUAL, SOURCE_IMPORT = "manual", "import"  # a hand mark, a pasted or imported list

Place = tuple[int, str]  # (unit id, audience)


def places_of(session: Session, person_ids: Iterable[int]) -> dict[int, list[Place]]:
    """Every unit and audience each person belongs to today, read in three queries."""
    ids = list(person_ids)
    places: dict[int, list[Place]] = {pid: [] for pid in ids}
    if not ids:
        return places
    staff_room = session.scalar(select(Unit.id).where(
        Unit.kind == UnitKind.STAFF_ROOM.value).order_by(Unit.id).limit(1))
    if staff_room is not None:
        for (pid,) in session.execute(select(Staff.person_id).where(Staff.person_id.in_(ids))):
            places[pid].append((staff_room, STAFF))
    for pid, unit_id in session.execute(select(Student.person_id, Student.unit_id).where(
            Student.person_id.in_(ids), Student.unit_id.is_not(None))):
        places[pid].append((unit_id, STUDENTS))
    child = select(Student.id, Student.unit_id).join(Person, Person.id == Student.person_id) \
        .where(Person.left_on.is_(None), Student.unit_id.is_not(None)).subquery()
    for pid, unit_id in session.execute(
            select(Guardian.person_id, child.c.unit_id).distinct()
            .join(GuardianLink, GuardianLink.guardian_id == Guardian.id)
            .join(child, child.c.id == GuardianLink.student_id)
            .where(Guardian.person_id.in_(ids))):
        if (unit_id, PARENTS) not in places[pid]:
            places[pid].append((unit_id, PARENTS))
    return places


def joins_of(session: Session, person_ids: Iterable[int]) -> dict[int, dict[Place, UnitJoin]]:
    ids = list(person_ids)
    result: dict[int, dict[Place, UnitJoin]] = {pid: {} for pid in ids}
    for join in session.scalars(select(UnitJoin).where(UnitJoin.person_id.in_(ids))):
        result[join.person_id][(join.unit_id, join.audience)] = join
    return result


def set_joins(session: Session, wanted: dict[int, list[Place]], joined: bool, on: dt.date,
              source: str) -> int:
    """Join (or leave) each person's given places; returns how many people changed.

    A person with no place (a pupil without a unit, a parent whose children left) keeps
    only the platform account mark, as before joins were per unit."""
    existing = joins_of(session, wanted)
    memberships = {m.person_id: m for m in session.scalars(
        select(Membership).where(Membership.person_id.in_(list(wanted))))}
    changed = 0
    for pid, places in wanted.items():
        current = existing[pid]
        before = {place: join.joined_on for place, join in current.items()}
        if joined:
            for place in places:
                join = current.get(place)
                if join is None:
                    current[place] = UnitJoin(person_id=pid, unit_id=place[0],
                                              audience=place[1], joined_on=on, source=source)
                    session.add(current[place])
                elif join.joined_on != on:
                    join.joined_on, join.source = on, source
        else:
            for place in places:
                if place in current:
                    session.delete(current.pop(place))
        after = {place: join.joined_on for place, join in current.items()}
        had = memberships.get(pid)
        changed += _sync_account(session, pid, had, after, joined and not places, on, source) \
            or before != after
    return changed


def _sync_account(session: Session, pid: int, account: Membership | None,
                  joins: dict[Place, dt.date], placeless_join: bool, on: dt.date,
                  source: str) -> bool:
    """The platform account follows the joins: the earliest date while any is left."""
    if joins or placeless_join:
        first = min(joins.values()) if joins else on
        if account is None:
            session.add(Membership(person_id=pid, joined_on=first, source=source))
            return placeless_join
        if account.joined_on != first:
            account.joined_on = first
            return placeless_join
        return False
    if account is not None:
        session.delete(account)
        return True
    return False


def clear_all(session: Session, person_ids: Iterable[int]) -> None:
    ids = list(person_ids)
    session.execute(delete(UnitJoin).where(UnitJoin.person_id.in_(ids)))


def carry_pupil_joins(session: Session, student: Student, old_unit: int, new_unit: int) -> None:
    """A pupil moved: the administrator moves them (and their parents) between the chats
    (the platform task says so), so their joins follow. A parent with another child still in
    the old unit stays there as well."""
    session.flush()
    moved = session.scalars(select(UnitJoin).where(
        UnitJoin.person_id == student.person_id, UnitJoin.unit_id == old_unit,
        UnitJoin.audience == STUDENTS)).all()
    for join in moved:
        _put(session, join.person_id, new_unit, STUDENTS, join.joined_on, join.source)
        session.delete(join)
    parents = session.scalars(select(Guardian.person_id)
                              .join(GuardianLink, GuardianLink.guardian_id == Guardian.id)
                              .where(GuardianLink.student_id == student.id)).all()
    for pid in parents:
        join = session.scalar(select(UnitJoin).where(
            UnitJoin.person_id == pid, UnitJoin.unit_id == old_unit,
            UnitJoin.audience == PARENTS))
        if join is None:
            continue
        _put(session, pid, new_unit, PARENTS, join.joined_on, join.source)
        if not _other_child_in(session, pid, old_unit, student.id):
            session.delete(join)


def _put(session: Session, pid: int, unit_id: int, audience: str, on: dt.date,
         source: str) -> None:
    if session.scalar(select(UnitJoin.id).where(
            UnitJoin.person_id == pid, UnitJoin.unit_id == unit_id,
            UnitJoin.audience == audience)) is None:
        session.add(UnitJoin(person_id=pid, unit_id=unit_id, audience=audience, joined_on=on,
                             source=source))


def _other_child_in(session: Session, parent_person_id: int, unit_id: int,
                    student_id: int) -> bool:
    return session.scalar(
        select(Student.id).join(GuardianLink, GuardianLink.student_id == Student.id)
        .join(Guardian, Guardian.id == GuardianLink.guardian_id)
        .join(Person, Person.id == Student.person_id)
        .where(Guardian.person_id == parent_person_id, Student.unit_id == unit_id,
               Student.id != student_id, Person.left_on.is_(None)).limit(1)) is not None
