"""Erasing people who left long ago: nothing of their names stays in the database file."""

import datetime as dt
import sqlite3

import pytest

from sferum_desk.domain.errors import UserError
from sferum_desk.services.dto import GuardianInput, StudentInput


def file_bytes(path) -> bytes:
    """The database file and its WAL, as the disk holds them."""
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        data += wal.read_bytes()
    return data


def traces(data: bytes, *texts: str) -> list[str]:
    return [t for t in texts if t.encode("utf-8") in data]


@pytest.mark.sqlite_only
def test_erasure_leaves_no_trace_of_the_names_in_the_file(built, db_path, today):
    services, sch = built
    pupil = services.people.save_student(StudentInput(
        "Стираемый Евлампий Аристархович", "03.04.2015", sch.units["5А"],
        [GuardianInput("Стираемая Аглая Феоктистовна", "mother", "+79169998877")])).id
    mother = services.people.get_student(pupil).guardians[0].id
    services.invitations.set_joined([pupil, mother])
    services.movement.transfer(pupil, sch.units["5Б"])  # tasks that name them
    services.movement.leave(pupil)
    names = ("Стираемый Евлампий", "Евлампий Аристархович", "Стираемая Аглая",
             "Аглая Феоктистовна", "+79169998877", "Стираемый")
    assert traces(file_bytes(db_path), *names)  # before: the names are in the file

    assert services.movement.retention_candidates(30, today + dt.timedelta(days=20)) == []
    later = today + dt.timedelta(days=400)
    candidates = services.movement.retention_candidates(365, later)
    assert {c.person_id for c in candidates} == {pupil, mother}
    result = services.movement.erase_left(365, later)
    assert (result.people, result.students, result.guardians, result.staff) == (2, 1, 1, 0)
    assert services.movement.erased_counts() == {"students": 1, "staff": 0, "guardians": 1}

    assert traces(file_bytes(db_path), *names) == []
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    # The safety copy taken before the erasure is gone; earlier copies are reported.
    assert not [p for p in db_path.parent.joinpath("backups").glob("*before-erase*")]
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # The rest of the school is intact and the app keeps working on the same file.
    assert len(services.people.list_students()) == 16
    services.movement.transfer(sch.pupils["5А"][0], sch.units["5Б"])


def test_nothing_to_erase_is_a_sentence(built, today):
    services, _ = built
    with pytest.raises(UserError, match="стирать нечего"):
        services.movement.erase_left(30, today)
    with pytest.raises(UserError, match="отрицательным"):
        services.movement.retention_candidates(-1)


def test_erased_staff_task_texts_are_scrubbed(built, today, raw_sql):
    services, sch = built
    teacher = sch.staff["9А"]
    services.invitations.set_joined([teacher])
    services.movement.leave(teacher)
    services.movement.erase_left(10, today + dt.timedelta(days=30))
    assert raw_sql("SELECT count(*) FROM platform_task")[0][0] == 0  # went with the person
    assert all(sch.names[teacher] not in str(row) for row in raw_sql(
        "SELECT details FROM history_event"))


@pytest.mark.sqlite_only
def test_a_namesake_who_stays_does_not_fail_the_check(built, db_path, today):
    """The longest forms are the leaver's full name and phone; a remaining namesake with the
    same phone keeps them in the file, so they are not looked for and the erasure ends."""
    from sferum_desk.db.erasure import VERIFIED_FORMS
    from sferum_desk.services.erasure import _not_of_others

    services, sch = built
    name, phone = "Длиннофамильный-Тёзкин Варфоломей Аристархович", "+79160001122"
    pupils = [services.people.save_student(StudentInput(
        name, "03.04.2015", sch.units[unit], [GuardianInput(
            "Длиннофамильная-Тёзкина Аглая Феоктистовна", "mother", phone)])).id
        for unit in ("5А", "5Б")]
    services.movement.leave(pupils[0])
    later = today + dt.timedelta(days=400)
    services.movement.erase_left(365, later)
    assert services.people.get_student(pupils[1]).full_name == name
    assert name.replace(" ", "").encode("utf-8") in file_bytes(db_path)
    with services.db.unit_of_work() as session:
        forms = [name, phone, "Длиннофамильный-Тёзкин Варфоломей", "Ушедшая-Навсегда Анна"]
        assert _not_of_others(session, forms) == ["Ушедшая-Навсегда Анна"]
        # Without a patronymic the leaver's full name is a remaining person's «Фамилия Имя».
        assert _not_of_others(session, ["Длиннофамильный-Тёзкин Варфоломей"]) == []
        assert _not_of_others(session, [name.replace(" ", "")]) == []  # the stored form
        many = [f"Ушедший-{n:03} Иван Иванович" for n in range(3 * VERIFIED_FORMS)]
        assert len(_not_of_others(session, [name] * 200 + many)) == VERIFIED_FORMS


def test_the_forms_looked_for_go_past_many_shared_ones(built, monkeypatch):
    """When the longest forms are all namesakes', the next ones are looked at in turn."""
    from sferum_desk.services import erasure

    services, _ = built
    monkeypatch.setattr(erasure, "VERIFIED_FORMS", 1)  # 16 forms per look
    stay = [p.full_name for p in services.people.list_students()]
    assert len(stay) >= 16
    padded = [name + "Ё" * 40 for name in stay[:1]]  # the longest, and nobody's
    short = "Ушедший Ё"  # shorter than every remaining full name, and nobody's
    with services.db.unit_of_work() as session:
        assert erasure._not_of_others(session, stay + [short]) == [short]
        assert erasure._not_of_others(session, stay + padded) == padded
