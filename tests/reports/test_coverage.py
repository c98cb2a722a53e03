"""Exact coverage figures after a known set of joins, transfers and departures."""

import datetime as dt

import pytest
from rp_helpers import STAFF_DAY

from sferum_desk.domain.coverage import Ratio, week_start
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.names import sort_key



def figures(line):
    """(staff, students, parents, families) as (joined, total) pairs; None = not counted."""
    def pair(r: Ratio | None):
        return None if r is None else (r.joined, r.total)
    return (pair(line.staff), pair(line.students), pair(line.parents), pair(line.families))


def by_name(report):
    return {line.name: line for line in report.units}


def test_exact_figures_after_known_joins(joined):
    services, _sch = joined
    report = services.reports.coverage()
    assert report.audiences == ("staff", "students", "parents")
    units = by_name(report)
    assert list(units) == ["Учительская", "5А", "5Б", "9А", "11А"]
    assert figures(units["Учительская"]) == ((2, 5), None, None, None)
    assert figures(units["5А"]) == (None, (3, 4), (3, 6), (3, 4))
    assert figures(units["5Б"]) == (None, (1, 4), (0, 6), (0, 4))
    assert figures(units["9А"]) == (None, (0, 4), (4, 6), (4, 4))
    assert figures(units["11А"]) == (None, (0, 4), (0, 6), (0, 4))
    assert figures(report.total) == ((2, 5), (4, 16), (7, 24), (7, 16))
    assert units["5А"].slips_handed == 2 and report.total.slips_handed == 2
    assert units["Учительская"].acks_pending == 4 and report.total.acks_pending == 4
    assert units["5А"].main == Ratio(6, 10)


def test_figures_follow_transfers_and_departures(joined):
    services, sch = joined
    p5a, p9a = sch.pupils["5А"], sch.pupils["9А"]
    services.movement.transfer(p5a[1], sch.units["5Б"])  # joined pupil, mother not joined
    services.movement.leave(p9a[0])  # her joined mother and the father leave with her
    services.movement.leave(sch.staff["завхоз"])
    report = services.reports.coverage()
    units = by_name(report)
    assert figures(units["Учительская"]) == ((2, 4), None, None, None)
    assert figures(units["5А"]) == (None, (2, 3), (3, 5), (3, 3))
    assert figures(units["5Б"]) == (None, (2, 5), (0, 7), (0, 5))
    assert figures(units["9А"]) == (None, (0, 3), (3, 4), (3, 3))
    assert figures(report.total) == ((2, 4), (4, 15), (6, 22), (6, 15))
    assert report.total.acks_pending == 3  # the caretaker's pending signature went too


def test_growth_by_week(joined):
    services, _ = joined
    report = services.reports.coverage()
    first = report.growth[0]
    assert first.week_start == week_start(STAFF_DAY) == dt.date(2026, 8, 31)
    assert [(p.added, p.staff, p.students, p.parents) for p in report.growth[:3]] == [
        (2, 2, 0, 0), (4, 2, 4, 0), (7, 2, 4, 7)]
    assert report.growth[-1].week_start == week_start(dt.date.today())
    assert report.growth[-1].total == 13
    weeks = (week_start(dt.date.today()) - first.week_start).days // 7 + 1
    assert len(report.growth) == weeks


def test_who_is_missing_in_a_unit(joined):
    services, sch = joined
    p5a = sch.pupils["5А"]
    missing = services.reports.missing(sch.units["5А"])
    parents = sorted([
        ("parents", sch.names[sch.fathers[p5a[0]]], sch.names[p5a[0]], False),
        ("parents", sch.names[sch.mothers[p5a[1]]], sch.names[p5a[1]], True),
        ("parents", sch.names[sch.mothers[p5a[2]]], sch.names[p5a[2]], True),
    ], key=lambda row: sort_key(row[1]))
    assert [(m.audience, m.full_name, m.detail, m.slip_handed) for m in missing] == [
        ("students", sch.names[p5a[3]], "", False), *parents]
    staff = services.reports.missing(next(u.id for u in services.structure.list_units()
                                          if u.kind == "staff_room"))
    assert [m.full_name for m in staff] == sorted(
        [sch.names[sch.staff[c]] for c in ("9А", "11А", "завхоз")])


def test_audiences_chosen_by_the_organisation(joined):
    services, _ = joined
    services.reports.set_audiences(["parents"])
    report = services.reports.coverage()
    assert report.audiences == ("parents",)
    assert "Учительская" not in by_name(report)
    assert figures(report.total) == (None, None, (7, 24), (7, 16))
    assert figures(by_name(report)["5А"]) == (None, None, (3, 6), (3, 4))
    services.reports.set_audiences(["staff"])
    report = services.reports.coverage()
    assert list(by_name(report)) == ["Учительская"]
    with pytest.raises(UserError, match="хотя бы одну"):
        services.reports.set_audiences([])
    assert services.reports.audiences() == ["staff"]


def test_kindergarten_counts_staff_and_parents_by_default(kindergarten):
    from sferum_desk.services.demo import build_demo

    build_demo(kindergarten, with_activity=False)
    report = kindergarten.reports.coverage()
    assert report.audiences == ("staff", "parents")
    assert report.total.students is None
    assert figures(report.total) == ((0, 25), None, (0, report.total.parents.total), (0, 120))
    assert len(report.units) == 7
