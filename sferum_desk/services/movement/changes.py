"""Transfers, departures, guardians replaced or added, new staff: one person at a time,
each with its to-do for the platform."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sferum_desk.db.models import Guardian, GuardianLink, Person, Staff, Student, Unit, UnitTeacher
from sferum_desk.domain.dates import format_date
from sferum_desk.domain.enums import UnitKind
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import kind_has_student_audience
from sferum_desk.domain.names import clean_text
from sferum_desk.domain.platform import TaskKind
from sferum_desk.domain.units import unit_sort_key
from sferum_desk.services.acknowledgements import sync_pending
from sferum_desk.services.base import Service, record
from sferum_desk.services.dto import GuardianInput, StaffInput
from sferum_desk.services.movement.common import (
    _day, _guardians_of, _joined, _other_child_in, _pupil, _refuse_before_start, _refuse_left,
    _student_person, _words,
)
from sferum_desk.services.movement.rows import Change
from sferum_desk.services.movement.tasks import _move_task, _remove_access_task, task_name
from sferum_desk.services.organization import get_org
from sferum_desk.services.people import (
    display_name, find_or_create_guardian, get_person, move_student, set_name, valid_guardian,
    valid_staff,
)
from sferum_desk.services.platform import active_children, add_task, membership_of, open_tasks_of
from sferum_desk.services.structure import get_unit


# ---- departures ----------------------------------------------------------------------
def _pupil_leaves(session: Session, person: Person, day: dt.date, per_person_tasks: bool) -> int:
    """A pupil leaves: enrolment closed, guardians with no other child here leave too."""
    student = person.student
    old_unit = student.unit
    _refuse_before_start(session, student, day)
    move_student(session, student, None, day)
    person.left_on = day
    record(session, "person", person.id, "left", role="student", on=day.isoformat(),
           unit=old_unit.id if old_unit else None)
    tasks = 0
    if per_person_tasks:
        where = f" (был(а) в «{old_unit.name}»)" if old_unit else ""
        tasks += _remove_access_task(session, person,
                                     f"Удалить {task_name(person)} из организации{where}")
    for guardian in _guardians_of(session, student):
        tasks += _guardian_after_child_left(session, guardian, student, old_unit, day,
                                            per_person_tasks)
    return tasks


def _guardian_after_child_left(session: Session, guardian: Guardian, student: Student,
                               old_unit: Unit | None, day: dt.date, per_person_tasks: bool) -> int:
    parent = guardian.person
    if parent.left_on is not None:
        return 0
    name = task_name(parent)
    if not active_children(session, guardian.id):
        if parent.staff is None:
            parent.left_on = day
            record(session, "person", parent.id, "left", role="guardian", on=day.isoformat())
        if not per_person_tasks:
            return 0
        if parent.staff is not None:
            where = f"«{old_unit.name}»" if old_unit else "подразделения"
            return _remove_access_task(session, parent,
                                       f"Удалить родителя {name} из чата родителей {where} "
                                       "(остаётся сотрудником)",
                                       old_unit.id if old_unit else None)
        return _remove_access_task(session, parent,
                                   f"Удалить родителя {name} из организации (ребёнок выбыл)")
    if per_person_tasks and old_unit is not None and not _other_child_in(
            session, guardian, old_unit.id, student.id) and _joined(session, parent.id):
        add_task(session, TaskKind.REMOVE_ACCESS,
                 f"Удалить родителя {name} из чата родителей «{old_unit.name}» "
                 "(другие дети остаются)", person_id=parent.id, unit_id=old_unit.id)
        return 1
    return 0


def _staff_leaves(session: Session, person: Person, day: dt.date) -> int:
    """An employee leaves; one who is also a parent here stays as a parent."""
    staff = person.staff
    membership = membership_of(session, person.id)
    was_admin = bool(membership and membership.extra_admin)
    if membership is not None:
        membership.extra_admin = False
        membership.teacher_verified = False
    for unit in session.scalars(select(Unit).where(Unit.curator_id == staff.id)):
        unit.curator_id = None
        record(session, "unit", unit.id, "curator_left")
    session.execute(delete(UnitTeacher).where(UnitTeacher.staff_id == staff.id))
    still_parent = person.guardian is not None and active_children(session, person.guardian.id)
    record(session, "person", person.id, "left", role="staff", on=day.isoformat(),
           position=staff.position)
    name = task_name(person)
    rights = ", снять права дополнительного администратора" if was_admin else ""
    if still_parent:
        person.staff = None  # the employee role ends; the parent stays
        session.flush()
        return _remove_access_task(
            session, person, f"Удалить {name} из «Учительской» и чатов сотрудников{rights} "
                             "(остаётся родителем)")
    person.left_on = day
    return _remove_access_task(session, person,
                               f"Удалить сотрудника {name} из организации{rights}")


def _guardian_leaves(session: Session, person: Person, day: dt.date) -> int:
    """A guardian who is no longer a child's representative: unlinked from every child."""
    guardian = person.guardian
    units = {c.unit.name for c in active_children(session, guardian.id) if c.unit}
    for link in session.scalars(select(GuardianLink).where(
            GuardianLink.guardian_id == guardian.id)):
        record(session, "person", _student_person(session, link.student_id),
               "guardian_removed", guardian=person.id, on=day.isoformat())
        session.delete(link)
    person.left_on = day
    record(session, "person", person.id, "left", role="guardian", on=day.isoformat())
    where = ", ".join(f"«{u}»" for u in sorted(units, key=unit_sort_key))
    suffix = f" ({where})" if where else ""
    return _remove_access_task(session, person, f"Удалить родителя {task_name(person)} "
                                                f"из организации{suffix}")



