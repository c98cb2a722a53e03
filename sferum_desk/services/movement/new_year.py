"""The new academic year in one step: units promoted, renamed, merged or graduated.

A school's year change touches thousands of pupils: statements over sets of rows instead of
one ORM object (and its lazy loads) per pupil, with the same history and the same checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from sferum_desk.db.models import (
    AcademicYear, Enrolment, Guardian, GuardianLink, HistoryEvent, Membership, Person,
    PlatformTask, Staff, Student, Unit,
)
from sferum_desk.domain.dates import format_date
from sferum_desk.domain.enums import UnitKind
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import OrgKind
from sferum_desk.domain.names import clean_text, fold
from sferum_desk.domain.platform import (
    FINAL_GRADE_KEY, TaskKind, default_final_grade, leading_number, next_stage_name,
)
from sferum_desk.domain.units import unit_sort_key
from sferum_desk.services.acknowledgements import sync_pending
from sferum_desk.services.base import Service, record
from sferum_desk.services.movement.rows import (
    ACTION_TITLES, GRADUATE, KEEP, PROMOTE, Change, NewYearPlan, UnitPlan,
)
from sferum_desk.services.movement.tasks import _annul_tasks
from sferum_desk.services.organization import current_year, get_org
from sferum_desk.services.people import move_student
from sferum_desk.services.platform import add_task


# ---- new academic year --------------------------------------------------------------------
def _next_year_title(year: AcademicYear) -> tuple[str, dt.date, dt.date]:
    start = year.starts_on.year + 1
    return f"{start}/{start + 1}", dt.date(start, 9, 1), dt.date(start + 1, 8, 31)


SCHOOL_AGE = 7  # a kindergarten child of this age on 1 September goes to school


def _propose(kind: str, name: str, final_grade: int | None,
             median_age: float | None) -> tuple[str, str, str]:
    """(action, new name, why) for one unit; the user edits it in the preview."""
    if OrgKind(kind) is OrgKind.KINDERGARTEN:
        new_name, leaves = next_stage_name(name)
        if leaves:
            return GRADUATE, name, "подготовительная группа"
        if new_name:
            return PROMOTE, new_name, "следующая возрастная группа"
        if median_age is not None and median_age >= SCHOOL_AGE:
            return GRADUATE, name, f"к 1 сентября большинству детей {int(median_age)} лет"
        return KEEP, name, "название не говорит о возрасте: решите сами"
    number, rest = leading_number(name)
    if number is None:
        return KEEP, name, "в названии нет номера: решите сами"
    if final_grade is not None and number >= final_grade:
        return GRADUATE, name, f"выпускной: {final_grade}"
    return PROMOTE, f"{number + 1}{rest}", ""


def _median_age(births: list[dt.date], on: dt.date) -> float | None:
    ages = sorted((on - born).days / 365.25 for born in births if born)
    return ages[len(ages) // 2] if ages else None


def _checked_plan(plan: NewYearPlan, units: dict[int, Unit]) -> list[UnitPlan]:
    checked = []
    for item in plan.units:
        if item.unit_id not in units:
            raise UserError(f"«{item.name}» больше нет: откройте предпросмотр заново.")
        if item.action not in ACTION_TITLES:
            raise UserError(f"Для «{item.name}» выберите действие из списка.")
        new_name = clean_text(item.new_name) or item.name
        if len(new_name) > 90:
            raise UserError(f"Новое название «{new_name[:30]}…» слишком длинное: не больше "
                            "90 знаков.")
        checked.append(replace(item, new_name=new_name))
    missing = set(units) - {i.unit_id for i in checked}
    if missing:
        raise UserError("Предпросмотр устарел (появились новые подразделения): откройте его "
                        "заново.")
    return checked


# ---- the new year, by sets of rows -------------------------------------------------------
def _births_by_unit(session: Session, unit_ids: list[int]) -> dict[int, list[dt.date]]:
    births: dict[int, list[dt.date]] = {}
    for unit_id, born in session.execute(
            select(Student.unit_id, Person.birth_date)
            .join(Person, Person.id == Student.person_id)
            .where(Student.unit_id.in_(unit_ids))):
        births.setdefault(unit_id, []).append(born)
    return births


def _families_joined(session: Session, student_ids: list[int]) -> int:
    """Joined people among the pupils and their guardians (a guardian once per child)."""
    pupils = session.scalar(
        select(func.count(Membership.id))
        .join(Student, Student.person_id == Membership.person_id)
        .where(Student.id.in_(student_ids)))
    guardians = session.scalar(
        select(func.count(Membership.id))
        .join(Guardian, Guardian.person_id == Membership.person_id)
        .join(GuardianLink, GuardianLink.guardian_id == Guardian.id)
        .where(GuardianLink.student_id.in_(student_ids)))
    return (pupils or 0) + (guardians or 0)


def _mark_left(session: Session, person_ids: list[int], day: dt.date) -> None:
    """`left_on` for many people, moving their versions on as an ORM edit would."""
    session.execute(
        update(Person).where(Person.id.in_(person_ids))
        .values(left_on=day, version=Person.version + 1,
                updated_at=dt.datetime.now().replace(microsecond=0))
        .execution_options(synchronize_session=False))


def _records(session: Session, rows: list[dict]) -> None:
    """History rows in one Core INSERT, after the ORM's pending ones (their order is kept)."""
    if rows:
        session.flush()
        session.execute(insert(HistoryEvent.__table__), rows)


