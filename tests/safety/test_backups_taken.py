"""A verified backup before every import, migration, bulk change and deletion: each path is
run and the backups folder is looked at."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from safety_helpers import write_roster

from sferum_desk.services.acknowledgements import ActInput
from sferum_desk.services.dto import StaffInput
from sferum_desk.services.invitations import SlipRequest

pytestmark = pytest.mark.sqlite_only

URL = "https://sferum.ru/?invite=Gq7xR2mPzL4kTt9wQ1sDfE"
URL_2 = "https://sferum.ru/?invite=Zx8cV7bN6mL5kJ4hG3fD2s"


@pytest.fixture
def busy(school, tmp_path):
    """A school with imported pupils, staff, a link, printed slips and an act."""
    school.roster.apply(school.roster.inspect(write_roster(tmp_path / "р.xlsx", 12, "1А"),
                                              "students"))
    for name in ("Гусева Алла Ивановна", "Титов Марк Ильич"):
        school.people.save_staff(StaffInput(name, "Учитель"))
    unit = next(u for u in school.structure.list_units() if u.name == "1А")
    school.invitations.add_link(unit.id, "parents", URL)
    school.invitations.add_link(unit.id, "students", URL_2)
    school.invitations.print_slips(SlipRequest([unit.id], "parents"), tmp_path / "к.pdf")
    act = school.acknowledgements.add_act(ActInput("Положение", "О работе в «Сферуме»"))
    return school, unit, act


def backups(services) -> list[str]:
    folder = services.db.backups_dir
    return sorted(p.name for p in folder.glob("*.sqlite3")) if folder.exists() else []


def new_backup(services, action) -> str:
    before = set(backups(services))
    action()
    added = [name for name in backups(services) if name not in before]
    assert len(added) == 1, added
    with closing(sqlite3.connect(services.db.backups_dir / added[0])) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"  # verified
    return added[0]


def test_every_risky_step_backs_up_first(busy, tmp_path):
    services, unit, act = busy
    pupils = [s.id for s in services.people.list_students()]
    staff = [s.id for s in services.people.list_staff()]
    parents = [g.id for g in services.people.list_guardians()]
    roster = write_roster(tmp_path / "ещё.xlsx", 5, "2Б", seed=3)
    inv, ack = services.invitations, services.acknowledgements
    links = [link.id for link in inv.list_links()]
    batch = inv.list_batches()[0].batch
    steps = {
        "before-import": lambda: services.roster.apply(services.roster.inspect(roster,
                                                                               "students")),
        "before-undo-import": services.roster.undo_last,
        "before-mark-joined": lambda: inv.set_joined(pupils[:5]),
        "before-mark-signed": lambda: ack.mark_signed(act.id, staff),
        "before-mark-handed-out": lambda: inv.set_handed_out(unit.id, "parents", parents[:3]),
        "before-annul": lambda: inv.annul_links(links),
        "before-delete": lambda: services.people.delete_people(pupils[-2:]),
        "before-delete-act": lambda: ack.delete_act(act.id),
    }
    for reason, step in steps.items():
        assert new_backup(services, step).endswith(f"-{reason}.sqlite3"), reason
    assert new_backup(services, lambda: inv.set_batch_handed_out(batch)).endswith(
        "-before-mark-handed-out.sqlite3")
    empty = services.structure.create_unit("9Я")
    assert new_backup(services, lambda: services.structure.delete_unit(empty.id)) \
        .endswith("-before-delete.sqlite3")


def test_a_single_click_takes_no_backup(busy):
    services, _, _ = busy
    pupil = services.people.list_students()[0].id
    before = backups(services)
    services.invitations.set_joined([pupil])
    services.people.save_staff(StaffInput("Юдина Ия Петровна"))
    assert backups(services) == before
