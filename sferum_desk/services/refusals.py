"""Refusals: a parent, a family or an employee declined the platform.

Joining «Сферум» is voluntary for families, so a refusal is a choice the school respects and
reaches the person by another channel (phone, paper, the e-journal). It is not «not joined»:
coverage shows it apart and can be counted without those who declined, no named slip is
printed for them unless asked, and the «who is missing» lists leave them out.

A family's refusal is recorded on the pupil: it covers the pupil and every parent of the pupil.
Someone marked as joined counts as joined whatever was recorded before (they changed their
mind). `declined_person_ids` is the one hook coverage, slips and the missing lists call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Date, Integer, select, text
from sqlalchemy.orm import Session

from sferum_desk.domain.platform import REFUSAL_CHANNELS
from sferum_desk.db.models import GuardianLink, Membership, Person, Refusal, Student
from sferum_desk.domain.dates import parse_date
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.names import clean_text, sort_key
from sferum_desk.services.base import Service, record
from sferum_desk.services.people import display_name, get_person
from sferum_desk.services.refusal_rule import (
    FAMILY_REFUSALS, OWN_REFUSALS, refusals_that_count,
)

CHANNELS = REFUSAL_CHANNELS  # suggestions only
LONGEST_CHANNEL = 200
STAFF_ROLE, PARENT_ROLE, FAMILY_ROLE = "сотрудник", "родитель", "семья"


@dataclass(frozen=True)
class RefusalRow:
    person_id: int
    full_name: str
    role: str  # сотрудник | родитель | семья (recorded on the pupil)
    detail: str  # the unit of a family, the position of an employee
    declined_on: dt.date
    channel: str

    @property
    def id(self) -> int:
        return self.person_id


# ---- the hook for coverage, slips and the missing lists --------------------------------------
def declined_dates(session: Session, person_ids: Iterable[int] | None = None
                   ) -> dict[int, dt.date]:
    """Person → the day they (or their family) declined, for people not marked as joined
    (the rule: services/refusal_rule.py). With `person_ids`, only those people are looked up.
    """
    own = _dated(session, OWN_REFUSALS)
    if not own:
        return {}
    families = _dated(session, FAMILY_REFUSALS)
    candidates = {pid for pid, _ in own} | {pid for pid, _ in families}
    if person_ids is not None:
        candidates &= set(person_ids)
    joined = set(session.scalars(select(Membership.person_id)
                                 .where(Membership.person_id.in_(list(candidates)))))
    counted = refusals_that_count(own, families, joined)
    return {pid: day for pid, day in counted.items() if pid in candidates}


def _dated(session: Session, sql: str) -> list[tuple[int, dt.date]]:
    typed = text(sql).columns(person_id=Integer, declined_on=Date)  # a date on every server
    return [tuple(row) for row in session.execute(typed)]


def declined_person_ids(session: Session, person_ids: Iterable[int] | None = None) -> set[int]:
    """Everyone whose refusal counts now (see declined_dates)."""
    return set(declined_dates(session, person_ids))


# ---- helpers ---------------------------------------------------------------------------------
def _role(session: Session, person: Person) -> tuple[str, str]:
    if person.student is not None:
        unit = person.student.unit
        return FAMILY_ROLE, unit.name if unit else ""
    if person.staff is not None:
        return STAFF_ROLE, person.staff.position or ""
    return PARENT_ROLE, ""


def _row(session: Session, refusal: Refusal) -> RefusalRow:
    person = get_person(session, refusal.person_id)
    role, detail = _role(session, person)
    return RefusalRow(person.id, display_name(person), role, detail, refusal.declined_on,
                      refusal.channel)


def _valid_channel(channel: str) -> str:
    value = clean_text(channel or "")
    if not value:
        raise UserError("Укажите, как школа связывается с человеком вместо «Сферума»: "
                        "телефон, бумажные объявления, электронный журнал.", field="channel")
    if len(value) > LONGEST_CHANNEL:
        raise UserError(f"Способ связи длиннее {LONGEST_CHANNEL} знаков: сократите его.",
                        field="channel")
    return value


def _refuse_joined(session: Session, person: Person) -> None:
    if session.scalar(select(Membership.id).where(Membership.person_id == person.id)):
        raise UserError(f"{display_name(person)} уже отмечен(а) как вступивший(ая) в «Сферум»: "
                        "если человек вышел с платформы, сначала снимите отметку о вступлении.")


def _decline_one(session: Session, person: Person, channel: str, day: dt.date) -> Refusal:
    if person.left_on is not None:
        raise UserError(f"{display_name(person)} уже выбыл(а): отказ не нужен.")
    if person.student is None and person.staff is None and person.guardian is None:
        raise UserError(f"{display_name(person)} не сотрудник, не родитель и не обучающийся: "
                        "отказ записать некому.")
    _refuse_joined(session, person)
    refusal = session.scalar(select(Refusal).where(Refusal.person_id == person.id))
    if refusal is None:
        refusal = Refusal(person_id=person.id, declined_on=day, channel=channel)
        session.add(refusal)
    else:
        refusal.declined_on, refusal.channel = day, channel
    record(session, "refusal", person.id, "declined", on=day.isoformat())
    return refusal


def _children(session: Session, person: Person) -> list[Person]:
    """A parent's current children: a family's refusal is kept on each of them."""
    if person.guardian is None:
        return []
    return list(session.scalars(
        select(Person).join(Student, Student.person_id == Person.id)
        .join(GuardianLink, GuardianLink.student_id == Student.id)
        .where(GuardianLink.guardian_id == person.guardian.id, Person.left_on.is_(None))))


class RefusalService(Service):
    def decline(self, person_id: int, channel: str, on: object = None) -> RefusalRow:
        """Record (or update) that this person — or, for a pupil, the family — declined."""
        day = parse_date(on, field="date") or dt.date.today()
        channel = _valid_channel(channel)
        with self.db.unit_of_work() as session:
            refusal = _decline_one(session, get_person(session, person_id), channel, day)
            session.flush()
            return _row(session, refusal)

    def decline_people(self, person_ids: Iterable[int], channel: str, on: object = None,
                       family: bool = False) -> int:
        """Several refusals in one step; `family` records a parent's refusal for the whole
        family (on each of their children). Returns how many were recorded."""
        day = parse_date(on, field="date") or dt.date.today()
        channel = _valid_channel(channel)
        ids = list(dict.fromkeys(person_ids))
        if not ids:
            raise UserError("Отметьте людей галочкой в первом столбце.")
        self.backup_before_bulk(len(ids), "before-decline")
        with self.db.unit_of_work() as session:
            people = [get_person(session, pid) for pid in ids]
            if family:
                people = [child for person in people
                          for child in (_children(session, person) or [person])]
            for person in {p.id: p for p in people}.values():
                _decline_one(session, person, channel, day)
            return len({p.id for p in people})

    def undecline(self, person_id: int) -> RefusalRow:
        """Remove a refusal (the person or family changed their mind)."""
        with self.db.unit_of_work() as session:
            person = get_person(session, person_id)
            refusal = session.scalar(select(Refusal).where(Refusal.person_id == person_id))
            if refusal is None:
                raise UserError(f"У {display_name(person)} нет отметки об отказе: снимать "
                                "нечего.")
            row = _row(session, refusal)
            session.delete(refusal)
            record(session, "refusal", person_id, "undeclined")
            return row

    def undecline_people(self, person_ids: Iterable[int]) -> int:
        """Remove the refusals that make these people declined: their own, or for a parent,
        the family's (kept on the children)."""
        removed = 0
        with self.db.unit_of_work() as session:
            for pid in dict.fromkeys(person_ids):
                person = get_person(session, pid)
                owners = [person.id] + [c.id for c in _children(session, person)]
                for refusal in session.scalars(select(Refusal)
                                               .where(Refusal.person_id.in_(owners))):
                    session.delete(refusal)
                    record(session, "refusal", refusal.person_id, "undeclined")
                    removed += 1
        if not removed:
            raise UserError("У выбранных нет отметки об отказе: снимать нечего.")
        return removed

    def list_refusals(self) -> list[RefusalRow]:
        with self.db.unit_of_work() as session:
            rows = [_row(session, r) for r in session.scalars(select(Refusal))]
        return sorted(rows, key=lambda r: sort_key(r.full_name))

    def refusal_of(self, person_id: int) -> RefusalRow | None:
        with self.db.unit_of_work() as session:
            refusal = session.scalar(select(Refusal).where(Refusal.person_id == person_id))
            return _row(session, refusal) if refusal is not None else None
