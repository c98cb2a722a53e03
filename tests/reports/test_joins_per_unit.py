"""A join belongs to one unit's chat: a parent of two groups joined through one is joined
there only; «Итого» counts people and families once; old joins migrate to their units."""

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import create_engine

from sferum_desk.db import migrations
from sferum_desk.db.engine import open_database
from sferum_desk.services.dto import GuardianInput, StudentInput
from sferum_desk.services.invitations import SlipRequest

DAY = dt.date(2026, 10, 5)


@pytest.fixture
def garden(kindergarten):
    """A kindergarten: Солнышко and Ромашка; Петрова is the mother of a child in each, the
    other two children have a mother of their own."""
    services = kindergarten
    sun = services.structure.create_unit("Солнышко").id
    daisy = services.structure.create_unit("Ромашка").id
    shared = GuardianInput("Петрова Анна Сергеевна", "mother", "+79160000001")
    kids = {
        "sun_kid": services.people.save_student(StudentInput(
            "Петров Иван", dt.date(2021, 1, 1), sun, [shared])),
        "daisy_kid": services.people.save_student(StudentInput(
            "Петрова Ольга", dt.date(2022, 1, 1), daisy, [shared])),
        "sun_other": services.people.save_student(StudentInput(
            "Сидоров Лев", dt.date(2021, 2, 2), sun,
            [GuardianInput("Сидорова Мария", "mother", "+79160000002")])),
        "daisy_other": services.people.save_student(StudentInput(
            "Кузнецова Ева", dt.date(2022, 2, 2), daisy,
            [GuardianInput("Кузнецова Нина", "mother", "+79160000003")])),
    }
    mother = kids["sun_kid"].guardians[0].id
    assert kids["daisy_kid"].guardians[0].id == mother  # one person, two groups
    return services, {"sun": sun, "daisy": daisy}, mother, kids


def lines(services):
    report = services.reports.coverage()
    return {line.name: line for line in report.units}, report.total


def test_a_parent_joined_through_one_group_is_joined_there_only(garden):
    services, units, mother, _ = garden
    services.invitations.set_joined([mother], on=DAY, unit_id=units["sun"])
    by_name, total = lines(services)
    assert (by_name["Солнышко"].parents.joined, by_name["Солнышко"].parents.total) == (1, 2)
    assert (by_name["Ромашка"].parents.joined, by_name["Ромашка"].parents.total) == (0, 2)
    assert (total.parents.joined, total.parents.total) == (1, 3)  # three parents, not four
    daisy = services.invitations.audience_people(units["daisy"], "parents")
    assert all(p.joined_on is None for p in daisy)
    sun = {p.person_id: p.joined_on for p in
           services.invitations.audience_people(units["sun"], "parents")}
    assert sun[mother] == DAY
    missing = services.reports.missing(units["daisy"])
    assert "Петрова Анна Сергеевна" in [m.full_name for m in missing]


def test_totals_count_a_family_with_children_in_two_groups_once(garden):
    services, units, mother, _ = garden
    services.invitations.set_joined([mother], on=DAY, unit_id=units["sun"])
    services.invitations.set_joined([mother], on=DAY, unit_id=units["daisy"])
    by_name, total = lines(services)
    assert (by_name["Солнышко"].families.joined, by_name["Солнышко"].families.total) == (1, 2)
    assert (by_name["Ромашка"].families.joined, by_name["Ромашка"].families.total) == (1, 2)
    assert (total.families.joined, total.families.total) == (1, 3)
    assert (total.parents.joined, total.parents.total) == (1, 3)
    assert services.reports.coverage().growth[-1].parents == 1


def test_reprint_for_those_not_joined_means_not_joined_in_that_unit(garden, tmp_path):
    services, units, mother, _ = garden
    inv = services.invitations
    inv.add_link(units["sun"], "parents", "https://sferum.ru/?invite=SUN")
    inv.add_link(units["daisy"], "parents", "https://sferum.ru/?invite=DAISY")
    inv.set_joined([mother], on=DAY, unit_id=units["sun"])
    sun = inv.print_slips(SlipRequest([units["sun"]], "parents"), tmp_path / "sun.pdf")
    daisy = inv.print_slips(SlipRequest([units["daisy"]], "parents"), tmp_path / "daisy.pdf")
    assert (sun.slips, sun.skipped_joined) == (1, 1)
    assert (daisy.slips, daisy.skipped_joined) == (2, 0)  # she has not joined Ромашка yet