class ChangesMixin(Service):
    # ---- transfers and departures -------------------------------------------------------
    def transfer(self, person_id: int, unit_id: int, on: object = None) -> Change:
        """Move a pupil to another unit on a date; the old enrolment is closed, not lost."""
        day = _day(on)
        with self.db.unit_of_work() as session:
            person = get_person(session, person_id)
            words = _words(session)
            if person.student is None:
                raise UserError(f"{display_name(person)} — не {words.student.lower()}: "
                                "переводить можно только обучающихся.")
            _refuse_left(person)
            target = get_unit(session, unit_id)
            if target.kind == UnitKind.STAFF_ROOM.value:
                raise UserError("В «Учительскую» обучающихся не переводят: выберите "
                                f"{words.unit.lower()}.", field="unit")
            student = person.student
            old = student.unit
            if old is not None and old.id == target.id:
                raise UserError(f"{display_name(person)} уже в «{target.name}»: выберите "
                                "другое подразделение.", field="unit")
            _refuse_before_start(session, student, day)
            move_student(session, student, target.id, day)
            record(session, "person", person.id, "transferred", on=day.isoformat(),
                   from_unit=old.id if old else None, to_unit=target.id)
            tasks = 0
            if old is not None:
                tasks = self._transfer_tasks(session, person, old, target)
            sync_pending(session)
            summary = (f"{display_name(person)} переведён(а) "
                       f"{'из «' + old.name + '» ' if old else ''}в «{target.name}» "
                       f"с {format_date(day)}.")
        return Change(summary, tasks)

    def _transfer_tasks(self, session: Session, person: Person, old: Unit, new: Unit) -> int:
        tasks = 0
        org = get_org(session)
        if kind_has_student_audience(org.kind) and _joined(session, person.id):
            tasks += _move_task(session, person, person.student, old, new, parent=False)
        for guardian in _guardians_of(session, person.student):
            parent = guardian.person
            if parent.left_on is None and _joined(session, parent.id):
                tasks += _move_task(session, parent, person.student, old, new, parent=True)
        return tasks

    def leave(self, person_id: int, on: object = None) -> Change:
        """A person leaves: a pupil (with guardians who have no other child here), an
        employee, or a guardian who no longer represents any child."""
        day = _day(on)
        with self.db.unit_of_work() as session:
            person = get_person(session, person_id)
            _refuse_left(person)
            name = display_name(person)
            if person.student is not None:
                tasks = _pupil_leaves(session, person, day, per_person_tasks=True)
            elif person.staff is not None:
                tasks = _staff_leaves(session, person, day)
            elif person.guardian is not None:
                tasks = _guardian_leaves(session, person, day)
            else:
                raise UserError(f"{name} не числится ни обучающимся, ни сотрудником, ни "
                                "родителем: оформлять нечего.")
            sync_pending(session)
        return Change(f"{name}: выбытие оформлено с {format_date(day)}.", tasks)

    # ---- guardians --------------------------------------------------------------------
    def replace_guardian(self, student_person_id: int, old_guardian_person_id: int,
                         new: GuardianInput, on: object = None) -> Change:
        """One guardian replaces another for a pupil; the old one leaves if no child remains."""
        day = _day(on)
        clean = valid_guardian(new)
        with self.db.unit_of_work() as session:
            pupil = _pupil(session, student_person_id)
            old_person = get_person(session, old_guardian_person_id)
            link = session.scalar(select(GuardianLink).where(
                GuardianLink.student_id == pupil.student.id,
                GuardianLink.guardian_id == (old_person.guardian.id if old_person.guardian
                                             else -1)))
            if link is None:
                raise UserError(f"{display_name(old_person)} не указан(а) родителем "
                                f"{display_name(pupil)}: обновите список.")
            guardian = find_or_create_guardian(session, clean)
            if guardian.person_id == old_person.id:
                raise UserError("Новый родитель совпадает с прежним: выберите другого "
                                "человека.", field="full_name")
            relation = clean.relation if clean.relation != "other" else link.relation
            session.delete(link)
            session.flush()
            self._link(session, pupil, guardian, relation, day)
            record(session, "person", pupil.id, "guardian_removed", guardian=old_person.id,
                   on=day.isoformat())
            record(session, "person", old_person.id, "child_unlinked", student=pupil.id,
                   on=day.isoformat())
            unit = pupil.student.unit
            tasks = _guardian_after_child_left(session, old_person.guardian, pupil.student,
                                               unit, day, per_person_tasks=True)
            # The pupil is still here, so a remaining parent leaves only this unit's chat.
            sync_pending(session)
            summary = (f"Родитель {display_name(old_person)} заменён(а) на "
                       f"{display_name(guardian.person)} у {display_name(pupil)}.")
        return Change(summary, tasks)

    def add_guardian(self, student_person_id: int, new: GuardianInput,
                     on: object = None) -> Change:
        day = _day(on)
        clean = valid_guardian(new)
        with self.db.unit_of_work() as session:
            pupil = _pupil(session, student_person_id)
            guardian = find_or_create_guardian(session, clean)
            exists = session.scalar(select(GuardianLink.id).where(
                GuardianLink.student_id == pupil.student.id,
                GuardianLink.guardian_id == guardian.id))
            if exists:
                raise UserError(f"{display_name(guardian.person)} уже указан(а) родителем "
                                f"{display_name(pupil)}.", field="full_name")
            self._link(session, pupil, guardian, clean.relation, day)
            sync_pending(session)
            summary = (f"{display_name(guardian.person)} добавлен(а) родителем "
                       f"{display_name(pupil)}.")
        return Change(summary, 0)

    @staticmethod
    def _link(session: Session, pupil: Person, guardian: Guardian, relation: str,
              day: dt.date) -> None:
        if guardian.person.left_on is not None:  # a former parent comes back
            guardian.person.left_on = None
        session.add(GuardianLink(guardian_id=guardian.id, student_id=pupil.student.id,
                                 relation=relation))
        session.flush()
        record(session, "person", pupil.id, "guardian_added", guardian=guardian.person_id,
               on=day.isoformat())
        record(session, "person", guardian.person_id, "child_linked", student=pupil.id,
               on=day.isoformat())

    # ---- new staff ---------------------------------------------------------------------
    def hire(self, data: StaffInput, on: object = None) -> Change:
        """A new employee: saved with a task to add them to «Учительская»."""
        day = _day(on)
        name, phone, email, roles = valid_staff(data)
        with self.db.unit_of_work() as session:
            get_org(session)
            person = Person(phone=phone, email=email)
            set_name(person, name)
            person.staff = Staff(position=clean_text(data.position), platform_roles=roles)
            session.add(person)
            session.flush()
            record(session, "staff", person.id, "created", on=day.isoformat())
            tasks = self._staff_room_task(session, person)
            sync_pending(session)
        return Change(f"{name.full} принят(а) в сотрудники с {format_date(day)}.", tasks)

    def staff_hired(self, person_id: int) -> Change:
        """The to-do for an employee added elsewhere (the people tab, an import)."""
        with self.db.unit_of_work() as session:
            person = get_person(session, person_id)
            if person.staff is None:
                raise UserError(f"{display_name(person)} — не сотрудник.")
            tasks = self._staff_room_task(session, person)
        return Change(f"{display_name(person)}: задачи для платформы добавлены.", tasks)

    @staticmethod
    def _staff_room_task(session: Session, person: Person) -> int:
        if _joined(session, person.id) or open_tasks_of(session, person.id,
                                                        TaskKind.ADD_TO_STAFF_ROOM):
            return 0
        position = f" ({person.staff.position})" if person.staff.position else ""
        add_task(session, TaskKind.ADD_TO_STAFF_ROOM,
                 f"Добавить сотрудника {task_name(person)}{position} в «Учительскую»: "
                 "передать ссылку-приглашение или принять заявку",
                 person_id=person.id)
        return 1
