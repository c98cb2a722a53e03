"""Shared data and helpers of the acknowledgement tests (imported as a plain module)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from sferum_desk.db.models import Person
from sferum_desk.domain.names import sort_key
from sferum_desk.services.acknowledgements import ActInput, AudienceInput

STAFF = [
    ("Сапёлкина Марина Леонидовна", "Учитель"),
    ("Сапелкина Анна Ивановна", "Учитель начальных классов"),
    ("Андрюшенко Лидия Евгеньевна", "Заместитель директора"),
    ("Ёлкина Ольга Петровна", "Педагог-психолог"),
    ("Яковлева Оксана Николаевна", "Учитель"),
    ("Исмагилова Роман Тимергазимович", "Учитель физической культуры"),
    ("Хенкель Лариса Александровна", "Библиотекарь"),
    ("Бондаренко Наталия Сергеевна", "Учитель"),
]


def expected_order(names):
    return sorted(names, key=sort_key)


def staff_act(**changes) -> ActInput:
    data = ActInput(doc_type="Положение",
                    title="об использовании платформы «Сферум» участниками образовательных "
                          "отношений",
                    number="236-а", issued_on="17.10.2024",
                    audience=AudienceInput("staff"))
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def set_left(services, person_id: int, on: dt.date) -> None:
    """Mark a person as having left (the movement work does this in the product)."""
    with services.db.unit_of_work() as session:
        session.execute(update(Person).where(Person.id == person_id).values(left_on=on))


def staff_id(services, name: str) -> int:
    return next(s.id for s in services.people.list_staff() if s.full_name == name)
