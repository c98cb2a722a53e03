"""People added, moved, imported or leaving anywhere in the app change the pending lists."""

import datetime as dt

import pytest
from ack_helpers import staff_act

from sferum_desk.services.acknowledgements import AudienceInput
from sferum_desk.services.dto import GuardianInput, StaffInput, StudentInput


def pending_names(services, act_id):
    return {p.full_name for p in services.acknowledgements.pending(act_id)}


def test_new_employee_is_pending_at_once(staffed):
    act = staffed.acknowledgements.add_act(staff_act())
    staffed.people.save_staff(StaffInput("Новикова Алла Андреевна", "Учитель"))
    assert "Новикова Алла Андреевна" in pending_names(staffed, act.id)
    assert staffed.acknowledgements.sync_pending() == 0  # nothing was left to do


def test_new_pupil_brings_a_parent_onto_the_units_list(with_classes):
    svc, a, b = with_classes
    act = svc.acknowledgements.add_act(staff_act(audience=AudienceInput("parents", False,
                                                                        [a.id])))
    svc.people.save_student(StudentInput("Лебедев Иван", None, a.id,
                                         [GuardianInput("Лебедева Ирина Олеговна", "mother")]))
    svc.people.save_student(StudentInput("Соколов Лев", None, b.id,
                                         [GuardianInput("Соколова Анна Львовна", "mother")]))
    names = pending_names(svc, act.id)
    assert "Лебедева Ирина Олеговна" in names and "Соколова Анна Львовна" not in names


def test_roster_import_adds_pending_rows(staffed):
    act = staffed.acknowledgements.add_act(staff_act())
    csv = "ФИО;Должность\nНовикова Алла Андреевна;Учитель\nОрлов Олег Олегович;Сторож\n"
    preview = staffed.roster.inspect(csv.encode("utf-8"), "staff", "staff.csv")
    staffed.roster.apply(preview)
    assert {"Новикова Алла Андреевна", "Орлов Олег Олегович"} <= pending_names(staffed, act.id)
    staffed.roster.undo_last()
    assert "Орлов Олег Олегович" not in pending_names(staffed, act.id)
    assert staffed.acknowledgements.get_row(act.id).total == 8


def test_leaving_and_transfer_through_the_movement_service(with_classes):
    svc, a, b = with_classes
    if not hasattr(svc, "movement"):
        pytest.skip("the movement service is not in this tree yet")
    acks = svc.acknowledgements
    staff = acks.add_act(staff_act())
    parents = acks.add_act(staff_act(audience=AudienceInput("parents", False, [a.id])))
    people = acks.people(staff.id)
    acks.mark_signed(staff.id, [people[0].person_id])
    svc.movement.leave(people[0].person_id, dt.date.today())
    svc.movement.leave(people[1].person_id, dt.date.today())
    listed = {p.person_id: p for p in acks.people(staff.id)}
    assert listed[people[0].person_id].left and listed[people[0].person_id].signed_on
    assert people[1].person_id not in listed
    zaitsev = next(s for s in svc.people.list_students() if s.full_name == "Зайцев Егор")
    svc.movement.transfer(zaitsev.id, b.id, dt.date.today())
    assert "Зайцев Илья Олегович" not in pending_names(svc, parents.id)


def _rows(svc, *acts):
    return {act.id: {(p.person_id, p.signed_on) for p in svc.acknowledgements.people(act.id)}
            for act in acts}


def test_a_saved_card_syncs_only_its_people_and_leaves_what_a_full_sync_would(with_classes):
    """#17: save_student / save_staff sync the pupil, their old and new parents (or the
    employee) alone; after every kind of card edit a full sync finds nothing left to do."""
    svc, a, b = with_classes
    acks = svc.acknowledgements
    parents_a = acks.add_act(staff_act(audience=AudienceInput("parents", False, [a.id])))
    pupils_b = acks.add_act(staff_act(audience=AudienceInput("students", False, [b.id])))
    staff = acks.add_act(staff_act())
    acts = (parents_a, pupils_b, staff)
    orlov = next(s for s in svc.people.list_students() if s.full_name == "Орлов Пётр")
    zaitsev = next(s for s in svc.people.list_students() if s.full_name == "Зайцев Егор")
    acks.mark_signed(parents_a.id, [zaitsev.guardians[0].id])

    def save(row, unit_id, guardians):
        return svc.people.save_student(StudentInput(row.full_name, None, unit_id, guardians),
                                       row.id, expected_version=row.version)

    def kept(g):
        return GuardianInput(g.full_name, g.relation, g.phone, g.email, id=g.id)

    edits = [
        # moved to 2Б: he joins the pupils' list of 2Б; his mother stays on 1А's parents'
        # list only while another child (none: Ника is in 2Б) keeps her there
        lambda: save(orlov, b.id, [kept(g) for g in orlov.guardians]),
        # a parent replaced: the old one, signed, stays; the new one joins
        lambda: save(zaitsev, a.id, [GuardianInput("Зайцева Мария Ильинична", "mother")]),
        # moved back, and a second parent added
        lambda: save(svc.people.get_student(orlov.id), a.id,
                     [kept(g) for g in orlov.guardians]
                     + [GuardianInput("Орлов Павел Ильич", "father")]),
        lambda: svc.people.save_staff(StaffInput("Новикова Алла Андреевна", "Учитель")),
        lambda: svc.people.save_student(StudentInput("Новый Ян", None, b.id, [])),
    ]
    for edit in edits:
        edit()
        incremental = _rows(svc, *acts)
        assert acks.sync_pending() == 0  # the full rebuild changes nothing
        assert _rows(svc, *acts) == incremental
    names = {p.full_name for p in acks.people(parents_a.id)}
    assert {"Зайцев Илья Олегович", "Зайцева Мария Ильинична", "Орлова Вера Павловна",
            "Орлов Павел Ильич"} <= names
    assert "Новый Ян" in {p.full_name for p in acks.people(pupils_b.id)}
    assert "Новикова Алла Андреевна" in {p.full_name for p in acks.people(staff.id)}


def test_sync_of_some_people_equals_the_full_sync_for_them(with_classes):
    """The function itself: rows of the people named are made right, nobody else's move."""
    from sqlalchemy import select, update

    from sferum_desk.db.models import Acknowledgement, Student
    from sferum_desk.services.acknowledgements import sync_pending

    svc, a, b = with_classes
    act = svc.acknowledgements.add_act(staff_act(audience=AudienceInput("students", False,
                                                                        [a.id])))
    with svc.db.unit_of_work() as session:  # two pupils change class behind the app's back
        moved = list(session.scalars(select(Student).where(Student.unit_id == a.id)))
        session.execute(update(Student).where(Student.unit_id == a.id).values(unit_id=b.id))
        session.execute(update(Student).where(Student.id == moved[0].id).values(unit_id=a.id))
        first, second = moved[0].person_id, moved[1].person_id
        assert sync_pending(session, [act.id], person_ids=[second]) == 1  # second leaves
        assert sync_pending(session, [act.id], person_ids=[]) == 0
        listed = set(session.scalars(select(Acknowledgement.person_id)
                                     .where(Acknowledgement.document_id == act.id)))
        assert listed == {first}
        assert sync_pending(session) == 0
