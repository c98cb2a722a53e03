from sferum_desk.domain.phones import normalise_phone
from sferum_desk.services.demo import build_demo


def test_demo_kindergarten_has_the_promised_size(services):
    build_demo(services)
    stats = services.people.stats()
    assert (stats.units, stats.staff, stats.students) == (7, 25, 120)
    assert stats.guardians > 120
    assert services.organization.vocabulary().students == "Воспитанники"
    units = services.structure.list_units()
    assert all(u.curator for u in units if u.kind == "regular")
    assert all(normalise_phone(g.phone) == g.phone for g in services.people.list_guardians())


def test_demo_shows_the_platform_work_in_progress(services):
    build_demo(services)
    links = services.invitations.list_links()
    assert len(links) == 7 and all(link.status == "active" for link in links)
    report = services.reports.coverage()
    assert 0 < report.total.parents.joined < report.total.parents.total
    assert 0 < report.total.staff.joined < 25
    assert len(report.growth) >= 4  # joins spread over several weeks
    act = services.acknowledgements.list_acts()[0]
    pending = len(services.acknowledgements.pending(act.id))
    assert 0 < pending < 25


def test_demo_without_activity_is_a_clean_roster(services):
    build_demo(services, with_activity=False)
    assert services.invitations.list_links() == []
    assert services.acknowledgements.list_acts() == []
