"""A large school for benchmarks: 10,000 pupils with two parents each, staff, classes, links,
printed slips, joins, a 10,000-pupil act and 2,800 people who left long ago — in seconds.

    /work/venv/bin/python benchmarks/school_10k.py OUT.sqlite3 [--pupils 10000]

The schema comes from `open_database` (the real migrations); the organisation card and the act
go through the services; the people, classes, links, slips and joins are bulk Core inserts
with fixed seeds, so every build is the same file.

What is in it (for --pupils N, default 10,000):
- 11 grades × 27 letters = 297 classes («1А» … «11Я»), the staff room;
- N pupils in them, each with a mother and a father (2N parents, phones);
- one curator per class plus 100 other staff (platform roles);
- a link per class for parents, for pupils from grade 5 on, one for the staff room;
- fathers, half the pupils and most staff have joined (a membership and the join row of their
  class's chat, which `slips --named` reads); the fathers got a slip first, so the mothers
  (N people, one parent per pupil) are still to be given named slips;
- an act «для обучающихся» for every pupil (the sheet of N people);
- N × 0.0934 pupils who left 400 days ago with their parents (about 2,800 people at N =
  10,000), the work of `erase-left --days 365`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

GRADES = range(1, 12)
LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"
LEFT_SHARE = 0.0934  # 934 pupils and their 1,868 parents at 10,000 pupils: ~2,800 people
LEFT_DAYS_AGO = 400
OTHER_STAFF = 100

SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
            "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
            "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов",
            "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов",
            "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов",
            "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв", "Ильин", "Максимов",
            "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов"]
MALE = ["Александр", "Максим", "Артём", "Михаил", "Иван", "Дмитрий", "Матвей", "Лев",
        "Тимофей", "Марк", "Фёдор", "Егор", "Роман", "Кирилл", "Никита", "Семён"]
FEMALE = ["Анна", "София", "Мария", "Алиса", "Ева", "Виктория", "Полина", "Василиса",
          "Ксения", "Дарья", "Варвара", "Алёна", "Елена", "Ольга", "Татьяна", "Наталья"]
FATHERS = {"Андрей": "Андреев", "Сергей": "Сергеев", "Алексей": "Алексеев", "Павел": "Павлов",
           "Олег": "Олегов", "Николай": "Николаев", "Пётр": "Петров", "Игорь": "Игорев"}
TOKEN = "abcdefghijkmnpqrstuvwxyz23456789"


def _female(surname: str) -> str:
    return surname + "а" if surname.endswith(("ов", "ев", "ёв", "ин")) else surname


class _People:
    """Rows of `person` and its role tables, with ids handed out here (one bulk insert)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.persons: list[dict] = []
        self.next_phone = 9_160_000_000

    def add(self, last: str, first: str, patronymic: str, birth: dt.date | None = None,
            phone: bool = False, left_on: dt.date | None = None) -> int:
        from sferum_desk.domain.names import FullName, name_key

        person_id = len(self.persons) + 1
        number = ""
        if phone:
            self.next_phone += 1
            number = f"+7{self.next_phone}"
        self.persons.append({
            "id": person_id, "last_name": last, "first_name": first, "patronymic": patronymic,
            "name_key": name_key(FullName(last, first, patronymic)), "birth_date": birth,
            "phone": number, "email": "", "left_on": left_on})
        return person_id

    def child(self, surname: str, father: str, born: dt.date,
              left_on: dt.date | None = None) -> int:
        girl = self.rng.random() < 0.5
        stem = FATHERS[father]
        return self.add(_female(surname) if girl else surname,
                        self.rng.choice(FEMALE if girl else MALE),
                        stem + ("на" if girl else "ич"), born, left_on=left_on)


def _bulk(session, model, rows: list[dict]) -> None:
    """One Core executemany: the ORM's bulk path would run one statement a row here."""
    if rows:
        session.connection().execute(model.__table__.insert(), rows)


