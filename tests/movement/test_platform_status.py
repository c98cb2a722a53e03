"""Per-person platform status: joined, teacher verified, additional administrator, chats."""

import datetime as dt

import pytest

from sferum_desk.domain.errors import UserError
from sferum_desk.domain.platform import TaskKind


def test_status_roles_and_required_chats(built):
    services, sch = built
    curator = services.platform.status(sch.staff["5А"])
    assert curator.roles == ("staff", "curator") and curator.is_teacher
    assert [c.name for c in curator.chats] == ["Преподаватели", "Группы", "Родители"]
    assert not curator.joined
    pupil = sch.pupils["5А"][0]
    assert [c.name for c in services.platform.status(pupil).chats] == ["Группы"]
    assert [c.name for c in services.platform.status(sch.mothers[pupil]).chats] == ["Родители"]
    caretaker = services.platform.status(sch.staff["завхоз"])
    assert caretaker.roles == ("staff",) and not caretaker.is_teacher


def test_chats_are_ticked_only_after_joining(built):
    services, sch = built
    teacher = sch.staff["9А"]
    with pytest.raises(UserError, match="сначала отметьте присоединение"):
        services.platform.set_chat_done(teacher, "Группы")
    services.invitations.set_joined([teacher], on=dt.date(2026, 9, 3))
    status = services.platform.set_chat_done(teacher, "Группы")
    assert [(c.name, c.done) for c in status.chats] == [
        ("Преподаватели", False), ("Группы", True), ("Родители", False)]
    assert status.joined_on == dt.date(2026, 9, 3)
    with pytest.raises(UserError, match="не обязателен"):
        services.platform.set_chat_done(teacher, "Общий канал")
    status = services.platform.set_chat_done(teacher, "Группы", done=False)
    assert not any(c.done for c in status.chats)


def test_extra_admin_only_for_a_joined_verified_teacher(built):
    services, sch = built
    teacher, caretaker = sch.staff["5А"], sch.staff["завхоз"]
    refusal = ("Дополнительным администратором можно назначить только педагога, который "
               "присоединился к платформе и чей статус подтверждён.")
    with pytest.raises(UserError) as info:
        services.platform.set_extra_admin(teacher)  # not joined
    assert info.value.message == refusal
    services.invitations.set_joined([teacher, caretaker])
    with pytest.raises(UserError, match="подтверждён"):
        services.platform.set_extra_admin(teacher)  # joined, not verified
    with pytest.raises(UserError, match="не педагог"):
        services.platform.set_teacher_verified(caretaker)
    with pytest.raises(UserError, match="подтверждён"):
        services.platform.set_extra_admin(caretaker)
    services.platform.set_teacher_verified(teacher)
    assert services.platform.set_extra_admin(teacher).extra_admin
    # Withdrawing the verification withdraws the rights too.
    assert not services.platform.set_teacher_verified(teacher, False).extra_admin


def test_verifying_closes_the_confirm_task(built):
    services, sch = built
    teacher = sch.staff["11А"]
    services.invitations.set_joined([teacher])
    services.platform.reconcile_tasks()
    assert [t.kind for t in services.platform.list_tasks()] == [TaskKind.CONFIRM_TEACHER.value]
    services.platform.set_teacher_verified(teacher)
    assert services.platform.list_tasks() == []
    assert services.platform.list_tasks(include_done=True)[0].done


def test_ticking_an_annul_task_annuls_the_link(built):
    services, sch = built
    link = services.invitations.add_link(sch.units["11А"], "parents",
                                         "https://sferum.ru/?invite=Graduates11A")
    plan = services.movement.preview_new_year()
    services.movement.start_new_year(plan)
    annul = [t for t in services.platform.list_tasks() if t.kind == TaskKind.ANNUL_LINK.value]
    assert len(annul) == 1 and "11А" in annul[0].description
    services.platform.set_task_done(annul[0].id)
    row = next(r for r in services.invitations.list_links() if r.id == link.id)
    assert row.status == "annulled"


def test_unknown_task_is_refused(built):
    services, _ = built
    with pytest.raises(UserError, match="Задачи № 999 нет"):
        services.platform.set_task_done(999)


def test_list_statuses_skips_people_who_left(built):
    services, sch = built
    before = len(services.platform.list_statuses())
    services.movement.leave(sch.staff["завхоз"])
    assert len(services.platform.list_statuses()) == before - 1
