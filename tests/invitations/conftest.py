"""A school with two classes of pupils and parents, and staff; links added on demand."""

from __future__ import annotations

import pytest
from inv_helpers import (
    CLASS_5A,
    CLASS_5B,
    STAFF,
    TODAY,
    URL_5A,
    URL_5B,
    URL_STAFF,
)

from sferum_desk.services.dto import GuardianInput, OrganizationData, StaffInput, StudentInput


@pytest.fixture
def roster(services):
    """The school above; returns (services, {'5А': id, '5Б': id, 'staff': id})."""
    services.organization.save(OrganizationData(
        kind="school", full_name="Муниципальное бюджетное общеобразовательное учреждение "
        "«Средняя общеобразовательная школа № 1»", short_name="МБОУ «СОШ № 1»",
        admin_name="Петрова Ольга Игоревна", admin_phone="8 916 123-45-67"))
    for name, position in STAFF:
        services.people.save_staff(StaffInput(name, position))
    units = {}
    for title, pupils in (("5А", CLASS_5A), ("5Б", CLASS_5B)):
        unit = services.structure.create_unit(title)
        units[title] = unit.id
        for pupil, parents in pupils:
            services.people.save_student(StudentInput(
                pupil, None, unit.id, [GuardianInput(p, "other") for p in parents]))
    units["staff"] = next(u.id for u in services.structure.list_units()
                          if u.kind == "staff_room")
    return services, units


@pytest.fixture
def linked(roster):
    """The roster with active parents' links for both classes and a staff link."""
    services, units = roster
    inv = services.invitations
    inv.add_link(units["5А"], "parents", URL_5A, today=TODAY)
    inv.add_link(units["5Б"], "parents", URL_5B, today=TODAY)
    inv.add_link(units["staff"], "staff", URL_STAFF, today=TODAY)
    return services, units
