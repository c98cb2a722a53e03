"""The new academic year in one step, with a preview the user can edit."""

import datetime as dt

import pytest

from sferum_desk.domain.errors import UserError
from sferum_desk.domain.platform import TaskKind, next_stage_name
from sferum_desk.services.dto import GuardianInput, StudentInput
from sferum_desk.services.movement import GRADUATE, KEEP, PROMOTE


def plan_rows(plan):
    return [(u.name, u.action, u.new_name, u.students) for u in plan.units]


def test_school_preview_moves_classes_up_and_the_final_year_leaves(built):
    services, _ = built
    plan = services.movement.preview_new_year()
    assert plan.final_grade == 11
    assert plan_rows(plan) == [("5А", PROMOTE, "6А", 4), ("5Б", PROMOTE, "6Б", 4),
                               ("9А", PROMOTE, "10А", 4), ("11А", GRADUATE, "11А", 4)]
    nine = services.movement.preview_new_year(final_grade=9)
    assert [u.action for u in nine.units] == [PROMOTE, PROMOTE, GRADUATE, GRADUATE]


def test_new_year_applies_renames_graduation_and_tasks(built, raw_sql, tasks_of):
    services, sch = built
    graduate = sch.pupils["11А"][0]
    services.invitations.set_joined([graduate, sch.mothers[graduate]])
    link = services.invitations.add_link(sch.units["11А"], "students",
                                         "https://sferum.ru/?invite=Class11A")
    current = services.organization.academic_year()
    plan = services.movement.preview_new_year()
    change = services.movement.start_new_year(plan)
    start = int(current[:4]) + 1
    assert services.organization.academic_year() == f"{start}/{start + 1}"
    assert "выбыло 4 чел." in change.summary
    names = {u.id: u.name for u in services.structure.list_units()}
    assert names[sch.units["5А"]] == "6А" and names[sch.units["9А"]] == "10А"
    assert names[sch.units["11А"]] == f"11А (выпуск {start})"
    kinds = tasks_of(services)
    assert kinds == [(TaskKind.ANNUL_LINK, None, sch.units["11А"]),
                     (TaskKind.REMOVE_ACCESS, None, sch.units["11А"]),
                     (TaskKind.RENAME_UNIT, None, sch.units["5А"]),
                     (TaskKind.RENAME_UNIT, None, sch.units["5Б"]),
                     (TaskKind.RENAME_UNIT, None, sch.units["9А"])]
    texts = [t.description for t in services.platform.list_tasks()]
    assert "(2 чел.)" in texts[1]
    assert texts[2] == "Переименовать «5А» в «6А» на платформе (и его чаты)"
    assert link.id
    left = raw_sql(f"SELECT left_on FROM person WHERE id = {graduate}")[0][0]
    assert left == dt.date(start, 8, 31).isoformat()
    pupil = sch.pupils["5А"][0]
    history = [(r.on, r.what) for r in services.movement.history(pupil).rows]
    assert (dt.date(start, 9, 1), "Переведён(а) из «5А» в «6А»") in history
    assert history[0][1] == "Зачислен(а) в «5А»"
    # A pupil's whole history survives the year change; the graduates' too.
    grad_history = [r.what for r in services.movement.history(graduate).rows]
    assert grad_history[:1] == ["Зачислен(а) в «11А»"] and "Выбыл(а)" in grad_history
    with pytest.raises(UserError, match="уже сменился"):
        services.movement.start_new_year(plan)


def test_a_chain_of_renames_does_not_collide(built):
    services, _sch = built
    services.structure.create_unit("6А")
    services.movement.start_new_year(services.movement.preview_new_year())
    names = sorted(u.name for u in services.structure.list_units() if u.kind == "regular")
    assert "6А" in names and "7А" in names


def test_edited_plan_merges_units_and_keeps_others(built, tasks_of):
    services, sch = built
    pupil = sch.pupils["5Б"][0]
    services.invitations.set_joined([sch.mothers[pupil]])
    plan = services.movement.preview_new_year()
    by_name = {u.name: u for u in plan.units}
    by_name["5Б"].new_name = "6А"  # 5А and 5Б re-formed into one 6А
    by_name["9А"].action, by_name["9А"].new_name = KEEP, "9А"
    assert plan.merges() == {"5А": ["5А", "5Б"]}
    services.movement.start_new_year(plan)
    rows = {u.name: u.students for u in services.structure.list_units()}
    assert rows["6А"] == 8 and rows["9А"] == 4
    assert services.people.get_student(pupil).unit == "6А"
    kinds = [k for k, _, _ in tasks_of(services)]
    assert TaskKind.MOVE_CHAT in kinds


def test_plan_refuses_stale_units(built):
    services, _ = built
    plan = services.movement.preview_new_year()
    services.structure.create_unit("1А")
    with pytest.raises(UserError, match="Предпросмотр устарел"):
        services.movement.start_new_year(plan)


def test_kindergarten_stage_names_and_age(kindergarten):
    services = kindergarten
    named = services.structure.create_unit("Средняя группа «Пчёлки»")
    ready = services.structure.create_unit("Ромашка")
    little = services.structure.create_unit("Солнышко")
    year = int(services.organization.academic_year()[:4]) + 1
    for n in range(3):
        services.people.save_student(StudentInput(f"Ребёнок Старший{'абв'[n]}",
                                                  dt.date(year - 7, 1 + n, 5), ready.id,
                                                  [GuardianInput("Мамина Ольга")]))
        services.people.save_student(StudentInput(f"Ребёнок Младший{'абв'[n]}",
                                                  dt.date(year - 4, 1 + n, 5), little.id))
    plan = {u.unit_id: u for u in services.movement.preview_new_year().units}
    assert (plan[named.id].action, plan[named.id].new_name) == (PROMOTE,
                                                                "Старшая группа «Пчёлки»")
    assert plan[ready.id].action == GRADUATE and "7 лет" in plan[ready.id].reason
    assert plan[little.id].action == KEEP


def test_stage_names():
    assert next_stage_name("Вторая младшая группа") == ("Средняя группа", False)
    assert next_stage_name("младшая «Зайка»") == ("средняя «Зайка»", False)
    assert next_stage_name("Подготовительная к школе") == (None, True)
    assert next_stage_name("Ромашка") == (None, False)
