"""Service methods added for the GUI: save_unit, check_guardian, delete_people, backup_now."""

from __future__ import annotations

import pytest

from sferum_desk.domain.errors import UserError
from sferum_desk.services.dto import GuardianInput, StaffInput, StudentInput


def _staff(services, name):
    return services.people.save_staff(StaffInput(full_name=name, position="Учитель")).id


def test_save_unit_creates_with_curator_and_teachers_in_one_go(school):
    curator = _staff(school, "Петрова Анна Ивановна")
    teacher = _staff(school, "Сидоров Олег Павлович")
    row = school.structure.save_unit("5А", curator_id=curator, teacher_ids=[teacher, teacher])
    assert (row.name, row.curator_id, row.teacher_ids) == ("5А", curator, (teacher,))
    renamed = school.structure.save_unit("5Б", curator_id=None, teacher_ids=[], unit_id=row.id)
    assert (renamed.name, renamed.curator_id, renamed.teacher_ids) == ("5Б", None, ())


def test_save_unit_refuses_a_duplicate_name_next_to_the_name_field(school):
    school.structure.save_unit("5А")
    with pytest.raises(UserError) as refused:
        school.structure.save_unit("5 а")
    assert refused.value.field == "name"


def test_save_unit_with_an_unknown_teacher_changes_nothing(school):
    with pytest.raises(UserError):
        school.structure.save_unit("6А", teacher_ids=[999999])
    assert [u.name for u in school.structure.list_units()] == ["Учительская"]


def test_check_guardian_normalises_and_names_the_bad_field(services):
    clean = services.people.check_guardian(GuardianInput(
        full_name="иванова  анна", relation="mother", phone="8 (916) 123-45-67",
        email="Anna@Example.RU"))
    assert (clean.full_name, clean.phone, clean.email) == ("Иванова Анна", "+79161234567",
                                                           "anna@example.ru")
    for bad, field in ((GuardianInput(full_name="Иванова"), "full_name"),
                       (GuardianInput(full_name="Иванова Анна", phone="12"), "guardian_phone"),
                       (GuardianInput(full_name="Иванова Анна", email="нет"), "guardian_email")):
        with pytest.raises(UserError) as refused:
            services.people.check_guardian(bad)
        assert refused.value.field == field


def test_delete_people_removes_children_with_their_lonely_guardians(kindergarten):
    unit = kindergarten.structure.save_unit("Ромашка").id
    mother = GuardianInput(full_name="Ёлкина Мария", relation="mother", phone="+79160000001")
    first = kindergarten.people.save_student(StudentInput("Ёлкин Лев", unit_id=unit,
                                                          guardians=[mother]))
    second = kindergarten.people.save_student(StudentInput("Ёлкина Ева", unit_id=unit,
                                                           guardians=[mother]))
    other = kindergarten.people.save_student(StudentInput("Жуков Иван", unit_id=unit))
    mother_id = first.guardians[0].id
    removed = kindergarten.people.delete_people([first.id, second.id, mother_id, first.id])
    assert removed == 3
    assert [s.id for s in kindergarten.people.list_students()] == [other.id]
    assert kindergarten.people.list_guardians() == []


def test_backup_now_writes_a_copy_beside_the_database(school):
    target = school.organization.backup_now()
    assert target.exists() and target.parent == school.db.backups_dir
