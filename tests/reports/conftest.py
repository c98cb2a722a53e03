import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "movement"))

from mv_helpers import build_school
from rp_helpers import PARENTS_DAY, PUPILS_DAY, STAFF_DAY

from sferum_desk.services.acknowledgements import ActInput, AudienceInput
from sferum_desk.services.invitations import SlipRequest


@pytest.fixture
def built(school):
    """The `school` services with 5А, 5Б, 9А, 11А of four pupils each."""
    return school, build_school(school)


@pytest.fixture
def joined(built, tmp_path):
    """The known joins (see the module's figures) plus slips handed out and one act."""
    services, sch = built
    p5a, p5b, p9a = sch.pupils["5А"], sch.pupils["5Б"], sch.pupils["9А"]
    services.invitations.set_joined([sch.staff["5А"], sch.staff["5Б"]], on=STAFF_DAY)
    services.invitations.set_joined([p5a[0], p5a[1], p5a[2], p5b[0]], on=PUPILS_DAY)
    services.invitations.set_joined(
        [sch.mothers[p5a[0]], sch.mothers[p5a[3]], sch.fathers[p5a[2]]]
        + [sch.mothers[p] for p in p9a], on=PARENTS_DAY)
    services.invitations.add_link(sch.units["5А"], "parents", "https://sferum.ru/?invite=P5A")
    # Staff and pupils have links too: coverage counts the audiences the school has links for.
    services.invitations.add_link(sch.units["5А"], "students", "https://sferum.ru/?invite=S5A")
    staff_room = next(u.id for u in services.structure.list_units() if u.kind == "staff_room")
    services.invitations.add_link(staff_room, "staff", "https://sferum.ru/?invite=STAFF")
    services.invitations.print_slips(SlipRequest([sch.units["5А"]], "parents"),
                                     tmp_path / "slips.pdf")
    services.invitations.set_handed_out(sch.units["5А"], "parents",
                                        [sch.mothers[p5a[1]], sch.mothers[p5a[2]]])
    act = services.acknowledgements.add_act(ActInput(
        "Положение", "о работе в ИКОП «Сферум»", "12-о", "01.09.2026",
        audience=AudienceInput("staff")))
    services.acknowledgements.mark_signed(act.id, [sch.staff["5А"]], "05.09.2026")
    return services, sch
