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
