"""A ready-made demo kindergarten: 6 groups, 120 children with parents, 25 staff.

Generated from fixed seeds so that every demo (and every screenshot) looks the same.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

from sqlalchemy import insert, select

from sferum_desk.db.models import (
    Enrolment, Guardian, GuardianLink, Person, Staff, Student, Unit,
)
from sferum_desk.domain.enums import PlatformRole, UnitKind
from sferum_desk.domain.kinds import OrgKind
from sferum_desk.domain.names import FullName, name_key
from sferum_desk.services import Services
from sferum_desk.services.acknowledgements import ActInput
from sferum_desk.services.dto import OrganizationData
from sferum_desk.services.invitations import SlipRequest
from sferum_desk.services.organization import current_year

MALE_FIRST = ["Александр", "Максим", "Артём", "Михаил", "Иван", "Дмитрий", "Матвей", "Лев",
              "Тимофей", "Марк", "Фёдор", "Егор", "Роман", "Кирилл", "Никита", "Семён"]
FEMALE_FIRST = ["Анна", "София", "Мария", "Алиса", "Ева", "Виктория", "Полина", "Василиса",
                "Ксения", "Дарья", "Варвара", "Алёна", "Елена", "Ольга", "Татьяна", "Наталья"]
FATHERS = ["Андрей", "Сергей", "Алексей", "Евгений", "Павел", "Олег", "Николай", "Юрий",
           "Пётр", "Владимир", "Константин", "Григорий"]
SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
            "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
            "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов",
            "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов",
            "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов",
            "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв", "Ильин", "Максимов",
            "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов",
            "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев",
            "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов", "Марков"]
GROUPS = [("Ромашка", 2021), ("Солнышко", 2021), ("Звёздочка", 2020), ("Колокольчик", 2020),
          ("Светлячок", 2019), ("Радуга", 2019)]
POSITIONS = ["Воспитатель"] * 12 + ["Помощник воспитателя"] * 4 + [
    "Музыкальный руководитель", "Инструктор по физической культуре", "Педагог-психолог",
    "Учитель-логопед", "Старший воспитатель", "Медицинская сестра", "Делопроизводитель",
    "Заместитель заведующего", "Заведующий хозяйством"]


def _female(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв", "ин")):
        return surname + "а"
    return surname


def _patronymic(father: str, female: bool) -> str:
    stems = {"Пётр": "Петров", "Павел": "Павлов", "Лев": "Львов", "Юрий": "Юрьев",
             "Евгений": "Евгеньев", "Григорий": "Григорьев", "Сергей": "Сергеев",
             "Алексей": "Алексеев", "Андрей": "Андреев", "Николай": "Николаев",
             "Дмитрий": "Дмитриев", "Матвей": "Матвеев", "Тимофей": "Тимофеев",
             "Фёдор": "Фёдоров"}
    stem = stems.get(father, father + "ов")
    return stem + ("на" if female else "ич")


MOBILE_CODES = ["903", "905", "910", "915", "916", "920", "925", "926", "960", "961", "977",
                "985"]


def _phone(rng: random.Random) -> str:
    return f"+7{rng.choice(MOBILE_CODES)}{rng.randint(1000000, 9999999)}"


def _person_values(name: FullName, rng: random.Random, birth: dt.date | None = None,
                   phone: str = "", email: str = "") -> dict:
    return {"last_name": name.last, "first_name": name.first, "patronymic": name.patronymic,
            "name_key": name_key(name), "birth_date": birth, "phone": phone, "email": email}


def build_demo(services: Services, seed: int = 2026, with_activity: bool = True) -> None:
    """Fill an empty database with the demo kindergarten; with `with_activity`, also the
    links, printed slips, joins over the last weeks and a half-signed regulation that make
    every tab show something."""
    rng = random.Random(seed)
    services.organization.save(OrganizationData(
        kind=OrgKind.KINDERGARTEN.value,
        full_name="Муниципальное бюджетное дошкольное образовательное учреждение "
                  "«Детский сад № 17 „Берёзка“»",
        short_name="МБДОУ «Детский сад № 17»",
        address="г. Калуга, ул. Садовая, д. 12",
        head_name="Соколова Ирина Владимировна",
        admin_name="Лебедева Марина Сергеевна", admin_phone="+79105551234",
        admin_email="berezka17@example.ru", admin_order_number="45-о",
        admin_order_date=dt.date(2026, 9, 1)))
    with services.db.unit_of_work() as session:
        year = current_year(session)
        staff_ids = _add_staff(session, rng)
        for index, (group, born_year) in enumerate(GROUPS):
            unit = Unit(name=group, kind=UnitKind.REGULAR.value, academic_year_id=year.id,
                        curator_id=staff_ids[index], sort_order=index)
            session.add(unit)
            session.flush()
            for _ in range(20):
                _add_family(session, rng, unit.id, born_year, year.starts_on)
    if with_activity:
        _add_platform_activity(services, rng)
        _add_regulation(services, rng)


def _add_platform_activity(services: Services, rng: random.Random) -> None:
    """Links for every unit, slips printed for most groups, joins spread over six weeks."""
    today = dt.date.today()
    units = services.structure.list_units()
    # The printed slips go beside a demo file; a server database has no folder of its own.
    folder = services.db.path.parent if services.db.path else Path(tempfile.mkdtemp(
        prefix="sferum-desk-demo-"))
    for index, unit in enumerate(units):
        audience = "staff" if unit.kind == UnitKind.STAFF_ROOM.value else "parents"
        token = "".join(rng.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(12))
        services.invitations.add_link(unit.id, audience, f"https://sferum.ru/?invite={token}")
        if index >= 5:  # the last groups have had no parent meeting yet
            continue
        services.invitations.print_slips(
            SlipRequest(unit_ids=[unit.id], audience=audience, named=True),
            folder / f"demo-slips-{unit.id}.pdf")
        people = services.invitations.audience_people(unit.id, audience)
        services.invitations.set_handed_out(unit.id, audience, [p.person_id for p in people],
                                            on=today - dt.timedelta(days=42 - 7 * index))
        share = 0.85 if audience == "staff" else 0.75 - 0.1 * index
        by_day: dict[dt.date, list[int]] = {}
        for person in people:
            if rng.random() < share:
                day = today - dt.timedelta(days=rng.randint(0, 40 - 7 * index))
                by_day.setdefault(day, []).append(person.person_id)
        for day, ids in sorted(by_day.items()):
            services.invitations.set_joined(ids, on=day, unit_id=unit.id, audience=audience)


def _add_regulation(services: Services, rng: random.Random) -> None:
    """The regulation on the platform's use, for all staff, about two thirds signed."""
    act = services.acknowledgements.add_act(ActInput(
        doc_type="Положение",
        title="Об использовании информационно-коммуникационной образовательной платформы "
              "«Сферум»",
        number="58-о", issued_on=dt.date(2026, 9, 1), place="г. Калуга",
        order_number="58-о", order_date=dt.date(2026, 9, 1), approver_post="Заведующий",
        approver_name="Соколова И. В.",
        deadline=dt.date.today() + dt.timedelta(days=14)))
    people = services.acknowledgements.people(act.id)
    signed = [p.person_id for p in people if rng.random() < 0.65]
    services.acknowledgements.mark_signed(act.id, signed,
                                          on=dt.date.today() - dt.timedelta(days=3))


