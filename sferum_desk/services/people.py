"""Staff, students and guardians: add, edit, list, delete."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sferum_desk.db.models import (
    Enrolment, Guardian, GuardianLink, Person, Staff, Student, Unit,
)
from sferum_desk.domain.contacts import normalise_email
from sferum_desk.domain.dates import parse_birth_date
from sferum_desk.domain.enums import PlatformRole, Relation
from sferum_desk.domain.errors import NotFound, UserError, check_all
from sferum_desk.domain.names import FullName, clean_text, name_key, parse_full_name, sort_key
from sferum_desk.domain.phones import normalise_phone
from sferum_desk.services.acknowledgements import sync_pending
from sferum_desk.services.base import Service, core_rows, guard_edit, record
from sferum_desk.services.dto import (
    ChildBrief, GuardianBrief, GuardianInput, GuardianRow, Stats, StaffInput, StaffRow,
    StudentInput, StudentRow,
)
from sferum_desk.services.organization import get_org
from sferum_desk.services.undo import Deleted, UndoCollector


def display_name(person: Person) -> str:
    return " ".join(p for p in (person.last_name, person.first_name, person.patronymic) if p)


def set_name(person: Person, name: FullName) -> None:
    person.last_name, person.first_name, person.patronymic = name.last, name.first, name.patronymic
    person.name_key = name_key(name)


def _full_name_sql():
    return func.trim(Person.last_name + " " + Person.first_name + " " + Person.patronymic)


def present_on(day: dt.date):
    """People still here on `day`: a departure dated later still counts as present."""
    return Person.left_on.is_(None) | (Person.left_on > day)


def get_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Этого человека больше нет в базе: обновите список.")
    return person


def _by_name(rows):
    return sorted(rows, key=lambda r: sort_key(r.full_name))


class PeopleService(Service):
    # ---- staff ---------------------------------------------------------------
    def list_staff(self, include_left: bool = False) -> list[StaffRow]:
        """Current staff; people who left (movement) only with `include_left`."""
        with self.db.unit_of_work() as session:
            query = (select(Person.id, _full_name_sql(), Staff.position, Staff.platform_roles,
                            Person.phone, Person.email, Person.version)
                     .join(Staff, Staff.person_id == Person.id))
            if not include_left:
                query = query.where(present_on(dt.date.today()))
            rows = session.execute(query)
            return _by_name(StaffRow(pid, name, pos, tuple(roles or ()), phone, email, version)
                            for pid, name, pos, roles, phone, email, version in rows)

    def get_staff(self, person_id: int) -> StaffRow:
        for row in self.list_staff(include_left=True):
            if row.id == person_id:
                return row
        raise NotFound("Этого сотрудника больше нет в базе: обновите список.")

    def save_staff(self, data: StaffInput, person_id: int | None = None,
                   expected_version: int | None = None) -> StaffRow:
        """Add (person_id None) or edit a staff member; `expected_version` is the version the
        edit form loaded: a newer one in the database is an EditConflict."""
        name, phone, email, roles = valid_staff(data)
        with self.db.unit_of_work() as session:
            get_org(session)
            if person_id is None:
                person = Person()
                person.staff = Staff()
                session.add(person)
            else:
                person = get_person(session, person_id)
                guard_edit(person, expected_version)
                if person.staff is None:
                    person.staff = Staff()
            set_name(person, name)
            person.phone, person.email = phone, email
            person.staff.position = clean_text(data.position)
            person.staff.platform_roles = roles
            session.flush()
            record(session, "staff", person.id, "created" if person_id is None else "updated")
            sync_pending(session, person_ids=[person.id])  # a newcomer joins the staff's acts
            new_id = person.id
        return self.get_staff(new_id)

    # ---- students ------------------------------------------------------------
    def list_students(self, unit_id: int | None = None,
                      include_left: bool = False) -> list[StudentRow]:
        """Current pupils (of one unit, or all); those who left only with `include_left`."""
        with self.db.unit_of_work() as session:
            return _student_rows(session, unit_id, include_left)

    def get_student(self, person_id: int) -> StudentRow:
        """One pupil's row, read alone (a saved card's row for the list, #17)."""
        with self.db.unit_of_work() as session:
            rows = _student_rows(session, include_left=True, person_id=person_id)
        if not rows:
            raise NotFound("Этого человека больше нет в базе: обновите список.")
        return rows[0]

    def save_student(self, data: StudentInput, person_id: int | None = None,
                     expected_version: int | None = None) -> StudentRow:
        """Add or edit a pupil with their unit and guardians; see save_staff for
        `expected_version`."""
        name, born, *guardians = check_all(
            lambda: parse_full_name(data.full_name), lambda: parse_birth_date(data.birth_date),
            *(lambda g=g: valid_guardian(g) for g in data.guardians))
        with self.db.unit_of_work() as session:
            get_org(session)
            if data.unit_id is not None and session.get(Unit, data.unit_id) is None:
                raise UserError("Выбранного подразделения больше нет: обновите список.",
                                field="unit")
            if person_id is None:
                person = Person()
                person.student = Student()
                session.add(person)
            else:
                person = get_person(session, person_id)
                if person.student is None:
                    raise NotFound("Этого человека больше нет в списке: обновите список.")
                guard_edit(person, expected_version)
            set_name(person, name)
            person.birth_date = born
            session.flush()
            before = _guardian_person_ids(session, person.student.id)
            move_student(session, person.student, data.unit_id, dt.date.today())
            _replace_guardians(session, person.student, guardians)
            record(session, "student", person.id, "created" if person_id is None else "updated")
            # The pupil and their parents, old and new, join or leave their unit's lists.
            touched = {person.id, *before, *_guardian_person_ids(session, person.student.id)}
            sync_pending(session, person_ids=touched)
            new_id = person.id
        return self.get_student(new_id)

    # ---- guardians -----------------------------------------------------------
    def list_guardians(self) -> list[GuardianRow]:
        with self.db.unit_of_work() as session:
            return _guardian_rows(session)

    def save_guardian(self, data: GuardianInput, person_id: int,
                      expected_version: int | None = None) -> GuardianRow:
        clean = valid_guardian(data)
        with self.db.unit_of_work() as session:
            person = get_person(session, person_id)
            guard_edit(person, expected_version)
            set_name(person, parse_full_name(clean.full_name))
            person.phone, person.email = clean.phone, clean.email
            record(session, "guardian", person.id, "updated")
        with self.db.unit_of_work() as session:  # the one row, not the whole list (#17)
            rows = _guardian_rows(session, person_id)
        if not rows:
            raise NotFound("Этого человека больше нет в списке: обновите список.")
        return rows[0]

    # ---- any person ----------------------------------------------------------
    def delete_person(self, person_id: int) -> int:
        """Remove a person and everything about them; a guardian left with no child goes too.

        Returns how many people were removed.
        """
        self.db.backup("before-delete")
        with self.db.unit_of_work() as session:
            person = get_person(session, person_id)
            orphans = _guardians_only_of(session, person.student) if person.student else []
            for victim in [person, *orphans]:
                session.delete(victim)
                record(session, "person", victim.id, "deleted")
            return 1 + len(orphans)

    def delete_people(self, person_ids: list[int]) -> int:
        """Delete several people in one transaction after one backup (a list chosen in the
        GUI); guardians left without a child go too. Returns how many people were removed."""
        self.db.backup("before-delete")
        with self.db.unit_of_work() as session:
            return len(_delete_people(session, person_ids))

    def delete_people_undoable(self, person_ids: list[int]) -> Deleted:
        """`delete_people` that keeps what it removed, so `undo.restore` can put it back
        (Ctrl+Z in the people tabs)."""
        self.db.backup("before-delete")
        with self.db.unit_of_work() as session:
            collector = UndoCollector(session, "person")
            removed = _delete_people(session, person_ids, collector)
            return collector.deleted(count=len(removed))

    def check_guardian(self, data: GuardianInput) -> GuardianInput:
        """Validate a guardian typed in a pupil's card before the card is saved: the name,
        relation, phone (returned in E.164) and e-mail, each error naming its field."""
        return valid_guardian(data)

    def stats(self) -> Stats:
        """How many of each are here today (services/counts.py: one plain query, #17)."""
        from sferum_desk.services.counts import stats

        return stats(self.db)