def build(path: Path, pupils: int = 10_000, seed: int = 17) -> dict[str, int]:
    """Write the school into a new file `path`; returns how many rows of each kind."""
    from sqlalchemy import select

    from sferum_desk.db.engine import open_database
    from sferum_desk.db.models import (
        Enrolment, Guardian, GuardianLink, Invitation, Membership, Slip, Staff, Student, Unit,
        UnitJoin,
    )
    from sferum_desk.db.models import Person as PersonTable
    from sferum_desk.services import Services
    from sferum_desk.services.acknowledgements import ActInput, AudienceInput
    from sferum_desk.services.dto import OrganizationData
    from sferum_desk.services.organization import current_year

    if path.exists():
        raise SystemExit(f"{path} already exists")
    rng = random.Random(seed)
    db = open_database(path)
    services = Services.over(db)
    services.organization.save(OrganizationData(
        kind="school", full_name="Муниципальное бюджетное общеобразовательное учреждение "
                                 "«Средняя общеобразовательная школа № 17»",
        short_name="МБОУ «СОШ № 17»", address="г. Калуга, ул. Школьная, д. 1",
        head_name="Соколова Ирина Владимировна", admin_name="Лебедева Марина Сергеевна",
        admin_phone="+79105551234", admin_email="school17@example.ru"))
    today = dt.date.today()
    left_on = today - dt.timedelta(days=LEFT_DAYS_AGO)
    people = _People(rng)
    with db.unit_of_work() as session:
        year = current_year(session)
        staff_room = session.scalar(select(Unit.id).where(Unit.kind == "staff_room"))
        # Staff: a curator per class, then the others.
        classes = [(grade, letter) for grade in GRADES for letter in LETTERS]
        staff_rows, staff_people = [], []
        for index in range(len(classes) + OTHER_STAFF):
            female = index % 5 != 0
            surname = rng.choice(SURNAMES)
            father = rng.choice(list(FATHERS))
            person_id = people.add(_female(surname) if female else surname,
                                   rng.choice(FEMALE if female else MALE),
                                   FATHERS[father] + ("на" if female else "ич"), phone=True)
            curator = index < len(classes)
            staff_rows.append({"id": index + 1, "person_id": person_id,
                               "position": "Учитель" if curator else "Педагог дополнительного "
                                                                      "образования",
                               "platform_roles": ["teacher", "curator"] if curator
                               else ["teacher"]})
            staff_people.append(person_id)
        unit_rows = [{"id": staff_room + 1 + i, "name": f"{grade}{letter}", "kind": "regular",
                      "academic_year_id": year.id, "curator_id": i + 1, "sort_order": i}
                     for i, (grade, letter) in enumerate(classes)]
        # Pupils: spread evenly over the classes; each with a mother and a father.
        students, enrolments, guardians, links = [], [], [], []
        pupil_people, fathers, mothers = [], [], []
        left_count = round(pupils * LEFT_SHARE)
        for index in range(pupils + left_count):
            left = index >= pupils
            unit = unit_rows[index % len(unit_rows)]
            grade = classes[index % len(classes)][0]
            born = dt.date(year.starts_on.year - 6 - grade, rng.randint(1, 12),
                           rng.randint(1, 28))
            surname, father = rng.choice(SURNAMES), rng.choice(list(FATHERS))
            pupil = people.child(surname, father, born, left_on=left_on if left else None)
            student_id = len(students) + 1
            students.append({"id": student_id, "person_id": pupil,
                             "unit_id": None if left else unit["id"]})
            enrolments.append({"student_id": student_id, "unit_id": unit["id"],
                               "started_on": year.starts_on - dt.timedelta(days=730) if left
                               else year.starts_on,
                               "ended_on": left_on if left else None})
            mother = people.add(_female(surname), rng.choice(FEMALE),
                                rng.choice(list(FATHERS.values())) + "на", phone=True,
                                left_on=left_on if left else None)
            dad = people.add(surname, father, rng.choice(list(FATHERS.values())) + "ич",
                             phone=True, left_on=left_on if left else None)
            for relation, parent in (("mother", mother), ("father", dad)):
                guardians.append({"id": len(guardians) + 1, "person_id": parent})
                links.append({"guardian_id": guardians[-1]["id"], "student_id": student_id,
                              "relation": relation})
            if not left:
                pupil_people.append((pupil, unit["id"], grade))
                fathers.append((dad, unit["id"]))
                mothers.append(mother)
        _bulk(session, PersonTable, people.persons)
        _bulk(session, Staff, staff_rows)
        _bulk(session, Unit, unit_rows)
        _bulk(session, Student, students)
        _bulk(session, Enrolment, enrolments)
        _bulk(session, Guardian, guardians)
        _bulk(session, GuardianLink, links)
        # Links: parents of every class, pupils from grade 5, the staff room.
        invitations, parents_link = [], {}
        for unit in [{"id": staff_room}] + unit_rows:
            grade = int(unit["name"][:-1]) if "name" in unit else 0
            audiences = ["staff"] if not grade else ["parents"] + (["students"] if grade >= 5
                                                                   else [])
            for audience in audiences:
                token = "".join(rng.choice(TOKEN) for _ in range(16))
                invitations.append({"id": len(invitations) + 1, "unit_id": unit["id"],
                                    "audience": audience, "status": "active",
                                    "url": f"https://sferum.ru/?invite={token}"})
                if audience == "parents":
                    parents_link[unit["id"]] = len(invitations)
        _bulk(session, Invitation, invitations)
        # The fathers got named slips and joined; half the pupils and most staff joined too.
        handed = today - dt.timedelta(days=30)
        _bulk(session, Slip, [
            {"invitation_id": parents_link[unit_id], "person_id": dad, "print_batch": "bench",
             "handed_out_on": handed} for dad, unit_id in fathers])
        joined = ([dad for dad, _ in fathers] + [p for p, _, _ in pupil_people[::2]]
                  + staff_people[:int(len(staff_people) * 0.9)])
        _bulk(session, Membership, [
            {"person_id": pid, "joined_on": handed + dt.timedelta(days=pid % 25),
             "source": "manual"} for pid in joined])
        # Their join rows too: `slips --named` skips who joined the class's chat (UnitJoin),
        # so without these the fathers would get slips again (20,000 slips, not 10,000).
        chats = ([(dad, unit_id, "parents") for dad, unit_id in fathers]
                 + [(p, unit_id, "students") for p, unit_id, grade in pupil_people[::2]
                    if grade >= 5]
                 + [(p, staff_room, "staff") for p in staff_people[:int(len(staff_people) * 0.9)]])
        _bulk(session, UnitJoin, [
            {"person_id": pid, "unit_id": unit_id, "audience": audience,
             "joined_on": handed + dt.timedelta(days=pid % 25), "source": "manual"}
            for pid, unit_id, audience in chats])
    services.acknowledgements.add_act(ActInput(
        doc_type="Положение", title="Об использовании платформы «Сферум» обучающимися",
        number="17-о", issued_on=dt.date(today.year, 9, 1),
        audience=AudienceInput(kind="students", everyone=True)))
    counts = services.people.stats()
    db.close()
    return {"pupils": counts.students, "parents": counts.guardians, "staff": counts.staff,
            "units": len(unit_rows), "links": len(invitations), "left": left_count * 3,
            "to_slip": len(mothers)}


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("out", type=Path)
    options.add_argument("--pupils", type=int, default=10_000)
    args = options.parse_args()
    started = time.perf_counter()
    counts = build(args.out, args.pupils)
    print(f"{args.out}: " + ", ".join(f"{k} {v}" for k, v in counts.items())
          + f" ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
