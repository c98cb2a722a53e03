"""Units (classes, groups, the staff room), their curators and subject teachers."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from sferum_desk.db.models import Staff, Student, Unit, UnitTeacher
from sferum_desk.domain.enums import UnitKind
from sferum_desk.domain.errors import NotFound, UserError
from sferum_desk.domain.names import clean_text, fold
from sferum_desk.domain.units import find_unit_id, match_units, unit_sort_key
from sferum_desk.services.base import Service, guard_edit, record
from sferum_desk.services.dto import UnitRow
from sferum_desk.services.organization import current_year, get_org
from sferum_desk.services.people import display_name
from sferum_desk.services.undo import Deleted, UndoCollector


def find_unit(session: Session, name: str) -> Unit | None:
    """By the canonical unit key (domain.units): «5 а», «5 «А» класс» find «5А»,
    «гр. Солнышко» finds «Солнышко»; None when none or several fit."""
    unit_id = find_unit_id(name, session.execute(select(Unit.id, Unit.name)).all())
    return session.get(Unit, unit_id) if unit_id is not None else None


class StructureService(Service):
    def list_units(self) -> list[UnitRow]:
        with self.db.unit_of_work() as session:
            counts = dict(session.execute(
                select(Student.unit_id, func.count()).group_by(Student.unit_id)).all())
            teachers: dict[int, list[int]] = {}
            for unit_id, staff_person in session.execute(
                    select(UnitTeacher.unit_id, Staff.person_id)
                    .join(Staff, Staff.id == UnitTeacher.staff_id)):
                teachers.setdefault(unit_id, []).append(staff_person)
            rows = []
            # The curators and years in two queries, not two per unit (#17: 600 at 300 classes).
            for unit in session.scalars(select(Unit).options(
                    selectinload(Unit.curator).selectinload(Staff.person),
                    selectinload(Unit.academic_year))):
                curator = unit.curator.person if unit.curator else None
                rows.append(UnitRow(
                    id=unit.id, name=unit.name, kind=unit.kind,
                    curator_id=curator.id if curator else None,
                    curator=display_name(curator) if curator else "",
                    students=counts.get(unit.id, 0),
                    academic_year=unit.academic_year.title if unit.academic_year else "",
                    teacher_ids=tuple(teachers.get(unit.id, ())),
                    version=unit.version,
                ))
        return sorted(rows, key=lambda r: (r.kind != UnitKind.STAFF_ROOM.value,
                                           unit_sort_key(r.name)))

    def create_unit(self, name: str, curator_id: int | None = None,
                    teacher_ids: list[int] | None = None) -> UnitRow:
        name = _valid_name(name)
        with self.db.unit_of_work() as session:
            get_org(session)
            _refuse_duplicate(session, name)
            unit = Unit(name=name, kind=UnitKind.REGULAR.value,
                        academic_year_id=current_year(session).id)
            unit.curator_id = _staff_id(session, curator_id)
            session.add(unit)
            session.flush()
            for person_id in dict.fromkeys(teacher_ids or ()):
                session.add(UnitTeacher(unit_id=unit.id, staff_id=_staff_id(session, person_id)))
            record(session, "unit", unit.id, "created")
            unit_id = unit.id
        return self.get(unit_id)

    def get(self, unit_id: int) -> UnitRow:
        for row in self.list_units():
            if row.id == unit_id:
                return row
        raise NotFound("Такого подразделения больше нет: обновите список.")

    def update_unit(self, unit_id: int, name: str, curator_id: int | None,
                    teacher_ids: list[int] | None = None,
                    expected_version: int | None = None) -> UnitRow:
        """Rename a unit, set its curator and subject teachers; `expected_version` is the
        version the form loaded (a newer one in the database is an EditConflict)."""
        name = _valid_name(name)
        with self.db.unit_of_work() as session:
            unit = get_unit(session, unit_id)
            guard_edit(unit, expected_version)
            if unit.kind == UnitKind.STAFF_ROOM.value and name != unit.name:
                raise UserError("Учительскую нельзя переименовать: она есть в каждой "
                                "организации.", field="name")
            if fold(name) != fold(unit.name):
                _refuse_duplicate(session, name, unit.id)
            unit.name = name
            unit.curator_id = _staff_id(session, curator_id)
            if teacher_ids is not None:
                session.execute(delete(UnitTeacher).where(UnitTeacher.unit_id == unit.id))
                for person_id in dict.fromkeys(teacher_ids):
                    session.add(UnitTeacher(unit_id=unit.id,
                                            staff_id=_staff_id(session, person_id)))
            record(session, "unit", unit.id, "updated")
        return self.get(unit_id)

    def delete_unit(self, unit_id: int) -> Deleted:
        """Delete an empty unit; the answer lets `undo.restore` put it back (Ctrl+Z)."""
        self.db.backup("before-delete")  # its links and past enrolments go with it
        with self.db.unit_of_work() as session:
            unit = get_unit(session, unit_id)
            if unit.kind == UnitKind.STAFF_ROOM.value:
                raise UserError("Учительскую удалить нельзя: в ней все сотрудники.")
            pupils = session.scalar(select(func.count()).where(Student.unit_id == unit.id))
            if pupils:
                raise UserError(f"В «{unit.name}» ещё {pupils} чел.: сначала переведите или "
                                "удалите их, потом удалите подразделение.")
            collector = UndoCollector(session, "unit")
            collector.take("unit", unit.id)
            session.delete(unit)
            record(session, "unit", unit_id, "deleted")
            return collector.deleted()

    def save_unit(self, name: str, curator_id: int | None = None,
                  teacher_ids: list[int] | None = None, unit_id: int | None = None,
                  expected_version: int | None = None) -> UnitRow:
        """Create (unit_id None) or update a unit with its curator and subject teachers,
        in one transaction; ids of curator and teachers are person ids."""
        if unit_id is not None:
            return self.update_unit(unit_id, name, curator_id, teacher_ids, expected_version)
        return self.create_unit(name, curator_id, teacher_ids)


def _valid_name(name: str) -> str:
    name = clean_text(name)
    if not name:
        raise UserError("Укажите название, например «5А» или «Солнышко».", field="name")
    if len(name) > 100:
        raise UserError("Название слишком длинное: не больше 100 знаков.", field="name")
    return name


def _refuse_duplicate(session: Session, name: str, own_id: int | None = None) -> None:
    """One name, one unit: «5 а» or «5 «А» класс» next to «5А» would be the same class."""
    others = [(i, n) for i, n in session.execute(select(Unit.id, Unit.name)) if i != own_id]
    if match_units(name, others).ids:
        raise UserError(f"«{name}» уже есть: выберите другое название.", field="name")


def get_unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("Такого подразделения больше нет: обновите список.")
    return unit


def _staff_id(session: Session, person_id: int | None) -> int | None:
    """Units point at staff rows; the UI speaks in person ids."""
    if person_id is None:
        return None
    staff_id = session.scalar(select(Staff.id).where(Staff.person_id == person_id))
    if staff_id is None:
        raise UserError("Выбранного сотрудника больше нет: обновите список.", field="curator")
    return staff_id


def sort_units(names):
    return sorted(names, key=unit_sort_key)