def _delete_people(session: Session, person_ids: list[int],
                   collector: UndoCollector | None = None) -> set[int]:
    """Delete the people and the guardians left without a child; the ids removed."""
    removed: set[int] = set()
    for person_id in dict.fromkeys(person_ids):
        if person_id in removed:
            continue  # already gone as the lonely guardian of a deleted child
        person = get_person(session, person_id)
        orphans = _guardians_only_of(session, person.student) if person.student else []
        for victim in [person, *orphans]:
            if victim.id not in removed:
                if collector is not None:
                    collector.take("person", victim.id, chosen=victim is person)
                removed.add(victim.id)
                session.delete(victim)
                record(session, "person", victim.id, "deleted")
        session.flush()
    return removed


# ---- helpers shared with movement and import ------------------------------------
def move_student(session: Session, student: Student, unit_id: int | None, on: dt.date) -> None:
    """Put a student in a unit, closing the previous enrolment: the history stays."""
    if student.unit_id == unit_id and unit_id is not None and student.id is not None:
        has_open = session.scalar(select(Enrolment.id).where(
            Enrolment.student_id == student.id, Enrolment.ended_on.is_(None)))
        if has_open:
            return
    if student.id is not None:
        for open_row in session.scalars(select(Enrolment).where(
                Enrolment.student_id == student.id, Enrolment.ended_on.is_(None))):
            open_row.ended_on = on
    old_unit = student.unit_id
    student.unit_id = unit_id
    if old_unit is not None and unit_id is not None and old_unit != unit_id:
        from sferum_desk.services.joins import carry_pupil_joins

        carry_pupil_joins(session, student, old_unit, unit_id)
    if unit_id is not None:
        session.flush()
        session.add(Enrolment(student_id=student.id, unit_id=unit_id, started_on=on))


