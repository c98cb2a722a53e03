"""Coverage and the head's report on a large school, through the public CLI.

    python benchmarks/coverage_bench.py [--pupils 10000] [--runs 3] [--keep DIR]

Builds (once, with bulk inserts) a school of N pupils in units of 25, two parents each
(every 20th family has a second child in another class, so parents are shared), 60 staff,
links for every unit, slips for half the parents and joins for a third of them; then times
each process from start to exit:
    coverage --json, report --out x.pdf, report --out x.xlsx, export students.
Issue #17's goals: 0.4 s, 0.8 s, 2 s, 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOALS = {"coverage --json": 0.4, "report --out x.pdf": 0.8, "report --out x.xlsx": 2.0,
         "export students": 2.0}


def build(path: Path, pupils: int) -> None:
    from sqlalchemy import insert

    from sferum_desk.db.engine import open_database
    from sferum_desk.db.models import (
        Guardian, GuardianLink, Invitation, Membership, Person, Slip, Staff, Student, Unit,
        UnitJoin,
    )
    from sferum_desk.services import Services
    from sferum_desk.services.dto import OrganizationData

    db = open_database(path)
    services = Services.over(db)
    services.organization.save(OrganizationData(kind="school", full_name="Школа № 1"))
    year = services.structure.list_units()[0]  # the staff room exists already
    staff_room = year.id
    now = dt.datetime(2026, 9, 1)
    day = dt.date(2026, 9, 10)
    units = [(i + 2, f"{i % 11 + 1}{'АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ'[i // 11 % 27]}{i // 297 or ''}")
             for i in range(pupils // 25)]
    person_rows, staff_rows, student_rows, guardian_rows, link_rows = [], [], [], [], []
    pid = 0

    def person(last: str, first: str) -> int:
        nonlocal pid
        pid += 1
        person_rows.append({"id": pid, "last_name": last, "first_name": first,
                            "patronymic": "Иванович", "name_key": f"{last} {first}".lower(),
                            "phone": f"+7916{pid:07d}", "email": "", "created_at": now,
                            "updated_at": now, "version": 1})
        return pid

    for n in range(60):
        staff_rows.append({"person_id": person(f"Учителев{n}", "Олег"), "position": "Учитель",
                           "platform_roles": ["teacher"]})
    guardians: list[int] = []
    for n in range(pupils):
        unit_id = units[n % len(units)][0]
        sid = n + 1
        student_rows.append({"id": sid, "person_id": person(f"Ученик{n}", "Иван"),
                             "unit_id": unit_id})
        if n % 20 == 19:  # a sibling: the same two parents as the previous pupil
            link_rows += [{"guardian_id": g, "student_id": sid, "relation": "mother"}
                          for g in guardians[-2:]]
            continue
        for relation in ("mother", "father"):
            gid = len(guardian_rows) + 1
            guardian_rows.append({"id": gid, "person_id": person(f"Родитель{n}", relation)})
            guardians.append(gid)
            link_rows.append({"guardian_id": gid, "student_id": sid, "relation": relation})
    with db.unit_of_work() as session:
        session.execute(insert(Unit), [{"id": uid, "name": name, "kind": "regular",
                                        "sort_order": 0, "version": 1} for uid, name in units])
        session.execute(insert(Person), person_rows)
        session.execute(insert(Staff), staff_rows)
        session.execute(insert(Student), student_rows)
        session.execute(insert(Guardian), guardian_rows)
        session.execute(insert(GuardianLink), link_rows)
        session.execute(insert(Invitation), [
            {"id": uid, "unit_id": uid, "audience": "parents", "url": f"https://sferum.ru/?i={uid}",
             "status": "active", "created_at": now, "annul_reason": ""} for uid, _ in units]
            + [{"id": 1, "unit_id": staff_room, "audience": "staff", "status": "active",
                "url": "https://sferum.ru/?i=staff", "created_at": now, "annul_reason": ""}])
        unit_of = {row["id"]: row["unit_id"] for row in student_rows}
        gperson = {row["id"]: row["person_id"] for row in guardian_rows}
        slips, joins, members = [], [], set()
        for index, link in enumerate(link_rows):
            parent, unit_id = gperson[link["guardian_id"]], unit_of[link["student_id"]]
            if index % 2 == 0:
                slips.append({"invitation_id": unit_id, "person_id": parent, "print_batch": "b",
                              "printed_at": now, "handed_out_on": day if index % 4 else None})
            if index % 3 == 0:
                joins.append({"person_id": parent, "unit_id": unit_id, "audience": "parents",
                              "joined_on": day, "source": "manual"})
                members.add(parent)
        session.execute(insert(Slip), slips)
        session.execute(insert(UnitJoin), [dict(t) for t in {tuple(j.items()) for j in joins}])
        session.execute(insert(Membership), [
            {"person_id": p, "joined_on": day, "source": "manual", "teacher_verified": False,
             "extra_admin": False, "chats_done": []} for p in members])
    db.close()


def timed(args: list[str], db: Path, runs: int) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "sferum_desk", "--db", str(db), *args],
                              env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{args}: exit {done.returncode}: {done.stderr.strip()}")
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) here")
    options = parser.parse_args()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="coverage-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"school-{options.pupils}.sqlite3"
    if not db.exists():
        start = time.perf_counter()
        build(db, options.pupils)
        print(f"built {db} in {time.perf_counter() - start:.1f} s")
    jobs = {"coverage --json": ["coverage", "--json"],
            "report --out x.pdf": ["report", "--out", str(folder / "x.pdf")],
            "report --out x.xlsx": ["report", "--out", str(folder / "x.xlsx")],
            "export students": ["export", "students", "--out", str(folder / "s.xlsx")]}
    floor = timed(["--version"], db, options.runs)
    print(f"{'job':24} {'median s':>9} {'goal s':>7}   (process start alone: {floor:.2f} s)")
    for name, args in jobs.items():
        print(f"{name:24} {timed(args, db, options.runs):9.2f} {GOALS[name]:7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
