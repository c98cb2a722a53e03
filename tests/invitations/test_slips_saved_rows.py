"""The slip rows a named print saves are those the per-person view of each unit implies: set-
based planning and one bulk insert (#17) keep who gets a slip, for which link, in what order."""

from __future__ import annotations

from inv_helpers import TODAY
from sqlalchemy import select

from sferum_desk.db.models import Invitation, Slip
from sferum_desk.services.invitations import SlipRequest


def _saved(services, batch: str) -> list[tuple[int, int | None, str, bool]]:
    with services.db.unit_of_work() as session:
        return [(unit_id, pid, batch_, handed is None) for unit_id, pid, batch_, handed in
                session.execute(select(Invitation.unit_id, Slip.person_id, Slip.print_batch,
                                       Slip.handed_out_on)
                                .join(Invitation, Invitation.id == Slip.invitation_id)
                                .where(Slip.print_batch == batch).order_by(Slip.id))]


def test_named_slips_save_one_row_per_person_left_to_slip(linked, tmp_path):
    services, units = linked
    inv = services.invitations
    first = inv.audience_people(units["5А"], "parents")
    second = inv.audience_people(units["5Б"], "parents")
    inv.set_joined([first[0].person_id, second[1].person_id], on=TODAY)
    services.refusals.decline(first[1].person_id, "paper", on=TODAY)
    result = inv.print_slips(SlipRequest([units["5Б"], units["5А"]], "parents"),
                             tmp_path / "s.pdf", today=TODAY)
    # What the unit tabs show, person by person, in the order the units were chosen:
    expected = [(uid, p.person_id, result.batch, True)
                for uid in (units["5Б"], units["5А"])
                for p in inv.audience_people(uid, "parents")
                if not p.joined_on and not p.declined_on]
    assert len(expected) == len(first) + len(second) - 3
    assert _saved(services, result.batch) == expected
    assert (result.slips, result.skipped_joined, result.skipped_declined) == (
        len(expected), 2, 1)


def test_a_ticked_subset_and_the_declined_when_asked(linked, tmp_path):
    services, units = linked
    inv = services.invitations
    people = inv.audience_people(units["5А"], "parents")
    services.refusals.decline(people[0].person_id, "paper", on=TODAY)
    ticked = [people[2].person_id, people[0].person_id]
    result = inv.print_slips(SlipRequest([units["5А"]], "parents", person_ids=ticked,
                                         include_declined=True), tmp_path / "s.pdf",
                             today=TODAY)
    assert _saved(services, result.batch) == [
        (units["5А"], people[0].person_id, result.batch, True),
        (units["5А"], people[2].person_id, result.batch, True)]


def test_the_pages_said_are_the_pages_printed(linked, tmp_path):
    """The result's page count is the printer's own (a part-used sheet, a poster)."""
    import re

    services, units = linked
    inv = services.invitations
    for request in (SlipRequest([units["5А"]], "parents", per_page=4, start_position=3),
                    SlipRequest([units["5А"]], "parents", per_page=8, poster=True,
                                start_position=5)):
        out = tmp_path / f"{request.per_page}-{request.poster}.pdf"
        result = inv.print_slips(request, out, today=TODAY)
        printed = len(re.findall(rb"/Type /Page\b", out.read_bytes()))
        assert result.pages == printed > 1
