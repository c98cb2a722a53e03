"""One slip per family: a sheet per parent with every child's unit and its QR code.

An option of the named parents' slips (SlipRequest.family): InvitationService.print_slips
hands the request here. The links pass the same gate as every print (`_printable_link`: an
annulled or expired link never reaches paper), and «who got a slip» is recorded per unit, one
Slip per parent and unit on the sheet, so the per-unit lists and coverage read as before.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from sferum_desk.db.models import Guardian, GuardianLink, Person, Slip, Student, Unit
from sferum_desk.domain.enums import Audience
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.links import audience_title
from sferum_desk.domain.names import sort_key
from sferum_desk.domain.phones import display_phone
from sferum_desk.domain.units import unit_sort_key
from sferum_desk.services.base import record
from sferum_desk.services.invitations.common import _org_vocab, _unit, _valid_audience, unit_label
from sferum_desk.services.invitations.coverage import _audience_status
from sferum_desk.services.invitations.links import _printable_link
from sferum_desk.services.invitations.rows import SlipResult
from sferum_desk.services.output_files import require_suffix, write_atomically


@dataclass(frozen=True)
class FamilyPlan:
    families: list  # printing.family_slips.FamilySlip
    slips: list[tuple[int, int]]  # (invitation id, parent person id): one per unit on a sheet
    skipped_joined: int
    skipped_declined: int
    units_without_link: tuple[str, ...]  # other units of the children, left off the sheets


def _children_by_unit(session: Session, parent_ids: list[int]) -> dict[int, dict[int, list]]:
    """parent person → unit → the parent's current children there (short names)."""
    child = aliased(Person)
    rows = session.execute(
        select(Guardian.person_id, Student.unit_id, child.last_name, child.first_name)
        .join(GuardianLink, GuardianLink.guardian_id == Guardian.id)
        .join(Student, Student.id == GuardianLink.student_id)
        .join(child, child.id == Student.person_id)
        .where(Guardian.person_id.in_(parent_ids), child.left_on.is_(None),
               Student.unit_id.is_not(None)))
    result: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for parent, unit_id, last, first in rows:
        result[parent][unit_id].append(f"{last} {first}".strip())
    return result


def _children_text(names: list[str]) -> str:
    names = sorted(names, key=sort_key)
    return f"{'дети' if len(names) > 1 else 'ребёнок'}: {', '.join(names)}"


def plan_family(session: Session, org, vocab, request, today: dt.date) -> FamilyPlan:
    from sferum_desk.printing.family_slips import FamilyEntry, FamilySlip

    if Audience(request.audience) is not Audience.PARENTS or not request.named:
        raise UserError("Карточка на семью бывает только именной и только для родителей: "
                        "выберите «Родители» и «Именные».", field="family")
    wanted = set(request.person_ids) if request.person_ids is not None else None
    parents: dict[int, str] = {}
    joined: set[int] = set()
    declined: set[int] = set()
    for unit_id in dict.fromkeys(request.unit_ids):
        unit = _unit(session, unit_id)
        _valid_audience(org, unit, Audience.PARENTS, vocab)
        _printable_link(session, unit, Audience.PARENTS, vocab, today)  # refuse early
        for person in _audience_status(session, unit, Audience.PARENTS):
            if wanted is not None and person.person_id not in wanted:
                continue
            if person.joined_on:
                joined.add(person.person_id)
            elif person.declined_on and not request.include_declined:
                declined.add(person.person_id)
            else:
                parents.setdefault(person.person_id, person.full_name)
    children = _children_by_unit(session, list(parents))
    links: dict[int, object] = {}
    missing: set[str] = set()
    families, slips = [], []
    for pid, name in sorted(parents.items(), key=lambda item: sort_key(item[1])):
        entries = []
        units = [session.get(Unit, uid) for uid in children.get(pid, {})]
        for unit in sorted(units, key=lambda u: unit_sort_key(u.name)):
            if unit.id not in links:
                try:
                    links[unit.id] = _printable_link(session, unit, Audience.PARENTS,
                                                     vocab, today)
                except UserError:
                    links[unit.id] = None
            link = links[unit.id]
            if link is None:
                missing.add(unit.name)
                continue
            entries.append(FamilyEntry(link.url, unit_label(unit, vocab),
                                       audience_title(Audience.PARENTS, vocab),
                                       _children_text(children[pid][unit.id])))
            slips.append((link.id, pid))
        if entries:
            families.append(FamilySlip(name, tuple(entries)))
    if not families:
        if joined or declined:
            raise UserError("Все выбранные родители уже вступили в «Сферум» или отказались от "
                            "него: печатать нечего.")
        raise UserError("Некому печатать карточки: в выбранных подразделениях нет родителей "
                        "или никто не отмечен.")
    return FamilyPlan(families, slips, len(joined), len(declined),
                      tuple(sorted(missing, key=unit_sort_key)))


def print_family_slips(service, request, out_path: Path | str, progress=None,
                       today: dt.date | None = None):
    """Draw the family sheets, write the PDF and record a slip per parent and unit — all or
    nothing. Returns the invitations service's SlipResult (slips = sheets' units)."""
    from sferum_desk.printing.family_slips import family_page_count, render_family_slips
    from sferum_desk.printing.slips import SlipSheet

    today = today or dt.date.today()
    out_path = require_suffix(Path(out_path), ".pdf")
    if not request.unit_ids:
        raise UserError("Выберите хотя бы одно подразделение.", field="units")
    batch = f"{dt.datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"
    with service.db.unit_of_work() as session:
        org, vocab = _org_vocab(session)
        plan = plan_family(session, org, vocab, request, today)
        sheet = SlipSheet(org_name=org.short_name or org.full_name, admin_name=org.admin_name,
                          admin_phone=display_phone(org.admin_phone), printed_on=today)
        pdf = render_family_slips(plan.families, sheet, progress)
        for invitation_id, person_id in plan.slips:
            session.add(Slip(invitation_id=invitation_id, person_id=person_id,
                             print_batch=batch))
        record(session, "slip", None, "printed", batch=batch, count=len(plan.slips),
               family=True)
        session.flush()
        write_atomically(out_path, pdf)  # inside the transaction: no file, no slips
    return SlipResult(out_path, len(plan.slips), family_page_count(plan.families), batch,
                      plan.skipped_joined, plan.skipped_declined, plan.units_without_link)