def find_or_create_guardian(session: Session, data: GuardianInput) -> Guardian:
    """An existing guardian with the same name and phone (or name, when no phone) is reused:
    siblings share their parent."""
    if data.id is not None:
        guardian = session.scalar(select(Guardian).where(Guardian.person_id == data.id))
        if guardian is None:
            raise NotFound("Выбранного родителя больше нет в базе: обновите список.")
        return guardian
    name = parse_full_name(data.full_name)
    query = (select(Guardian).join(Person, Person.id == Guardian.person_id)
             .where(Person.name_key == name_key(name)))
    if data.phone:
        query = query.where(Person.phone == data.phone)
    guardian = session.scalars(query).first()
    if guardian is None:
        person = Person(phone=data.phone, email=data.email)
        set_name(person, name)
        person.guardian = Guardian()
        session.add(person)
        session.flush()
        guardian = person.guardian
    elif data.email and not guardian.person.email:
        guardian.person.email = data.email
    return guardian


def _replace_guardians(session: Session, student: Student, wanted: list[GuardianInput]) -> None:
    session.execute(delete(GuardianLink).where(GuardianLink.student_id == student.id))
    for data in wanted:
        guardian = find_or_create_guardian(session, data)
        if data.id is not None:  # an edited existing guardian: keep their details current
            person = guardian.person
            set_name(person, parse_full_name(data.full_name))
            person.phone, person.email = data.phone, data.email
        exists = session.scalar(select(GuardianLink.id).where(
            GuardianLink.guardian_id == guardian.id, GuardianLink.student_id == student.id))
        if not exists:
            session.add(GuardianLink(guardian_id=guardian.id, student_id=student.id,
                                     relation=data.relation))
            session.flush()


def _guardian_person_ids(session: Session, student_id: int | None) -> set[int]:
    if student_id is None:
        return set()
    return set(session.scalars(select(Guardian.person_id).join(
        GuardianLink, GuardianLink.guardian_id == Guardian.id)
        .where(GuardianLink.student_id == student_id)))


def _guardians_only_of(session: Session, student: Student) -> list[Person]:
    """Guardians whose only child is this student: their data has no other purpose."""
    ids = session.scalars(select(GuardianLink.guardian_id)
                          .where(GuardianLink.student_id == student.id)).all()
    lonely = []
    for gid in ids:
        others = session.scalar(select(func.count()).where(
            GuardianLink.guardian_id == gid, GuardianLink.student_id != student.id))
        guardian = session.get(Guardian, gid)
        if not others and guardian.person.staff is None:
            lonely.append(guardian.person)
    return lonely


