"""Refusals: a parent, a family or an employee declined the platform. Coverage shows them
apart and can be counted without them; no slip for them unless asked; the missing lists
leave them out; the head's report has a line for them."""

import json

import pytest
from cli_support import run as run_cli
from rp_helpers import pdf_text

from sferum_desk.domain.coverage import Ratio
from sferum_desk.domain.errors import UserError
from sferum_desk.services.invitations import DECLINED, JOINED, SlipRequest


def by_name(report):
    return {line.name: line for line in report.units}


@pytest.fixture
def declined(joined):
    """5А: a mother without a join declines; 5Б: a family declines (the pupil and her
    mother); the caretaker declines."""
    services, sch = joined
    p5a, p5b = sch.pupils["5А"], sch.pupils["5Б"]
    services.refusals.decline(sch.mothers[p5a[1]], "телефон", "10.09.2026")
    services.refusals.decline(p5b[1], "электронный журнал")
    services.refusals.decline(sch.staff["завхоз"], "бумажные объявления")
    return services, sch


def test_coverage_shows_joined_not_yet_and_declined(declined):
    services, sch = declined
    report = services.reports.coverage()
    units = by_name(report)
    assert units["Учительская"].staff == Ratio(2, 5, 1)
    assert units["5А"].parents == Ratio(3, 6, 1)
    assert units["5А"].families == Ratio(3, 4, 1)  # her only parent declined: the family did
    assert (units["5Б"].students, units["5Б"].parents, units["5Б"].families) == (
        Ratio(1, 4, 1), Ratio(0, 6, 1), Ratio(0, 4, 1))
    parents = units["5А"].parents
    assert (parents.joined, parents.not_yet, parents.declined) == (3, 2, 1)
    assert round(parents.percent_without_declined) == 60 and round(parents.percent) == 50
    assert report.total.main.declined == 4  # caretaker, the 5А mother, the 5Б pupil and mother
    assert report.total.staff.counted == 4


def test_the_missing_lists_leave_them_out(declined):
    services, sch = declined
    p5a, p5b = sch.pupils["5А"], sch.pupils["5Б"]
    gone = {sch.mothers[p5a[1]], p5b[1], sch.mothers[p5b[1]], sch.staff["завхоз"]}
    missing = services.reports.coverage(with_missing=True).missing
    assert missing and not gone & {m.person_id for m in missing}
    assert sch.mothers[p5b[2]] in {m.person_id for m in
                                   services.reports.missing(sch.units["5Б"])}


def test_people_list_shows_the_refusal_and_a_join_wins(declined):
    services, sch = declined
    p5a = sch.pupils["5А"]
    mother = sch.mothers[p5a[1]]
    people = {p.person_id: p for p in services.invitations.audience_people(sch.units["5А"],
                                                                           "parents")}
    assert people[mother].status == DECLINED
    services.invitations.set_joined([mother])  # she changed her mind after all
    people = {p.person_id: p for p in services.invitations.audience_people(sch.units["5А"],
                                                                           "parents")}
    assert people[mother].status == JOINED
    assert by_name(services.reports.coverage())["5А"].parents == Ratio(4, 6, 0)


def test_no_slip_for_those_who_declined_unless_asked(declined, tmp_path):
    services, sch = declined
    unit = sch.units["5Б"]
    services.invitations.add_link(unit, "parents", "https://sferum.ru/?invite=P5B")
    result = services.invitations.print_slips(SlipRequest([unit], "parents"),
                                              tmp_path / "a.pdf")
    assert (result.slips, result.skipped_declined) == (5, 1)
    mother = sch.names[sch.mothers[sch.pupils["5Б"][1]]]
    assert mother not in pdf_text((tmp_path / "a.pdf").read_bytes())
    asked = services.invitations.print_slips(
        SlipRequest([unit], "parents", include_declined=True), tmp_path / "b.pdf")
    assert (asked.slips, asked.skipped_declined) == (6, 0)
    assert mother in pdf_text((tmp_path / "b.pdf").read_bytes())
    with pytest.raises(UserError, match="отказались"):
        services.invitations.print_slips(SlipRequest(
            [unit], "parents", person_ids=[sch.mothers[sch.pupils["5Б"][1]]]),
            tmp_path / "c.pdf")


def test_refusals_are_checked_and_can_be_removed(declined):
    services, sch = declined
    with pytest.raises(UserError, match="уже отмечен"):
        services.refusals.decline(sch.staff["5А"], "телефон")  # joined
    with pytest.raises(UserError, match="способ|связывается"):
        services.refusals.decline(sch.staff["9А"], "  ")
    rows = services.refusals.list_refusals()
    assert [(r.role, r.channel) for r in rows if r.person_id == sch.pupils["5Б"][1]] == [
        ("семья", "электронный журнал")]
    services.refusals.undecline(sch.staff["завхоз"])
    with pytest.raises(UserError, match="нечего"):
        services.refusals.undecline(sch.staff["завхоз"])
    assert by_name(services.reports.coverage())["Учительская"].staff == Ratio(2, 5, 0)
    # A parent's «снять отказ» also lifts the family's refusal kept on the child.
    assert services.refusals.undecline_people([sch.mothers[sch.pupils["5Б"][1]]]) == 1
    assert by_name(services.reports.coverage())["5Б"].families == Ratio(0, 4, 0)


def test_a_parent_declines_for_the_whole_family(joined):
    services, sch = joined
    pupil = sch.pupils["11А"][0]  # a mother and a father
    assert services.refusals.decline_people([sch.mothers[pupil]], "телефон",
                                            family=True) == 1
    line = by_name(services.reports.coverage())["11А"]
    assert (line.parents.declined, line.students.declined, line.families.declined) == (2, 1, 1)


def test_head_report_has_a_line_for_refusals(declined, tmp_path):
    services, _ = declined
    path = services.reports.export(tmp_path / "report.pdf")
    text = pdf_text(path.read_bytes())
    assert "Отказались от платформы" in text and "без них присоединились" in text


def test_cli_decline_undecline_and_coverage_counts(capsys, declined, db_path):
    services, sch = declined
    services.db.close()
    teacher = sch.names[sch.staff["9А"]]

    def run(*argv):
        return run_cli(capsys, "--db", db_path, *argv)

    code, out, err = run("decline", "--person", teacher, "--channel", "телефон",
                         "--date", "12.09.2026")
    assert (code, err) == (0, "") and "Записан отказ" in out and "12.09.2026" in out
    code, out, _ = run("refusals", "--json")
    assert teacher in {r["full_name"] for r in json.loads(out)}
    code, out, _ = run("coverage", "--json")
    data = json.loads(out)
    assert data["total"]["staff"] == {"joined": 2, "total": 5, "percent": 40.0}  # as before
    assert data["total"]["without_declined"]["staff"] == {
        "joined": 2, "total": 3, "declined": 2, "not_yet": 1, "percent": 66.7}
    assert data["total"]["declined"] == 5
    code, out, _ = run("coverage")
    assert "отказались 2, без них 2 из 3" in out
    code, out, _ = run("undecline", "--id", sch.staff["9А"])
    assert code == 0 and "снята" in out
    code, _, err = run("undecline", "--id", sch.staff["9А"])
    assert code == 1 and "нечего" in err
    code, _, err = run("decline", "--id", sch.staff["5А"], "--channel", "телефон")
    assert code == 1 and "уже отмечен" in err