def _guardians_here(session: Session, student_ids: list[int]) -> list[tuple[int, int]]:
    """(guardian id, person id) of these pupils' guardians who have not left, by person id.

    `left_on` is tested here, not in WHERE: with `left_on IS NULL` there SQLite walks every
    person still here (ix_person_left_on) instead of these pupils' links, 0.1–0.2 s per
    graduating unit of a 10,000-pupil school (#17)."""
    rows = session.execute(
        select(Guardian.id, Guardian.person_id, Person.left_on)
        .join(GuardianLink, GuardianLink.guardian_id == Guardian.id)
        .join(Person, Person.id == Guardian.person_id)
        .where(GuardianLink.student_id.in_(student_ids)))
    return sorted({(gid, pid) for gid, pid, left_on in rows if left_on is None},
                  key=lambda row: row[1])


def _unit_leaves(session: Session, unit: Unit, pupils: list, day: dt.date) -> None:
    """Every pupil of a unit leaves on `day` (as _pupil_leaves without per-person tasks):
    enrolments closed, out of the unit; guardians with no child left here leave too, unless
    they work here."""
    student_ids = [sid for sid, _ in pupils]
    person_ids = [pid for _, pid in pupils]
    if not pupils:
        return
    late = session.execute(select(Enrolment.started_on).where(
        Enrolment.student_id.in_(student_ids), Enrolment.ended_on.is_(None),
        Enrolment.started_on > day).limit(1)).first()
    if late is not None:
        raise UserError(f"Дата {format_date(day)} раньше, чем обучающийся пришёл в это "
                        f"подразделение ({format_date(late[0])}): проверьте дату.",
                        field="date")
    guardians = _guardians_here(session, student_ids)
    session.execute(update(Enrolment).where(Enrolment.student_id.in_(student_ids),
                                            Enrolment.ended_on.is_(None))
                    .values(ended_on=day).execution_options(synchronize_session=False))
    session.execute(update(Student).where(Student.id.in_(student_ids)).values(unit_id=None)
                    .execution_options(synchronize_session=False))
    _mark_left(session, person_ids, day)
    _records(session, [{"entity": "person", "entity_id": pid, "action": "left",
                        "details": {"role": "student", "on": day.isoformat(),
                                    "unit": unit.id}} for pid in person_ids])
    if not guardians:
        return
    # The children's state is tested here, not in WHERE (see _guardians_here).
    still_parents = {gid for gid, left_on, unit_id in session.execute(
        select(GuardianLink.guardian_id, Person.left_on, Student.unit_id)
        .join(Student, Student.id == GuardianLink.student_id)
        .join(Person, Person.id == Student.person_id)
        .where(GuardianLink.guardian_id.in_([gid for gid, _ in guardians])))
        if left_on is None and unit_id is not None}
    working = set(session.scalars(select(Staff.person_id).where(
        Staff.person_id.in_([pid for _, pid in guardians]))))
    leaving = [pid for gid, pid in guardians if gid not in still_parents and pid not in working]
    if leaving:
        _mark_left(session, leaving, day)
        _records(session, [{"entity": "person", "entity_id": pid, "action": "left",
                            "details": {"role": "guardian", "on": day.isoformat()}}
                           for pid in leaving])


