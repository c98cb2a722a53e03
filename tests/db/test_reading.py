"""Database.reading(): the plain-SQL snapshot `stats` and `check` read through (#17), on a
file with sqlite3 alone, on a server through the engine; the same counts as the ORM."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import func, select

from sferum_desk.db.models import Guardian, Person, Staff, Student, Unit
from sferum_desk.domain.errors import DatabaseDamaged, UserError
from sferum_desk.services.counts import stats
from sferum_desk.services.dto import GuardianInput, StaffInput, StudentInput


def _orm_counts(db, today: dt.date) -> tuple[int, ...]:
    """The counts as the ORM read them before #17: rows whose person has not left by today."""
    with db.unit_of_work() as session:
        def present(model):
            return session.scalar(select(func.count()).select_from(model).join(
                Person, Person.id == model.person_id).where(
                (Person.left_on.is_(None)) | (Person.left_on > today)))
        return (session.scalar(select(func.count()).select_from(Unit)), present(Staff),
                present(Student), present(Guardian))


def test_counts_leave_out_who_left_by_today(school):
    unit = school.structure.create_unit("1А").id
    for n, name in enumerate(("Иванов Пётр", "Петров Иван", "Сидоров Олег")):
        school.people.save_student(StudentInput(
            f"{name} Сергеевич", "01.02.2016", unit,
            [GuardianInput(f"{name.split()[0]}а Анна Петровна", "mother", f"+7916123456{n}")]))
    school.people.save_staff(StaffInput("Смирнова Ольга Ивановна", "Учитель"))
    today = dt.date(2026, 12, 2)
    people = [p.id for p in school.people.list_students()]
    with school.db.unit_of_work() as session:
        session.get(Person, people[0]).left_on = today  # left today: gone
        session.get(Person, people[1]).left_on = today + dt.timedelta(days=1)  # still here
    counted = stats(school.db, today)
    assert (counted.units, counted.staff, counted.students, counted.guardians) == \
        _orm_counts(school.db, today)
    assert counted.students == 2 and counted.guardians == 3


@pytest.mark.sqlite_only
def test_reading_a_file_that_went_away_is_one_sentence(school):
    path = school.db.path
    school.db.close()
    path.rename(path.with_name("elsewhere.sqlite3"))
    with pytest.raises(UserError, match="недоступен"):
        with school.db.reading() as read:
            read("SELECT 1")


@pytest.mark.sqlite_only
def test_reading_a_damaged_file_says_it_is_damaged(school):
    path = school.db.path
    school.db.close()
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096  # every page but the schema's overwritten: the tables cannot be read
    data[page:] = b"\xff" * (len(data) - page)
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged):
        with school.db.reading() as read:
            for table in ("person", "student", "guardian", "staff", "unit"):
                read(f"SELECT count(*), max(rowid) FROM {table}")


def test_reading_a_server_that_cannot_be_reached_is_one_sentence(tmp_path):
    """The status bar's counts read through reading(): a lost server is a sentence, as a unit
    of work says it, never a driver's traceback."""
    from sferum_desk.db.engine import Database

    gone = tmp_path / "no-server-here"
    db = Database(f"postgresql+psycopg://nobody@/sferum?host={gone}")
    with pytest.raises(UserError) as caught:
        with db.reading() as read:
            read("SELECT 1")
    assert "Traceback" not in caught.value.message and caught.value.message[:1].isupper()
