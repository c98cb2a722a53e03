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
