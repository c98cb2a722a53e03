import datetime as dt

import pytest

from sferum_desk.domain.errors import UserError
from sferum_desk.services.dto import GuardianInput, StaffInput, StudentInput


def test_staff_add_edit_with_normalised_contacts(school):
    row = school.people.save_staff(StaffInput(" петрова  ольга ивановна ", "Учитель",
                                              ["teacher", "curator"], "8(916)555-44-33",
                                              "Petrova@School.RU"))
    assert (row.full_name, row.phone, row.email) == ("Петрова Ольга Ивановна", "+79165554433",
                                                     "petrova@school.ru")
    edited = school.people.save_staff(StaffInput("Петрова Ольга Ивановна", "Завуч",
                                                 ["administration"]), row.id)
    assert edited.position == "Завуч" and edited.platform_roles == ("administration",)
    assert len(school.people.list_staff()) == 1


def test_invalid_staff_values_are_refused_with_field(school):
    with pytest.raises(UserError) as info:
        school.people.save_staff(StaffInput("Петрова Ольга", phone="12"))
    assert info.value.field == "phone"
    with pytest.raises(UserError) as info:
        school.people.save_staff(StaffInput("Петрова Ольга", email="нет"))
    assert info.value.field == "email"
    assert school.people.list_staff() == []


def test_siblings_share_one_guardian(school):
    unit = school.structure.create_unit("3А")
    mother = GuardianInput("Смирнова Елена Юрьевна", "mother", "+7 903 111-22-33")
    school.people.save_student(StudentInput("Смирнов Олег", "01.02.2017", unit.id, [mother]))
    school.people.save_student(StudentInput("Смирнова Ольга", "05.06.2018", unit.id, [mother]))
    guardians = school.people.list_guardians()
    assert len(guardians) == 1
    assert [c.full_name for c in guardians[0].children] == ["Смирнов Олег", "Смирнова Ольга"]


def test_existing_guardian_can_be_chosen_by_id(school):
    unit = school.structure.create_unit("3А")
    first = school.people.save_student(StudentInput(
        "Смирнов Олег", None, unit.id, [GuardianInput("Смирнова Елена", "mother")]))
    guardian_id = first.guardians[0].id
    second = school.people.save_student(StudentInput(
        "Смирнова Ольга", None, unit.id,
        [GuardianInput("Смирнова Елена", "mother", "+79031112233", id=guardian_id)]))
    assert second.guardians[0].id == guardian_id
    assert school.people.stats().guardians == 1
    assert school.people.list_guardians()[0].phone == "+79031112233"


def test_student_edit_moves_unit_and_keeps_history(school, raw_sql):
    a = school.structure.create_unit("3А")
    b = school.structure.create_unit("3Б")
    pupil = school.people.save_student(StudentInput("Котов Кирилл", "01.02.2017", a.id))
    moved = school.people.save_student(StudentInput("Котов Кирилл", "01.02.2017", b.id), pupil.id)
    assert moved.unit == "3Б"
    history = raw_sql("SELECT unit_id, ended_on FROM enrolment ORDER BY id")
    assert history == [(a.id, dt.date.today().isoformat()), (b.id, None)]


def test_bad_birth_date_names_field(school):
    with pytest.raises(UserError) as info:
        school.people.save_student(StudentInput("Котов Кирилл", "32.01.2017"))
    assert info.value.field == "birth_date"


def test_delete_removes_personal_data_everywhere(school, raw_sql):
    unit = school.structure.create_unit("3А")
    shared = GuardianInput("Смирнова Елена Юрьевна", "mother", "+79031112233")
    only = GuardianInput("Смирнов Юрий Олегович", "father", "+79031112244")
    pupil = school.people.save_student(StudentInput("Смирнов Олег", None, unit.id,
                                                    [shared, only]))
    school.people.save_student(StudentInput("Смирнова Ольга", None, unit.id, [shared]))
    removed = school.people.delete_person(pupil.id)
    assert removed == 2  # the pupil and the father who had no other child here
    stats = school.people.stats()
    assert (stats.students, stats.guardians) == (1, 1)
    names = {r[0] for r in raw_sql("SELECT last_name || ' ' || first_name FROM person")}
    assert raw_sql("SELECT count(*) FROM guardian_link") == [(1,)]
    assert raw_sql("SELECT count(*) FROM enrolment") == [(1,)]
    assert names == {"Смирнова Елена", "Смирнова Ольга"}


@pytest.mark.sqlite_only
def test_delete_takes_a_backup_first(school):
    row = school.people.save_staff(StaffInput("Петрова Ольга"))
    school.people.delete_person(row.id)
    assert any("before-delete" in p.name for p in school.db.backups_dir.iterdir())


def test_people_need_an_organisation_first(services):
    with pytest.raises(UserError):
        services.people.save_staff(StaffInput("Петрова Ольга"))


def test_stats(school):
    school.people.save_staff(StaffInput("Петрова Ольга"))
    assert school.people.stats().staff == 1 and school.people.stats().units == 1


def test_people_who_left_drop_out_of_current_lists_and_counts(school):
    unit = school.structure.create_unit("3А")
    mother = GuardianInput("Смирнова Елена Юрьевна", "mother", "+79031112233")
    pupil = school.people.save_student(StudentInput("Смирнов Олег", None, unit.id, [mother]))
    stays = school.people.save_student(StudentInput("Котов Кирилл", None, unit.id))
    teacher = school.people.save_staff(StaffInput("Петрова Ольга"))
    school.movement.leave(pupil.id, dt.date.today())
    school.movement.leave(teacher.id, dt.date.today() + dt.timedelta(days=30))
    assert [s.id for s in school.people.list_students()] == [stays.id]
    assert len(school.people.list_students(include_left=True)) == 2
    assert school.people.get_student(pupil.id).full_name == "Смирнов Олег"
    assert [s.id for s in school.people.list_staff()] == [teacher.id]  # leaves next month
    stats = school.people.stats()
    assert (stats.students, stats.staff) == (1, 1)
