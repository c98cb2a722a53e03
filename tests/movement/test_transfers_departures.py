"""Transfers, departures and guardians: history is kept and the to-do list says exactly what
must now be done on the platform."""

import datetime as dt

import pytest

from sferum_desk.domain.declension import Case, decline_full_name
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.platform import TaskKind
from sferum_desk.services.dto import GuardianInput, StaffInput, StudentInput


def acc(name: str) -> str:
    return decline_full_name(name, Case.ACCUSATIVE)

MOVE, REMOVE = TaskKind.MOVE_CHAT, TaskKind.REMOVE_ACCESS


def join(services, *person_ids, on=None):
    services.invitations.set_joined(list(person_ids), on=on)


def test_transfer_keeps_history_and_moves_joined_people_only(built, tasks_of, raw_sql, today):
    services, sch = built
    pupil = sch.pupils["5А"][0]  # has a mother and a father
    mother, _father = sch.mothers[pupil], sch.fathers[pupil]
    join(services, pupil, mother)  # the father is not on the platform
    change = services.movement.transfer(pupil, sch.units["5Б"])
    assert change.tasks_added == 2
    assert "в «5Б»" in change.summary
    assert tasks_of(services) == [(MOVE, pupil, sch.units["5Б"]), (MOVE, mother, sch.units["5Б"])]
    texts = [t.description for t in services.platform.list_tasks()]
    # #16: the names in the accusative the verb needs («Перевести Иванову Анну Петровну»)
    assert texts[0] == f"Перевести {acc(sch.names[pupil])} из чата «5А» в чат «5Б»"
    assert texts[1] == (f"Перевести родителя {acc(sch.names[mother])} из чата родителей «5А» "
                        "в чат родителей «5Б»")
    assert services.people.get_student(pupil).unit == "5Б"
    rows = raw_sql("SELECT e.unit_id, e.started_on, e.ended_on FROM enrolment e "
                   f"JOIN student s ON s.id = e.student_id WHERE s.person_id = {pupil} "
                   "ORDER BY e.id")
    assert rows == [(sch.units["5А"], today.isoformat(), today.isoformat()),
                    (sch.units["5Б"], today.isoformat(), None)]
    history = [r.what for r in services.movement.history(pupil).rows]
    assert "Зачислен(а) в «5А»" in history
    assert "Переведён(а) из «5А» в «5Б»" in history


def test_a_second_transfer_merges_the_open_task_and_a_return_cancels_it(built, tasks_of):
    services, sch = built
    pupil = sch.pupils["5А"][1]
    join(services, pupil)
    services.movement.transfer(pupil, sch.units["5Б"])
    services.movement.transfer(pupil, sch.units["9А"])
    assert tasks_of(services) == [(MOVE, pupil, sch.units["9А"])]
    assert services.platform.list_tasks()[0].description.endswith("из чата «5А» в чат «9А»")
    services.movement.transfer(pupil, sch.units["5А"])  # back where the platform has them
    assert tasks_of(services) == []


def test_transfer_refusals_are_russian_sentences(built):
    services, sch = built
    pupil = sch.pupils["5А"][0]
    with pytest.raises(UserError, match="уже в «5А»"):
        services.movement.transfer(pupil, sch.units["5А"])
    with pytest.raises(UserError, match="только обучающихся"):
        services.movement.transfer(sch.staff["5А"], sch.units["5Б"])
    with pytest.raises(UserError, match="раньше, чем"):
        services.movement.transfer(pupil, sch.units["5Б"], dt.date.today() - dt.timedelta(1))
    staff_room = next(u.id for u in services.structure.list_units() if u.kind == "staff_room")
    with pytest.raises(UserError, match="Учительскую"):
        services.movement.transfer(pupil, staff_room)


def test_pupil_leaves_with_lonely_guardians(built, tasks_of, raw_sql, today):
    services, sch = built
    pupil = sch.pupils["9А"][0]
    mother, father = sch.mothers[pupil], sch.fathers[pupil]
    join(services, pupil, mother)
    change = services.movement.leave(pupil)
    assert change.tasks_added == 2
    assert tasks_of(services) == [(REMOVE, pupil, None), (REMOVE, mother, None)]
    texts = [t.description for t in services.platform.list_tasks()]
    assert texts == [f"Удалить {acc(sch.names[pupil])} из организации (был(а) в «9А»)",
                     f"Удалить родителя {acc(sch.names[mother])} из организации (ребёнок выбыл)"]
    left = dict(raw_sql(f"SELECT id, left_on FROM person WHERE id IN ({pupil}, {mother}, "
                        f"{father})"))
    assert left == {pupil: today.isoformat(), mother: today.isoformat(),
                    father: today.isoformat()}
    assert raw_sql("SELECT e.ended_on, s.unit_id FROM enrolment e JOIN student s "
                   f"ON s.id = e.student_id WHERE s.person_id = {pupil}") == [
        (today.isoformat(), None)]
    with pytest.raises(UserError, match="выбыл"):
        services.movement.leave(pupil)


