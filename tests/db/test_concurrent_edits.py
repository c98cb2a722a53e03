"""Two PCs on one database (two Services over the same SQLite file or PostgreSQL database):
the second to save an edit based on an old copy is refused, never silently overwrites."""

import pytest

from sferum_desk.db.engine import open_database
from sferum_desk.db.models import Person
from sferum_desk.domain.errors import EditConflict
from sferum_desk.services import Services
from sferum_desk.services.dto import GuardianInput, StaffInput, StudentInput

MESSAGE = "Запись изменена на другом компьютере: обновите список и повторите правку."


@pytest.fixture
def two_pcs(school, db_path):
    """`school` is the first PC; the second opens the same database on its own."""
    other = open_database(db_path)
    yield school, Services.over(other)
    other.close()


def test_second_save_of_the_same_person_gets_the_russian_message(two_pcs):
    first, second = two_pcs
    created = first.people.save_staff(StaffInput("Петрова Ольга Ивановна", "Учитель"))
    loaded_here = first.people.get_staff(created.id)  # both PCs show the same card
    loaded_there = second.people.get_staff(created.id)
    assert loaded_here.version == loaded_there.version

    first.people.save_staff(StaffInput("Петрова Ольга Ивановна", "Завуч"), created.id,
                            expected_version=loaded_here.version)
    with pytest.raises(EditConflict) as info:
        second.people.save_staff(StaffInput("Петрова Ольга Ивановна", "Директор"), created.id,
                                 expected_version=loaded_there.version)
    assert info.value.message == MESSAGE
    assert second.people.get_staff(created.id).position == "Завуч"  # the first save stands

    reloaded = second.people.get_staff(created.id)  # after «обновите список» it works
    second.people.save_staff(StaffInput("Петрова Ольга Ивановна", "Директор"), created.id,
                             expected_version=reloaded.version)
    assert first.people.get_staff(created.id).position == "Директор"


def test_a_change_of_guardians_alone_also_moves_the_version(two_pcs):
    first, second = two_pcs
    unit = first.structure.create_unit("1А")
    pupil = first.people.save_student(StudentInput("Котов Кирилл", None, unit.id))
    stale = second.people.get_student(pupil.id)
    first.people.save_student(StudentInput("Котов Кирилл", None, unit.id,
                                           [GuardianInput("Котова Анна", "mother")]),
                              pupil.id, expected_version=pupil.version)
    with pytest.raises(EditConflict):
        second.people.save_student(StudentInput("Котов Кирилл", "01.02.2018", unit.id),
                                   pupil.id, expected_version=stale.version)
    assert [g.full_name for g in first.people.get_student(pupil.id).guardians] == ["Котова Анна"]


def test_units_guardians_and_the_organisation_card_are_guarded_too(two_pcs):
    first, second = two_pcs
    unit = first.structure.create_unit("2Б")
    first.structure.update_unit(unit.id, "2В", None, expected_version=unit.version)
    with pytest.raises(EditConflict):
        second.structure.update_unit(unit.id, "2Г", None, expected_version=unit.version)
    assert first.structure.get(unit.id).name == "2В"

    pupil = first.people.save_student(StudentInput(
        "Котов Кирилл", None, unit.id, [GuardianInput("Котова Анна", "mother")]))
    guardian = first.people.list_guardians()[0]
    first.people.save_guardian(GuardianInput("Котова Анна Сергеевна", "mother"), guardian.id,
                               expected_version=guardian.version)
    with pytest.raises(EditConflict):
        second.people.save_guardian(GuardianInput("Котова Анна Ивановна", "mother"),
                                    guardian.id, expected_version=guardian.version)
    assert pupil.id

    card = second.organization.get()
    here = first.organization.get()
    here.short_name = "СОШ № 1"
    first.organization.save(here)
    card.short_name = "Школа один"
    with pytest.raises(EditConflict):
        second.organization.save(card)
    assert first.organization.get().short_name == "СОШ № 1"


def test_callers_without_a_version_keep_working(school):
    row = school.people.save_staff(StaffInput("Петрова Ольга"))
    edited = school.people.save_staff(StaffInput("Петрова Ольга", "Завуч"), row.id)
    assert edited.position == "Завуч" and edited.version == row.version + 1


def test_a_race_between_reading_and_writing_is_caught_by_the_database(two_pcs, db_path):
    """No version passed at all: the row changes between this PC's read and its write, and
    the ORM's `UPDATE … WHERE version = ?` finds no row. (On SQLite a unit of work holds the
    write lock from its start, so there the race cannot happen: see the test below.)"""
    if not isinstance(db_path, str):
        pytest.skip("SQLite serialises the two writers (BEGIN IMMEDIATE)")
    first, second = two_pcs
    created = first.people.save_staff(StaffInput("Петрова Ольга"))
    with pytest.raises(EditConflict) as info:
        with first.db.unit_of_work() as session:
            person = session.get(Person, created.id)
            second.people.save_staff(StaffInput("Петрова Ольга", "Завуч"), created.id)
            person.email = "petrova@school.ru"
    assert info.value.message == MESSAGE
    assert second.people.get_staff(created.id).email == ""


@pytest.mark.sqlite_only
def test_on_sqlite_the_second_writer_waits_for_the_first(two_pcs):
    """The unit of work begins with the write lock (BEGIN IMMEDIATE): what the first PC read
    stays true until it commits; the second PC's save waits, then applies on top."""
    import threading

    first, second = two_pcs
    created = first.people.save_staff(StaffInput("Петрова Ольга"))
    errors: list[BaseException] = []

    def second_pc_saves():
        try:
            second.people.save_staff(StaffInput("Петрова Ольга", "Завуч"), created.id)
        except BaseException as exc:  # noqa: BLE001 - reported by the assert below
            errors.append(exc)

    with first.db.unit_of_work() as session:
        person = session.get(Person, created.id)
        thread = threading.Thread(target=second_pc_saves)
        thread.start()
        thread.join(0.3)  # it cannot get in while this transaction holds the lock
        person.email = "petrova@school.ru"
    thread.join(30)
    assert not thread.is_alive() and errors == []
    staff = second.people.get_staff(created.id)
    assert staff.position == "Завуч"
    assert staff.version > created.version + 1  # both saves landed, one after the other
