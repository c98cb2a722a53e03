"""A small generated school for the movement and reports tests (names are deterministic)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sferum_desk.services import Services
from sferum_desk.services.dto import GuardianInput, StaffInput, StudentInput

BOYS = ["Артём", "Иван", "Максим", "Лев", "Марк", "Егор", "Роман", "Кирилл"]
GIRLS = ["Анна", "Мария", "Алиса", "Ева", "Полина", "Дарья", "Варвара", "Ксения"]
SURNAMES = ["Орлов", "Зайцев", "Белов", "Козлов", "Титов", "Марков", "Фролов", "Гусев",
            "Жуков", "Лебедев", "Медведев", "Соколов", "Волков", "Попов", "Егоров", "Котов"]
LETTERS = "АБВГДЕЖЗИКЛМНОПР"


def _tag(index: int) -> str:
    """Letters that make each class's names unique: А, Б, … then АА, АБ, …"""
    if index < len(LETTERS):
        return LETTERS[index].lower()
    return (LETTERS[index // len(LETTERS) - 1] + LETTERS[index % len(LETTERS)]).lower()


@dataclass
class School:
    units: dict[str, int] = field(default_factory=dict)  # class name → unit id
    pupils: dict[str, list[int]] = field(default_factory=dict)  # class name → pupil ids
    mothers: dict[int, int] = field(default_factory=dict)  # pupil → mother
    fathers: dict[int, int] = field(default_factory=dict)  # pupil → father (even pupils)
    staff: dict[str, int] = field(default_factory=dict)  # short name → person id
    names: dict[int, str] = field(default_factory=dict)  # person id → ФИО


def build_school(services: Services, classes=("5А", "5Б", "9А", "11А"),
                 per_class: int = 4) -> School:
    """Teachers (one curator per class), pupils with a mother each and a father for every
    second pupil; all enrolled on 01.09 of the current year."""
    school = School()
    for index, cls in enumerate(classes):
        teacher = services.people.save_staff(StaffInput(
            f"Учителева{_tag(index)} Ольга Ивановна", "Учитель", ["teacher", "curator"]))
        school.staff[cls] = teacher.id
        school.names[teacher.id] = teacher.full_name
        unit = services.structure.create_unit(cls, teacher.id)
        school.units[cls] = unit.id
        school.pupils[cls] = []
        for n in range(per_class):
            surname = SURNAMES[(index * per_class + n) % len(SURNAMES)]
            suffix = _tag(index) + LETTERS[n % len(LETTERS)]
            girl = n % 2 == 1
            first = (GIRLS if girl else BOYS)[n % 8]
            last = surname + ("а" if girl else "")
            parents = [GuardianInput(f"{surname}а{suffix} Елена Петровна", "mother",
                                     f"+7916{index:03d}{n:04d}")]
            if n % 2 == 0:
                parents.append(GuardianInput(f"{surname}{suffix} Пётр Ильич", "father"))
            row = services.people.save_student(StudentInput(
                f"{last}{suffix} {first} Петрович" if not girl else
                f"{last}{suffix} {first} Петровна", dt.date(2014, 3, n + 1), unit.id, parents))
            school.pupils[cls].append(row.id)
            school.names[row.id] = row.full_name
            school.mothers[row.id] = row.guardians[0].id
            school.names[row.guardians[0].id] = row.guardians[0].full_name
            if len(row.guardians) > 1:
                school.fathers[row.id] = row.guardians[1].id
                school.names[row.guardians[1].id] = row.guardians[1].full_name
    extra = services.people.save_staff(StaffInput("Завхозова Нина Павловна", "Завхоз"))
    school.staff["завхоз"] = extra.id
    school.names[extra.id] = extra.full_name
    return school