def _restart_enrolments(session: Session, unit_ids: list[int], last_day: dt.date,
                        starts: dt.date) -> None:
    """Renamed units: their open enrolments end on the last day and start anew (history)."""
    if not unit_ids:
        return
    open_rows = session.execute(select(Enrolment.id, Enrolment.student_id, Enrolment.unit_id)
                                .where(Enrolment.unit_id.in_(unit_ids),
                                       Enrolment.ended_on.is_(None))).all()
    if not open_rows:
        return
    session.execute(update(Enrolment).where(Enrolment.id.in_([row[0] for row in open_rows]))
                    .values(ended_on=last_day).execution_options(synchronize_session=False))
    session.execute(insert(Enrolment.__table__), [{"student_id": sid, "unit_id": uid,
                                                   "started_on": starts}
                                                  for _, sid, uid in open_rows])



def _carry_unit(renames: list[tuple[Unit, str]], unit: Unit, item: UnitPlan,
                new_year: AcademicYear) -> int:
    """A unit goes on into the new year; a new name is noted for _write_renames."""
    unit.academic_year_id = new_year.id
    unit.name = item.new_name[:100]
    if item.new_name == item.name:
        return 0
    renames.append((unit, item.name))
    return 1


def _write_renames(session: Session, renames: list[tuple[Unit, str]], last_day: dt.date) -> None:
    """The history and the platform task of each noted rename, as `_rename` and `add_task`
    write them one unit at a time (renamed, then the task and its record), in two INSERTs."""
    if not renames:
        return
    on = (last_day + dt.timedelta(days=1)).isoformat()
    task_ids = session.scalars(
        insert(PlatformTask).returning(PlatformTask.id, sort_by_parameter_order=True),
        [{"kind": TaskKind.RENAME_UNIT.value, "person_id": None, "unit_id": unit.id,
          "description": f"Переименовать «{old}» в «{unit.name}» на платформе (и его чаты)"}
         for unit, old in renames]).all()
    events = []
    for (unit, old), task_id in zip(renames, task_ids):
        events.append({"entity": "unit", "entity_id": unit.id, "action": "renamed",
                       "details": {"old": old, "new": unit.name, "on": on}})
        events.append({"entity": "platform_task", "entity_id": task_id, "action": "created",
                       "details": {}})
    _records(session, events)
    renames.clear()