def test_parent_of_two_stays_and_leaves_only_the_old_chat(built, tasks_of):
    services, sch = built
    older = sch.pupils["9А"][1]
    mother = sch.mothers[older]
    younger = services.people.save_student(StudentInput(
        "Младшая Вера Петровна", None, sch.units["5А"],
        [GuardianInput(sch.names[mother], "mother", id=mother)])).id
    join(services, mother)
    services.movement.leave(older)
    assert tasks_of(services) == [(REMOVE, mother, sch.units["9А"])]
    assert "из чата родителей «9А» (другие дети остаются)" in \
        services.platform.list_tasks()[0].description
    assert services.movement.describe(mother).left_on is None
    services.movement.leave(younger)
    assert tasks_of(services)[-1] == (REMOVE, mother, None)
    assert services.movement.describe(mother).left_on is not None


def test_employee_leaves_curatorship_and_admin_rights_go(built, tasks_of):
    services, sch = built
    teacher = sch.staff["5Б"]
    join(services, teacher)
    services.platform.set_teacher_verified(teacher)
    services.platform.set_extra_admin(teacher)
    change = services.movement.leave(teacher)
    assert change.tasks_added == 1
    assert tasks_of(services) == [(REMOVE, teacher, None)]
    assert services.platform.list_tasks()[0].description == (
        f"Удалить сотрудника {acc(sch.names[teacher])} из организации, снять права "
        "дополнительного администратора")
    unit = next(u for u in services.structure.list_units() if u.name == "5Б")
    assert unit.curator_id is None
    assert not services.platform.status(teacher).extra_admin
    assert "Уволен(а) с должности «Учитель»" in [r.what for r in
                                                 services.movement.history(teacher).rows]


def test_employee_who_is_a_parent_stays_a_parent(built, tasks_of):
    services, sch = built
    pupil = sch.pupils["5Б"][1]
    mother = sch.mothers[pupil]
    services.people.save_staff(StaffInput(sch.names[mother], "Лаборант"), person_id=mother)
    join(services, mother)
    services.movement.leave(mother)
    assert services.movement.describe(mother).left_on is None
    assert services.platform.status(mother).roles == ("parent",)
    assert services.platform.list_tasks()[0].description.endswith("(остаётся родителем)")


def test_guardian_replaced_old_one_leaves_new_one_linked(built, tasks_of):
    services, sch = built
    pupil = sch.pupils["5А"][3]  # a mother only
    mother = sch.mothers[pupil]
    join(services, mother)
    change = services.movement.replace_guardian(
        pupil, mother, GuardianInput("Опекунова Зоя Ивановна", "guardian", "+79160000001"))
    assert change.tasks_added == 1
    assert tasks_of(services) == [(REMOVE, mother, None)]
    row = services.people.get_student(pupil)
    assert [(g.full_name, g.relation) for g in row.guardians] == [
        ("Опекунова Зоя Ивановна", "guardian")]
    assert services.movement.describe(mother).left_on is not None
    history = [r.what for r in services.movement.history(pupil).rows]
    assert f"Больше не родитель: {sch.names[mother]}" in history
    assert "Добавлен родитель: Опекунова Зоя Ивановна" in history
    with pytest.raises(UserError, match="не указан"):
        services.movement.replace_guardian(pupil, mother, GuardianInput("Кто То"))


def test_guardian_added_without_tasks(built, tasks_of):
    services, sch = built
    pupil = sch.pupils["5А"][1]
    change = services.movement.add_guardian(pupil, GuardianInput("Новиков Пётр Ильич",
                                                                 "father"))
    assert change.tasks_added == 0 and tasks_of(services) == []
    assert len(services.people.get_student(pupil).guardians) == 2
    with pytest.raises(UserError, match="уже указан"):
        services.movement.add_guardian(pupil, GuardianInput("Новиков Пётр Ильич", "father"))


def test_new_employee_and_teacher_status_tasks(built, tasks_of):
    services, _sch = built
    services.movement.hire(StaffInput("Новенькая Ирина Олеговна", "Учитель", ["teacher"]))
    new = services.movement.find_people("Новенькая Ирина Олеговна")[0].id
    assert tasks_of(services) == [(TaskKind.ADD_TO_STAFF_ROOM, new, None)]
    join(services, new)
    assert services.platform.reconcile_tasks() == 1
    assert services.platform.reconcile_tasks() == 0  # idempotent
    assert tasks_of(services)[-1] == (TaskKind.CONFIRM_TEACHER, new, None)
    confirm = services.platform.list_tasks()[-1]
    assert confirm.description == ("Подтвердить статус «учитель» для "
                                   "Новенькая Ирина Олеговна")
    services.platform.set_task_done(confirm.id)  # ticking it records the verification
    assert services.platform.status(new).teacher_verified
    done = services.platform.list_tasks()[0]
    services.platform.set_task_done(done.id)
    assert tasks_of(services) == []
    assert len(services.platform.list_tasks(include_done=True)) == 2


def test_leaving_drops_pointless_open_tasks(built, tasks_of):
    services, _sch = built
    services.movement.hire(StaffInput("Краткова Анна Львовна", "Учитель", ["teacher"]))
    new = services.movement.find_people("Краткова Анна")[0].id
    services.movement.leave(new)  # never joined: nothing left to do on the platform
    assert tasks_of(services) == []


def test_find_people_by_name_and_namesakes(built):
    services, _sch = built
    services.people.save_staff(StaffInput("Двойникова Анна Ивановна", "Учитель"))
    services.people.save_staff(StaffInput("Двойникова Анна Петровна", "Завуч"))
    assert len(services.movement.find_people("двойникова анна")) == 2
    assert len(services.movement.find_people("Двойникова Анна Петровна")) == 1
    assert services.movement.find_people("Нет Такого") == []
