"""People for the acknowledgement tests: a school with staff (ё in names), classes, parents."""

from __future__ import annotations

import pytest
from ack_helpers import STAFF

from sferum_desk.services.dto import GuardianInput, StaffInput, StudentInput


@pytest.fixture
def staffed(school):
    """A school with the eight staff above; returns the services."""
    for name, position in STAFF:
        school.people.save_staff(StaffInput(name, position))
    return school


@pytest.fixture
def with_classes(staffed):
    """Two classes, two pupils each, one parent per pupil (one parent has two children)."""
    svc = staffed
    a = svc.structure.create_unit("1А")
    b = svc.structure.create_unit("2Б")
    mother = GuardianInput("Орлова Вера Павловна", "mother", "+7 903 111-22-33")
    svc.people.save_student(StudentInput("Орлов Пётр", "01.02.2017", a.id, [mother]))
    svc.people.save_student(StudentInput("Орлова Ника", "05.06.2016", b.id, [mother]))
    svc.people.save_student(StudentInput("Зайцев Егор", "03.03.2017", a.id,
                                         [GuardianInput("Зайцев Илья Олегович", "father")]))
    svc.people.save_student(StudentInput("Борисова Ада", "04.04.2016", b.id,
                                         [GuardianInput("Борисова Юлия Юрьевна", "mother")]))
    return svc, a, b

