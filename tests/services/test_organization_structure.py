import pytest

from sferum_desk.domain.errors import UserError
from sferum_desk.services.dto import OrganizationData, StaffInput, StudentInput


def test_new_organisation_has_staff_room_and_current_year(services):
    assert not services.organization.exists()
    services.organization.save(OrganizationData(
        kind="kindergarten", full_name="  МБДОУ   «Детский сад № 5» ",
        admin_phone="8 916 123-45-67", admin_email="Admin@Mail.ru", admin_order_number="12-о",
        admin_order_date="01.09.2026"))
    org = services.organization.get()
    assert org.full_name == "МБДОУ «Детский сад № 5»"
    assert org.short_name == org.full_name
    assert org.admin_phone == "+79161234567" and org.admin_email == "admin@mail.ru"
    assert org.admin_order_date.isoformat() == "2026-09-01"
    units = services.structure.list_units()
    assert [(u.name, u.kind) for u in units] == [("Учительская", "staff_room")]
    assert "/" in units[0].academic_year


def test_invalid_card_values_name_their_field(services):
    with pytest.raises(UserError) as info:
        services.organization.save(OrganizationData(kind="school", full_name="Школа",
                                                    admin_phone="123"))
    assert info.value.field == "admin_phone"
    with pytest.raises(UserError) as info:
        services.organization.save(OrganizationData(kind="zoo", full_name="Школа"))
    assert info.value.field == "kind"
    assert not services.organization.exists()


def test_vocabulary_follows_kind_and_overrides(services):
    services.organization.save(OrganizationData(kind="school", full_name="Школа"))
    assert services.organization.vocabulary().students == "Ученики"
    card = services.organization.get()
    card.kind = "kindergarten"
    services.organization.save(card)
    assert services.organization.vocabulary().students == "Воспитанники"
    card.vocabulary_overrides = {"unit": "Класс"}
    services.organization.save(card)
    assert services.organization.vocabulary().unit == "Класс"


def test_units_create_rename_curator_and_refuse_duplicates(school):
    teacher = school.people.save_staff(StaffInput("Иванова Анна Петровна", "Учитель"))
    unit = school.structure.create_unit("5А", teacher.id)
    assert unit.curator == "Иванова Анна Петровна"
    with pytest.raises(UserError):
        school.structure.create_unit("5 а")
    school.structure.create_unit("10Б")
    school.structure.create_unit("2В")
    renamed = school.structure.update_unit(unit.id, "5Б", None, [teacher.id])
    assert renamed.name == "5Б" and renamed.curator == "" and renamed.teacher_ids == (teacher.id,)
    assert [u.name for u in school.structure.list_units()] == ["Учительская", "2В", "5Б", "10Б"]


def test_deleting_a_unit_with_pupils_is_refused(school):
    unit = school.structure.create_unit("1А")
    pupil = school.people.save_student(StudentInput("Котов Кирилл", "01.02.2019", unit.id))
    with pytest.raises(UserError) as info:
        school.structure.delete_unit(unit.id)
    assert "1А" in info.value.message
    school.people.delete_person(pupil.id)
    school.structure.delete_unit(unit.id)
    assert [u.name for u in school.structure.list_units()] == ["Учительская"]


def test_staff_room_cannot_be_deleted_or_renamed(school):
    staff_room = school.structure.list_units()[0]
    with pytest.raises(UserError):
        school.structure.delete_unit(staff_room.id)
    with pytest.raises(UserError):
        school.structure.update_unit(staff_room.id, "Кабинет", None)


def test_deleting_curator_leaves_unit_without_curator(school):
    teacher = school.people.save_staff(StaffInput("Иванова Анна Петровна"))
    unit = school.structure.create_unit("5А", teacher.id)
    school.people.delete_person(teacher.id)
    assert school.structure.get(unit.id).curator == ""