def _add_staff(session, rng: random.Random) -> list[int]:
    staff_ids = []
    for index, position in enumerate(POSITIONS):
        female = index % 8 != 3
        father = rng.choice(FATHERS)
        surname = rng.choice(SURNAMES)
        name = FullName(_female(surname) if female else surname,
                        rng.choice(FEMALE_FIRST if female else MALE_FIRST[:10]),
                        _patronymic(father, female))
        person = Person(**_person_values(name, rng, phone=_phone(rng),
                                         email=f"staff{index + 1}@example.ru"))
        roles = [PlatformRole.TEACHER.value] if position.startswith(("Воспит", "Старш", "Учит",
                                                                     "Педаг", "Музык", "Инстр")) \
            else []
        if position == "Воспитатель":
            roles.append(PlatformRole.CURATOR.value)
        if position.startswith("Заместитель"):
            roles = [PlatformRole.ADMINISTRATION.value]
        person.staff = Staff(position=position, platform_roles=roles)
        session.add(person)
        session.flush()
        staff_ids.append(person.staff.id)
    return staff_ids


def _add_family(session, rng: random.Random, unit_id: int, born_year: int,
                enrolled_on: dt.date) -> None:
    surname = rng.choice(SURNAMES)
    father_first = rng.choice(FATHERS)
    girl = rng.random() < 0.5
    child = FullName(_female(surname) if girl else surname,
                     rng.choice(FEMALE_FIRST[:12] if girl else MALE_FIRST),
                     _patronymic(father_first, girl))
    born = dt.date(born_year, rng.randint(1, 12), rng.randint(1, 28))
    person = Person(**_person_values(child, rng, birth=born))
    person.student = Student(unit_id=unit_id)
    session.add(person)
    session.flush()
    session.add(Enrolment(student_id=person.student.id, unit_id=unit_id, started_on=enrolled_on))
    parents = [("mother", FullName(_female(surname), rng.choice(FEMALE_FIRST[11:] +
                                                                FEMALE_FIRST[:6]),
                                   _patronymic(rng.choice(FATHERS), True)))]
    if rng.random() < 0.8:
        parents.append(("father", FullName(surname, father_first,
                                           _patronymic(rng.choice(FATHERS), False))))
    for relation, name in parents:
        parent = Person(**_person_values(name, rng, phone=_phone(rng)))
        parent.guardian = Guardian()
        session.add(parent)
        session.flush()
        session.execute(insert(GuardianLink).values(
            guardian_id=parent.guardian.id, student_id=person.student.id, relation=relation))


def demo_is_built(services: Services) -> bool:
    with services.db.unit_of_work() as session:
        return session.scalar(select(Student.id).limit(1)) is not None