def test_clearing_a_join_in_one_unit_keeps_the_other(garden):
    services, units, mother, _ = garden
    inv = services.invitations
    inv.mark_all_joined(units["sun"], "parents", on=DAY)
    inv.mark_all_joined(units["daisy"], "parents", on=DAY)
    assert inv.set_joined([mother], joined=False, unit_id=units["sun"]) == 1
    by_name, total = lines(services)
    assert by_name["Солнышко"].parents.joined == 1 and by_name["Ромашка"].parents.joined == 2
    assert total.parents.joined == 3  # still on the platform through Ромашка
    assert services.platform.status(mother).joined_on == DAY
    inv.set_joined([mother], joined=False)
    assert lines(services)[1].parents.joined == 2


def test_a_transferred_child_takes_the_joins_along(garden):
    services, units, mother, kids = garden
    other_mother = kids["sun_other"].guardians[0].id
    services.invitations.set_joined([other_mother], on=DAY, unit_id=units["sun"])
    services.movement.transfer(kids["sun_other"].id, units["daisy"])
    by_name, _ = lines(services)
    assert by_name["Ромашка"].parents.joined == 1 and by_name["Солнышко"].parents.joined == 0


@pytest.mark.sqlite_only
def test_existing_joins_migrate_to_the_units_they_were_made_for(tmp_path):
    """A 0001 database: a teacher, a pupil, a parent of one class and a parent of two
    classes with a slip printed in one of them."""
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade(engine, "0001")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.executescript("""
        INSERT INTO organization (id, kind, full_name, short_name, address, head_name,
          admin_name, admin_phone, admin_email, admin_order_number, vocabulary_overrides,
          settings, version) VALUES (1, 'school', 'Школа', '', '', '', '', '', '', '', '{}',
          '{}', 1);
        INSERT INTO unit (id, name, kind, sort_order, version) VALUES
          (1, 'Учительская', 'staff_room', 0, 1), (2, '5А', 'regular', 0, 1),
          (3, '6Б', 'regular', 0, 1);
        INSERT INTO person (id, last_name, first_name, patronymic, name_key, phone, email,
          created_at, updated_at, version) VALUES
          (1, 'Учителева', 'Ольга', '', 'k1', '', '', '2026-09-01', '2026-09-01', 1),
          (2, 'Орлов', 'Иван', '', 'k2', '', '', '2026-09-01', '2026-09-01', 1),
          (3, 'Орлова', 'Анна', '', 'k3', '', '', '2026-09-01', '2026-09-01', 1),
          (4, 'Белова', 'Нина', '', 'k4', '', '', '2026-09-01', '2026-09-01', 1),
          (5, 'Белов', 'Лев', '', 'k5', '', '', '2026-09-01', '2026-09-01', 1),
          (6, 'Белова', 'Ева', '', 'k6', '', '', '2026-09-01', '2026-09-01', 1);
        INSERT INTO staff (id, person_id, position, platform_roles) VALUES (1, 1, 'Учитель', '[]');
        INSERT INTO student (id, person_id, unit_id) VALUES (1, 2, 2), (2, 5, 2), (3, 6, 3);
        INSERT INTO guardian (id, person_id) VALUES (1, 3), (2, 4);
        INSERT INTO guardian_link (guardian_id, student_id, relation) VALUES
          (1, 1, 'mother'), (2, 2, 'mother'), (2, 3, 'mother');
        INSERT INTO invitation (id, unit_id, audience, url, status, created_at, annul_reason)
          VALUES (1, 3, 'parents', 'https://sferum.ru/?invite=6B', 'active', '2026-09-01', '');
        INSERT INTO slip (invitation_id, person_id, print_batch, printed_at)
          VALUES (1, 4, 'b', '2026-09-02');
        INSERT INTO membership (person_id, joined_on, source, teacher_verified, extra_admin,
          chats_done) VALUES (1, '2026-09-03', 'manual', 0, 0, '[]'),
          (2, '2026-09-04', 'import', 0, 0, '[]'), (3, '2026-09-05', 'manual', 0, 0, '[]'),
          (4, '2026-09-06', 'manual', 0, 0, '[]');
        """)
    open_database(path).close()
    with sqlite3.connect(path) as raw:
        rows = raw.execute("SELECT person_id, unit_id, audience, joined_on, source "
                           "FROM unit_join ORDER BY person_id, unit_id").fetchall()
    assert rows == [(1, 1, "staff", "2026-09-03", "manual"),
                    (2, 2, "students", "2026-09-04", "import"),
                    (3, 2, "parents", "2026-09-05", "manual"),
                    (4, 3, "parents", "2026-09-06", "manual")]  # her slip names 6Б