def _guardians_by_student(session: Session,
                          student_id: int | None = None) -> dict[int, list[GuardianBrief]]:
    result: dict[int, list[GuardianBrief]] = {}
    query = (select(GuardianLink.student_id, Person.id, _full_name_sql(), GuardianLink.relation,
                    Person.phone, Person.email)
             .join(Guardian, Guardian.id == GuardianLink.guardian_id)
             .join(Person, Person.id == Guardian.person_id)
             .order_by(GuardianLink.id))
    if student_id is not None:
        query = query.where(GuardianLink.student_id == student_id)
    for sid, pid, name, relation, phone, email in core_rows(session, query):
        result.setdefault(sid, []).append(GuardianBrief(pid, name, relation, phone, email))
    return result


def _student_rows(session: Session, unit_id: int | None = None, include_left: bool = False,
                  person_id: int | None = None) -> list[StudentRow]:
    """Pupils' rows: all, one unit's, or one pupil's (`person_id`)."""
    student_id = None
    if person_id is not None:
        student_id = session.scalar(select(Student.id).where(Student.person_id == person_id))
        if student_id is None:
            return []
    guardians = _guardians_by_student(session, student_id)
    query = (select(Person.id, _full_name_sql(), Person.birth_date, Student.unit_id,
                    Unit.name, Student.id, Person.version)
             .join(Student, Student.person_id == Person.id)
             .outerjoin(Unit, Unit.id == Student.unit_id))
    if unit_id is not None:
        query = query.where(Student.unit_id == unit_id)
    if student_id is not None:
        query = query.where(Student.id == student_id)
    if not include_left:
        query = query.where(present_on(dt.date.today()))
    return _by_name(
        StudentRow(pid, name, born, uid, uname or "", tuple(guardians.get(sid, ())), version)
        for pid, name, born, uid, uname, sid, version in core_rows(session, query))


def _guardian_rows(session: Session, person_id: int | None = None) -> list[GuardianRow]:
    """Current guardians' rows with their children: all, or one guardian's."""
    children: dict[int, list[ChildBrief]] = {}
    links = (select(GuardianLink.guardian_id, Person.id, _full_name_sql(), Unit.name,
                    GuardianLink.relation)
             .join(Student, Student.id == GuardianLink.student_id)
             .join(Person, Person.id == Student.person_id)
             .outerjoin(Unit, Unit.id == Student.unit_id))
    rows = (select(Person.id, _full_name_sql(), Person.phone, Person.email, Guardian.id,
                   Person.version)
            .join(Guardian, Guardian.person_id == Person.id)
            .where(present_on(dt.date.today())))
    if person_id is not None:
        links = links.where(GuardianLink.guardian_id.in_(
            select(Guardian.id).where(Guardian.person_id == person_id)))
        rows = rows.where(Person.id == person_id)
    for gid, pid, cname, uname, relation in session.execute(links):
        children.setdefault(gid, []).append(ChildBrief(pid, cname, uname or "", relation))
    return _by_name(GuardianRow(pid, name, phone, email,
                                tuple(_by_name(children.get(gid, ()))), version)
                    for pid, name, phone, email, gid, version in session.execute(rows))


def valid_guardian(data: GuardianInput) -> GuardianInput:
    """Name, relation, phone and e-mail, each refusal at its field (all at once)."""
    name, relation, phone, email = check_all(
        lambda: parse_full_name(data.full_name), lambda: _valid_relation(data.relation),
        lambda: normalise_phone(data.phone, field="guardian_phone"),
        lambda: normalise_email(data.email, field="guardian_email"))
    return GuardianInput(full_name=name.full, relation=relation, phone=phone, email=email,
                         id=data.id)


def _valid_relation(value: str) -> str:
    try:
        return Relation(value or "other").value
    except ValueError:
        raise UserError("Выберите, кем приходится родитель: мать, отец, опекун.",
                        field="relation") from None


def valid_staff(data: StaffInput) -> tuple[FullName, str, str, list[str]]:
    """A staff form's name, phone (E.164), e-mail and platform roles, checked in that order."""
    return check_all(lambda: parse_full_name(data.full_name),
                     lambda: normalise_phone(data.phone), lambda: normalise_email(data.email),
                     lambda: valid_roles(data.platform_roles))


def valid_roles(roles: list[str]) -> list[str]:
    valid = []
    for role in roles or []:
        try:
            valid.append(PlatformRole(role).value)
        except ValueError:
            raise UserError(f"Неизвестная роль «{role}».", field="platform_roles") from None
    return list(dict.fromkeys(valid))