class NewYearMixin(Service):
    # ---- new academic year -------------------------------------------------------------
    def preview_new_year(self, final_grade: int | None = None) -> NewYearPlan:
        """What the new academic year would do to each unit; nothing is changed."""
        with self.db.unit_of_work() as session:
            org = get_org(session)
            year = current_year(session)
            title, starts, _ends = _next_year_title(year)
            if final_grade is None:
                final_grade = (org.settings or {}).get(FINAL_GRADE_KEY,
                                                       default_final_grade(org.kind))
            year_units = self._year_units(session, year)
            births = _births_by_unit(session, [u.id for u in year_units])
            units = []
            for unit in year_units:
                born = births.get(unit.id, [])
                action, new_name, why = _propose(org.kind, unit.name, final_grade,
                                                 _median_age(born, starts))
                units.append(UnitPlan(unit.id, unit.name, len(born), action, new_name, why))
            return NewYearPlan(year.title, title, starts, final_grade, units)

    @staticmethod
    def _year_units(session: Session, year: AcademicYear) -> list[Unit]:
        units = session.scalars(select(Unit).where(
            Unit.kind == UnitKind.REGULAR.value,
            or_(Unit.academic_year_id == year.id, Unit.academic_year_id.is_(None))))
        return sorted(units, key=lambda u: unit_sort_key(u.name))

    def start_new_year(self, plan: NewYearPlan) -> Change:
        """Apply an (edited) preview in one transaction after a backup."""
        self.db.backup("before-new-year")
        with self.db.unit_of_work() as session:
            org = get_org(session)
            old_year = current_year(session)
            if old_year.title != plan.current_year:
                raise UserError("Учебный год уже сменился: откройте предпросмотр заново.")
            units = {u.id: u for u in self._year_units(session, old_year)}
            items = _checked_plan(plan, units)
            title, starts, ends = _next_year_title(old_year)
            if session.scalar(select(AcademicYear.id).where(AcademicYear.title == title)):
                raise UserError(f"Учебный год {title} уже есть в базе: смена года уже "
                                "выполнялась.")
            new_year = AcademicYear(title=title, starts_on=starts, ends_on=ends,
                                    is_current=True)
            old_year.is_current = False
            session.add(new_year)
            session.flush()
            last_day = starts - dt.timedelta(days=1)
            tasks, left = 0, 0
            for item in (i for i in items if i.action == GRADUATE):
                done = self._graduate(session, units[item.unit_id], last_day)
                tasks += done[0]
                left += done[1]
            tasks += self._carry_over(session, [i for i in items if i.action != GRADUATE],
                                      units, new_year, starts, last_day)
            for unit in session.scalars(select(Unit).where(Unit.kind ==
                                                           UnitKind.STAFF_ROOM.value)):
                unit.academic_year_id = new_year.id
            settings = dict(org.settings or {})
            settings[FINAL_GRADE_KEY] = plan.final_grade
            org.settings = settings
            record(session, "academic_year", new_year.id, "started", previous=old_year.id)
            sync_pending(session)
        return Change(f"Начат {title} учебный год: выбыло {left} чел., добавлено задач: "
                      f"{tasks}.", tasks)

    def _graduate(self, session: Session, unit: Unit, last_day: dt.date) -> tuple[int, int]:
        """The final year leaves: pupils and their lone guardians go, the links are annulled;
        the unit stays, renamed, with the old year, as the pupils' history."""
        pupils = session.execute(select(Student.id, Student.person_id)
                                 .where(Student.unit_id == unit.id)).all()
        joined = _families_joined(session, [sid for sid, _ in pupils])
        _unit_leaves(session, unit, pupils, last_day)
        tasks = _annul_tasks(session, unit, "выпуск")
        if joined:
            add_task(session, TaskKind.REMOVE_ACCESS,
                     f"Выпуск «{unit.name}»: удалить из организации выпускников и их "
                     f"родителей, отмеченных на платформе ({joined} чел.), и закрыть чаты",
                     unit_id=unit.id)
            tasks += 1
        self._rename(session, unit, f"{unit.name} (выпуск {last_day.year})", last_day)
        return tasks, len(pupils)

    def _carry_over(self, session: Session, items: list[UnitPlan], units: dict[int, Unit],
                    new_year: AcademicYear, starts: dt.date, last_day: dt.date) -> int:
        """Rename units into the new year; units given one new name are merged."""
        groups: dict[str, list[UnitPlan]] = {}
        for item in items:
            groups.setdefault(fold(item.new_name), []).append(item)
        for item in items:  # free every name first: «10А»→«11А» while «11А» exists
            unit = units[item.unit_id]
            unit.name = f"~{unit.id}~{unit.name}"[:100]
        session.flush()
        tasks = 0
        renamed: list[int] = []  # their enrolments restart together, in one statement
        renames: list[tuple[Unit, str]] = []  # and their history and tasks are written so
        for group in groups.values():
            keeper = units[group[0].unit_id]
            tasks += _carry_unit(renames, keeper, group[0], new_year)
            if keeper.name != group[0].name:
                renamed.append(keeper.id)
            for other in group[1:]:
                _write_renames(session, renames, last_day)  # in the order they were made
                _restart_enrolments(session, renamed, last_day, starts)  # before pupils join
                renamed.clear()
                tasks += self._merge_into(session, units[other.unit_id], other, keeper,
                                          starts, last_day)
        _write_renames(session, renames, last_day)
        _restart_enrolments(session, renamed, last_day, starts)
        return tasks

    def _merge_into(self, session: Session, unit: Unit, item: UnitPlan, keeper: Unit,
                    starts: dt.date, last_day: dt.date) -> int:
        """Re-formed: this unit's pupils join the keeper; this unit stays in the old year."""
        tasks = 0
        for student in session.scalars(select(Student).where(Student.unit_id == unit.id)).all():
            move_student(session, student, keeper.id, starts)
            record(session, "person", student.person_id, "transferred", on=starts.isoformat(),
                   from_unit=unit.id, to_unit=keeper.id)
            tasks += self._transfer_tasks(session, student.person, unit, keeper)
        self._rename(session, unit, f"{item.name} (до {last_day.year})", last_day,
                     old=item.name)
        tasks += _annul_tasks(session, unit, "подразделение расформировано")
        return tasks

    @staticmethod
    def _rename(session: Session, unit: Unit, new_name: str, last_day: dt.date,
                old: str | None = None) -> None:
        """Renames are history: the old name stays readable for the pupils' records."""
        old = old or unit.name
        unit.name = new_name[:100]
        session.flush()
        record(session, "unit", unit.id, "renamed", old=old, new=unit.name,
               on=(last_day + dt.timedelta(days=1)).isoformat())
