"""A person's history: enrolments, recorded events, joining the platform, tasks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from sferum_desk.db.models import Enrolment, HistoryEvent, Person, PlatformTask, Student, Unit
from sferum_desk.domain.dates import format_date
from sferum_desk.services.base import Service
from sferum_desk.services.movement.common import _describe
from sferum_desk.services.movement.rows import HistoryRow, PersonHistory
from sferum_desk.services.people import display_name, get_person
from sferum_desk.services.platform import membership_of


# ---- history ------------------------------------------------------------------------------
def _unit_name_on(session: Session, unit_id: int, day: dt.date, current: str) -> str:
    """A unit's name on a day: renames at a new academic year are recorded with their date."""
    renames = session.scalars(select(HistoryEvent).where(
        HistoryEvent.entity == "unit", HistoryEvent.entity_id == unit_id,
        HistoryEvent.action == "renamed")).all()
    for event in sorted(renames, key=lambda e: e.details.get("on", "")):
        if dt.date.fromisoformat(event.details.get("on")) > day:
            return event.details.get("old", current)
    return current


def _enrolment_rows(session: Session, student: Student) -> list[HistoryRow]:
    rows = []
    previous: str | None = None
    enrolments = session.scalars(select(Enrolment).where(Enrolment.student_id == student.id)
                                 .order_by(Enrolment.started_on, Enrolment.id)).all()
    for enrolment in enrolments:
        unit = session.get(Unit, enrolment.unit_id)
        name = _unit_name_on(session, unit.id, enrolment.started_on, unit.name)
        if previous is None:
            rows.append(HistoryRow(enrolment.started_on, f"Зачислен(а) в «{name}»"))
        elif previous != name:
            rows.append(HistoryRow(enrolment.started_on,
                                   f"Переведён(а) из «{previous}» в «{name}»"))
        previous = name
    return rows


def _event_rows(session: Session, person: Person) -> list[HistoryRow]:
    rows = []
    events = session.scalars(select(HistoryEvent).where(
        HistoryEvent.entity.in_(("person", "staff", "membership")),
        HistoryEvent.entity_id == person.id).order_by(HistoryEvent.id))
    for event in events:
        row = _event_row(session, event)
        if row is not None:
            rows.append(row)
    return rows


def _name_of(session: Session, person_id: int | None) -> str:
    other = session.get(Person, person_id) if person_id else None
    return display_name(other) if other else "(данные удалены)"


def _event_row(session: Session, event: HistoryEvent) -> HistoryRow | None:
    details = event.details or {}
    on = dt.date.fromisoformat(details["on"]) if details.get("on") else event.at.date()
    if event.entity == "staff" and event.action == "created":
        return HistoryRow(on, "Принят(а) в сотрудники")
    if event.entity == "membership" and event.action == "teacher_verified" \
            and details.get("value"):
        return HistoryRow(on, "Статус педагога подтверждён")
    if event.entity == "membership" and event.action == "extra_admin":
        return HistoryRow(on, "Назначен(а) дополнительным администратором"
                          if details.get("value") else "Сняты права дополнительного "
                                                       "администратора")
    if event.entity != "person":
        return None
    texts = {
        "left": {"student": "Выбыл(а)", "staff": "Уволен(а)",
                 "guardian": "Больше не родитель (законный представитель) в организации"}
        .get(details.get("role"), "Выбыл(а)"),
        "guardian_added": f"Добавлен родитель: {_name_of(session, details.get('guardian'))}",
        "guardian_removed": f"Больше не родитель: {_name_of(session, details.get('guardian'))}",
        "child_linked": f"Стал(а) родителем: {_name_of(session, details.get('student'))}",
        "child_unlinked": f"Больше не родитель: {_name_of(session, details.get('student'))}",
    }
    if event.action == "left" and details.get("position"):
        return HistoryRow(on, f"Уволен(а) с должности «{details['position']}»")
    return HistoryRow(on, texts[event.action]) if event.action in texts else None


def _task_rows(session: Session, person_id: int) -> list[HistoryRow]:
    rows = []
    for task in session.scalars(select(PlatformTask).where(PlatformTask.person_id == person_id)
                                .order_by(PlatformTask.id)):
        state = (f"сделано {format_date(task.done_at.date())}" if task.done_at
                 else "ещё не сделано")
        rows.append(HistoryRow(task.created_at.date(),
                               f"Сделать в Сферуме: {task.description} — {state}"))
    return rows



class HistoryMixin(Service):
    # ---- history -----------------------------------------------------------------------
    def history(self, person_id: int) -> PersonHistory:
        with self.db.unit_of_work() as session:
            person = get_person(session, person_id)
            # Same-day rows keep this order: enrolled, then events, joined, platform tasks.
            rows = _enrolment_rows(session, person.student) if person.student else []
            rows += _event_rows(session, person)
            membership = membership_of(session, person.id)
            if membership is not None:
                rows.append(HistoryRow(membership.joined_on, "Присоединился(ась) к «Сферуму»"))
            rows += _task_rows(session, person.id)
            rows.sort(key=lambda r: r.on or dt.date.min)
            return PersonHistory(person.id, display_name(person), _describe(session, person),
                                 person.left_on, tuple(rows))
