"""The set-based new year and erasure leave the same history, to-do list and audit records
as the one-person-at-a-time code did (golden files written by that code, see
outcome_snapshot.py). SFERUM_WRITE_GOLDEN=1 rewrites them (only from the old code)."""

from __future__ import annotations

import datetime as dt
import os

from outcome_snapshot import HERE, golden, marks, relative, snapshot

from sferum_desk.db.models import PlatformTask
from sferum_desk.services.dto import GuardianInput, StudentInput


def _check(name: str, text: str) -> None:
    if os.environ.get("SFERUM_WRITE_GOLDEN"):
        (HERE / f"{name}.golden.json").write_text(text, encoding="utf-8")
    assert text == golden(name)


def _start_year(services) -> int:
    return int(services.organization.academic_year()[:4])


def _families(services, sch) -> None:
    """Joined people in the graduating and the merged class, a link to annul, and a mother
    with a child in 11А and another in 5А (she stays: a child is still here)."""
    graduate, merged = sch.pupils["11А"][0], sch.pupils["5Б"][0]
    services.invitations.set_joined([graduate, sch.mothers[graduate], merged,
                                     sch.mothers[merged], sch.fathers[merged]])
    services.invitations.add_link(sch.units["11А"], "students",
                                  "https://sferum.ru/?invite=Class11A")
    services.invitations.add_link(sch.units["5Б"], "parents",
                                  "https://sferum.ru/?invite=Parents5B")
    other = sch.pupils["11А"][1]
    mother = services.movement.describe(sch.mothers[other]).full_name
    services.people.save_student(StudentInput(
        "Младшая Вера Петровна", dt.date(2016, 5, 1), sch.units["5А"],
        [GuardianInput(mother, "mother", "+79160030001")]))


def test_new_year_outcome_is_as_before(built, raw_sql):
    services, sch = built
    _families(services, sch)
    for name in ("7А", "8Б", "Коррекционная"):  # renamed together, and one kept
        services.structure.create_unit(name)
    plan = services.movement.preview_new_year()
    for unit in plan.units:
        if unit.name == "5Б":
            unit.new_name = "6А"  # re-formed into 5А's successor: its pupils move
    year = _start_year(services)
    before = marks(raw_sql)
    services.movement.start_new_year(plan)
    _check("new_year", snapshot(raw_sql, before, year))


def test_erasure_outcome_is_as_before(built, raw_sql, tmp_path, monkeypatch):
    import sferum_desk.printing.destruction_act as paper

    acts = []
    real = paper.destruction_act_pdf
    monkeypatch.setattr(paper, "destruction_act_pdf", lambda data: acts.append(data) or real(data))
    services, sch = built
    _families(services, sch)
    year = _start_year(services)
    services.movement.leave(sch.pupils["11А"][0])
    services.movement.leave(sch.pupils["11А"][1])  # her mother stays: a child in 5А
    services.movement.transfer(sch.pupils["5А"][1], sch.units["5Б"])
    services.movement.leave(sch.pupils["5А"][1])
    services.movement.leave(sch.staff["завхоз"])
    later = dt.date.today() + dt.timedelta(days=800)
    gone, stays = sch.pupils["11А"][0], sch.pupils["9А"][0]
    with services.db.unit_of_work() as session:  # texts that name them, kept by nobody
        for text in (f"Проверить {sch.names[gone]}, тел. +79160030000", sch.names[stays],
                     f"Позвонить: {sch.names[sch.mothers[gone]]} / {sch.names[stays]}"):
            session.add(PlatformTask(kind="remove_access", description=text))
    before = marks(raw_sql)
    result = services.destruction.erase_left(365, tmp_path / "act.pdf", today=later)
    counts = (result.erasure.people, result.erasure.students, result.erasure.staff,
              result.erasure.guardians)
    people = [[p.full_name, p.role, p.left_on.isoformat(), list(p.data)] for p in acts[0].people]
    texts = raw_sql("SELECT id, description FROM platform_task ORDER BY id")  # scrubbed
    _check("erasure", relative(f"{counts}\n{people}\n{texts}\n", year)
           + snapshot(raw_sql, before, year))
