"""`coverage` and `report` read the figures as plain SQL (services/coverage_rows.py, #17):
on a varied school the report is the very same as the reports service's, and so is the
`coverage --json` built from it."""

import datetime as dt
from dataclasses import replace

import pytest
from rp_helpers import PARENTS_DAY

from sferum_desk.commands.movement import coverage_json
from sferum_desk.domain.coverage_rule import counted_audiences
from sferum_desk.services.coverage_rows import read_coverage
from sferum_desk.services.dto import OrganizationData
from sferum_desk.services.invitations import SlipRequest

TODAY = dt.date.today()


@pytest.fixture
def varied(joined, tmp_path):
    """`joined` (joins of every audience, slips printed and handed, one act) plus: refusals
    of a parent, a family and an employee; a pupil and a teacher who left, a pupil who leaves
    next month (still here today); a transfer; a parent joined in a second unit's chat;
    slips of 9А with nobody handed one; 11А with no link at all."""
    services, sch = joined
    p5a, p5b, p9a = sch.pupils["5А"], sch.pupils["5Б"], sch.pupils["9А"]
    services.refusals.decline(sch.mothers[p5a[1]], "телефон", "10.09.2026")
    services.refusals.decline(p5b[1], "электронный журнал")
    services.refusals.decline(sch.staff["завхоз"], "бумажные объявления")
    services.refusals.decline(p9a[3], "телефон")  # the mother joined: she counts as joined
    services.movement.leave(p5a[3], on=TODAY)
    services.movement.leave(sch.staff["9А"], on=TODAY)
    services.movement.leave(p9a[1], on=TODAY + dt.timedelta(days=30))
    services.movement.transfer(p5b[2], sch.units["9А"], on=TODAY)
    services.invitations.set_joined([sch.fathers[p9a[2]]], on=PARENTS_DAY,
                                    unit_id=sch.units["9А"], audience="parents")
    services.invitations.add_link(sch.units["9А"], "parents", "https://sferum.ru/?invite=P9A")
    services.invitations.print_slips(SlipRequest([sch.units["9А"]], "parents"),
                                     tmp_path / "slips9.pdf")
    return services, sch


def both(services, with_missing=False):
    return (read_coverage(services.db, TODAY, with_missing),
            services.reports.coverage(TODAY, with_missing=with_missing))


def test_the_plain_reading_gives_the_services_report(varied):
    services, _sch = varied
    plain, orm = both(services)
    assert plain is not None and plain.total.main.total > 0 and plain.growth
    assert {line.name for line in plain.units} >= {"Учительская", "5А", "5Б", "9А", "11А"}
    assert plain.total.main.declined > 0 and plain.units[0].slips_printed == 0
    assert plain == orm
    assert coverage_json(plain) == coverage_json(orm)


def test_and_the_same_missing_lists(varied):
    services, _sch = varied
    plain, orm = both(services, with_missing=True)
    assert plain.missing and plain == orm


def test_with_chosen_audiences_and_own_words(varied):
    services, _sch = varied
    card = services.organization.get()
    services.organization.save(replace(card, short_name="СОШ № 1",
                                       vocabulary_overrides={"unit": "Отряд"}))
    for chosen in (["parents"], ["staff", "students"]):
        services.reports.set_audiences(chosen)
        plain, orm = both(services, with_missing=True)
        assert plain.audiences == tuple(chosen) and plain.unit_word == "Отряд"
        assert plain == orm


def test_a_kindergarten_without_links(kindergarten):
    kindergarten.structure.create_unit("Солнышко")
    plain, orm = both(kindergarten)
    assert plain.audiences == tuple(counted_audiences(None, "kindergarten", set()))
    assert plain == orm


def test_without_an_organisation_the_service_is_asked(services):
    assert read_coverage(services.db, TODAY) is None
    services.organization.save(OrganizationData(kind="school", full_name="Школа"))
    assert read_coverage(services.db, TODAY) == services.reports.coverage(TODAY)


def test_a_parent_on_the_platform_through_one_child_is_not_declined_for_another(varied):
    """A mother of 9А and 11А joined 9А's chat; her 11А child's family declines: she is on
    the platform, so the refusal does not count for her in 11А (services/refusals)."""
    from sferum_desk.services.dto import GuardianInput, StudentInput

    services, sch = varied
    mother = sch.mothers[sch.pupils["9А"][0]]
    child = services.people.save_student(StudentInput(
        "Новикова Анна Петровна", dt.date(2010, 5, 5), sch.units["11А"],
        [GuardianInput(sch.names[mother], "mother", id=mother)]))
    services.refusals.decline(child.id, "телефон")
    plain, orm = both(services, with_missing=True)
    eleventh = next(line for line in plain.units if line.name == "11А")
    assert eleventh.parents.declined == 0 and eleventh.families.declined == 1
    assert plain == orm
