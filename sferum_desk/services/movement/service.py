"""MovementService: finding and listing people here, the use cases composed from the
mixins of this package (changes, history, new year, retention)."""

from __future__ import annotations

from sqlalchemy import or_, select

from sferum_desk.db.models import Guardian, GuardianLink, Membership, Person, Staff, Student, Unit
from sferum_desk.domain.enums import UnitKind
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.names import clean_text, fold, sort_key
from sferum_desk.domain.units import unit_sort_key
from sferum_desk.services.movement.changes import ChangesMixin
from sferum_desk.services.movement.common import _describe, _words
from sferum_desk.services.movement.history import HistoryMixin
from sferum_desk.services.movement.new_year import NewYearMixin
from sferum_desk.services.movement.retention import RetentionMixin
from sferum_desk.services.movement.rows import PersonMatch, PersonRow
from sferum_desk.services.organization import current_year
from sferum_desk.services.people import display_name, get_person

# No ФИО is longer (three parts of at most 100 characters), and SQLite refuses LIKE patterns of
# over 50 000 bytes: a longer text is looked up by equality only.
LONGEST_NAME = 1000


class MovementService(ChangesMixin, HistoryMixin, NewYearMixin, RetentionMixin):
    # ---- finding people ----------------------------------------------------------------
    def find_people(self, name: str, include_left: bool = True,
                    students_only: bool = False) -> list[PersonMatch]:
        """People whose ФИО is the text (or starts with it: «Иванова Анна» finds the
        patronymic too), tolerant of case and ё."""
        wanted = fold(name)
        if not wanted:
            raise UserError("Укажите ФИО.", field="full_name")
        same = Person.name_key == wanted
        if len(wanted) <= LONGEST_NAME:
            same = or_(same, Person.name_key.like(wanted.replace("%", "") + " %"))
        with self.db.unit_of_work() as session:
            query = select(Person).where(same)
            if students_only:
                query = query.join(Student, Student.person_id == Person.id)
            people = session.scalars(query)
            matches = [PersonMatch(p.id, display_name(p), _describe(session, p), p.left_on)
                       for p in people if include_left or p.left_on is None]
        return sorted(matches, key=lambda m: (m.left_on is not None, sort_key(m.full_name)))

    def unit_id(self, name: str) -> int:
        """A unit of the current year by name, tolerant of case, ё and spaces («5 а»)."""
        from sferum_desk.domain.units import find_unit_id

        with self.db.unit_of_work() as session:
            year = current_year(session)
            unit_id = find_unit_id(name, session.execute(select(Unit.id, Unit.name).where(or_(
                Unit.academic_year_id == year.id, Unit.academic_year_id.is_(None),
                Unit.kind == UnitKind.STAFF_ROOM.value))).all())
            if unit_id is not None:
                return unit_id
        raise UserError(f"Подразделения «{clean_text(name)}» нет: проверьте название, "
                        "например «5А» или «Ромашка».", field="unit")

    def list_people(self, include_left: bool = False) -> list[PersonRow]:
        """Everyone (staff, pupils, guardians) with their role and unit, read in a few
        queries so that thousands of people list quickly."""
        with self.db.unit_of_work() as session:
            words = _words(session)
            query = select(Person.id, Person.last_name, Person.first_name, Person.patronymic,
                           Person.left_on)
            if not include_left:
                query = query.where(Person.left_on.is_(None))
            people = session.execute(query).all()
            positions = dict(session.execute(select(Staff.person_id, Staff.position)).all())
            pupils = dict(session.execute(
                select(Student.person_id, Unit.name).outerjoin(Unit, Unit.id == Student.unit_id)
            ).all())
            children: dict[int, set[str]] = {}
            for guardian_person, unit_name in session.execute(
                    select(Guardian.person_id, Unit.name)
                    .join(GuardianLink, GuardianLink.guardian_id == Guardian.id)
                    .join(Student, Student.id == GuardianLink.student_id)
                    .outerjoin(Unit, Unit.id == Student.unit_id)):
                children.setdefault(guardian_person, set()).update([unit_name] if unit_name
                                                                   else [])
            guardians = set(session.scalars(select(Guardian.person_id)))
            joined = dict(session.execute(select(Membership.person_id,
                                                 Membership.joined_on)).all())
        rows = []
        for pid, last, first, patronymic, left_on in people:
            roles, where = [], []
            if pid in pupils:
                roles.append(words.student)
                where.append(pupils[pid] or "")
            if pid in positions:
                roles.append("Сотрудник")
                where.append(positions[pid] or "")
            if pid in guardians:
                roles.append("Родитель")
                where.append(", ".join(sorted(children.get(pid, ()), key=unit_sort_key)))
            name = " ".join(p for p in (last, first, patronymic) if p)
            rows.append(PersonRow(pid, name, ", ".join(roles), "; ".join(w for w in where if w),
                                  joined.get(pid), left_on, pid in pupils, pid in guardians))
        return sorted(rows, key=lambda r: sort_key(r.full_name))

    def describe(self, person_id: int) -> PersonMatch:
        with self.db.unit_of_work() as session:
            person = get_person(session, person_id)
            return PersonMatch(person.id, display_name(person), _describe(session, person),
                               person.left_on)
