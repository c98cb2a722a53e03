"""Small checks and look-ups shared by the movement use cases."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from sferum_desk.db.models import Enrolment, Guardian, GuardianLink, Person, Student
from sferum_desk.domain.dates import format_date, parse_date
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import vocabulary_for
from sferum_desk.services.organization import get_org
from sferum_desk.services.people import display_name, get_person
from sferum_desk.services.platform import active_children, membership_of


# ---- small helpers ---------------------------------------------------------------------
def _day(value: object, field_name: str = "date") -> dt.date:
    return parse_date(value, field=field_name) or dt.date.today()


def _words(session: Session):
    org = get_org(session)
    return vocabulary_for(org.kind, org.vocabulary_overrides)


def _joined(session: Session, person_id: int) -> bool:
    return membership_of(session, person_id) is not None


def _refuse_left(person: Person) -> None:
    if person.left_on is not None:
        raise UserError(f"{display_name(person)} выбыл(а) {format_date(person.left_on)}: "
                        "с этим человеком больше ничего оформлять не нужно.")


def _open_enrolment(session: Session, student: Student) -> Enrolment | None:
    return session.scalar(select(Enrolment).where(Enrolment.student_id == student.id,
                                                  Enrolment.ended_on.is_(None)))


def _refuse_before_start(session: Session, student: Student, day: dt.date) -> None:
    current = _open_enrolment(session, student)
    if current is not None and day < current.started_on:
        raise UserError(f"Дата {format_date(day)} раньше, чем обучающийся пришёл в это "
                        f"подразделение ({format_date(current.started_on)}): проверьте дату.",
                        field="date")


def _other_child_in(session: Session, guardian: Guardian, unit_id: int,
                    student_id: int) -> bool:
    return any(c.unit_id == unit_id and c.id != student_id
               for c in active_children(session, guardian.id))


def _guardians_of(session: Session, student: Student) -> list[Guardian]:
    return list(session.scalars(
        select(Guardian).join(GuardianLink, GuardianLink.guardian_id == Guardian.id)
        .where(GuardianLink.student_id == student.id).order_by(GuardianLink.id)))


def _student_person(session: Session, student_id: int) -> int | None:
    return session.scalar(select(Student.person_id).where(Student.id == student_id))


def _describe(session: Session, person: Person) -> str:
    words = _words(session)
    parts = []
    if person.student is not None:
        unit = person.student.unit
        parts.append(f"{words.student.lower()}, {unit.name}" if unit else words.student.lower())
    if person.staff is not None:
        parts.append(f"сотрудник, {person.staff.position}" if person.staff.position
                     else "сотрудник")
    if person.guardian is not None:
        children = [display_name(c.person) for c in active_children(session,
                                                                      person.guardian.id)]
        parts.append("родитель: " + ", ".join(children) if children else "родитель")
    if person.left_on:
        parts.append(f"выбыл(а) {format_date(person.left_on)}")
    return "; ".join(parts)



def _pupil(session: Session, person_id: int) -> Person:
    person = get_person(session, person_id)
    if person.student is None:
        raise UserError(f"{display_name(person)} — не обучающийся: выберите ребёнка.")
    _refuse_left(person)
    return person
