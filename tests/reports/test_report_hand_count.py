"""The report's numbers against a hand count (plain SQL) on the demo, and the audiences it
counts."""

from collections import defaultdict

from sferum_desk.services.demo import build_demo


def test_report_agrees_with_a_hand_count_on_the_demo(services, raw_sql):
    build_demo(services)
    report = services.reports.coverage()
    assert report.audiences == ("staff", "parents")
    units = {line.unit_id: line for line in report.units}
    staff = {p for (p,) in raw_sql("SELECT s.person_id FROM staff s JOIN person p "
                                   "ON p.id = s.person_id WHERE p.left_on IS NULL")}
    staff_joined = {p for (p,) in raw_sql("SELECT person_id FROM unit_join "
                                          "WHERE audience = 'staff'")} & staff
    assert (report.total.staff.joined, report.total.staff.total) == (len(staff_joined),
                                                                      len(staff))
    parents_in: dict[int, set[int]] = defaultdict(set)
    for unit_id, parent in raw_sql(
            "SELECT st.unit_id, g.person_id FROM student st JOIN guardian_link gl "
            "ON gl.student_id = st.id JOIN guardian g ON g.id = gl.guardian_id "
            "JOIN person c ON c.id = st.person_id WHERE c.left_on IS NULL"):
        parents_in[unit_id].add(parent)
    joins = set(raw_sql("SELECT unit_id, person_id FROM unit_join WHERE audience='parents'"))
    for unit_id, parents in parents_in.items():
        joined = {p for p in parents if (unit_id, p) in joins}
        line = units[unit_id]
        assert (line.parents.joined, line.parents.total) == (len(joined), len(parents))
    everyone = set().union(*parents_in.values())
    anywhere = {p for u, p in joins if p in parents_in[u]}
    assert (report.total.parents.joined, report.total.parents.total) == (len(anywhere),
                                                                          len(everyone))
    [(printed, handed)] = raw_sql("SELECT count(*), count(handed_out_on) FROM slip")
    assert (report.total.slips_printed, report.total.slips_handed) == (printed, handed)
    assert printed > handed > 0 or printed == handed > 0


def test_only_audiences_with_links_count_unless_turned_on(built):
    services, sch = built
    services.invitations.add_link(sch.units["5А"], "parents", "https://sferum.ru/?invite=P")
    services.invitations.set_joined(sch.pupils["5А"][:2])  # pupils joined, but no pupils' link
    report = services.reports.coverage()
    assert report.audiences == ("parents",)
    assert report.total.students is None
    staff_room = next(u.id for u in services.structure.list_units() if u.kind == "staff_room")
    services.invitations.add_link(staff_room, "staff", "https://sferum.ru/?invite=S")
    assert services.reports.coverage().audiences == ("staff", "parents")
    services.reports.set_audiences(["staff", "students", "parents"])  # the user turns it on
    report = services.reports.coverage()
    assert report.audiences == ("staff", "students", "parents")
    assert (report.total.students.joined, report.total.students.total) == (2, 16)
