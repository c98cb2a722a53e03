"""QR slips: printing them (all or nothing), the print gate asked beforehand, the printed
batches and the «выдана» marks."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from sferum_desk.db.models import Invitation, Organization, Slip, Unit, UnitJoin
from sferum_desk.domain.enums import Audience
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.domain.links import audience_title
from sferum_desk.domain.phones import display_phone
from sferum_desk.domain.units import unit_sort_key
from sferum_desk.services.base import Service, record
from sferum_desk.services.invitations.common import _org_vocab, _unit, _valid_audience, unit_label
from sferum_desk.services.invitations.coverage import _audience_rows_of, _latest_slips
from sferum_desk.services.invitations.family_slips import print_family_slips
from sferum_desk.services.invitations.links import _printable_link
from sferum_desk.services.invitations.rows import BatchRow, SlipRequest, SlipResult, SlipsCheck
from sferum_desk.services.output_files import require_suffix, write_atomically
from sferum_desk.services.refusals import declined_dates

if TYPE_CHECKING:  # reportlab and openpyxl are loaded when a file is made, not at start-up
    from sferum_desk.printing.slips import Progress, SlipData


class SlipsMixin(Service):
    # ---- slips -----------------------------------------------------------------
    def print_slips(self, request: SlipRequest, out_path: Path | str,
                    progress: Progress | None = None,
                    today: dt.date | None = None) -> SlipResult:
        """Draw the slips, write the PDF and record a slip per person — all or nothing.

        Raises UserError when a unit has no active link (annulled and expired links are never
        printed), SlipsCancelled when `progress` returns False.
        """
        if request.family:
            return print_family_slips(self, request, out_path, progress, today)
        from sferum_desk.printing.slips import SlipSheet, page_count, render_slips

        today = today or dt.date.today()
        out_path = Path(out_path)
        require_suffix(out_path, ".pdf")
        _check_request(request)
        batch = f"{dt.datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"
        with self.db.unit_of_work() as session:
            org, vocab = _org_vocab(session)
            plan, skipped, refused = _plan_slips(session, org, vocab, request, today)
            sheet = SlipSheet(org_name=org.short_name or org.full_name,
                              admin_name=org.admin_name,
                              admin_phone=display_phone(org.admin_phone), printed_on=today)
            slips = [data for data, _, _ in plan]
            pdf = render_slips(slips, sheet, per_page=request.per_page,
                               start_position=request.start_position, poster=request.poster,
                               progress=progress)
            _save_slips(session, plan, batch)
            record(session, "slip", None, "printed", batch=batch, count=len(plan))
            session.flush()
            write_atomically(out_path, pdf)  # inside the transaction: no file, no slips
        pages = page_count(len(plan), request.per_page, request.start_position, request.poster)
        return SlipResult(out_path, len(plan), pages, batch, skipped, refused)

    def check_slips_printable(self, request: SlipRequest,
                              today: dt.date | None = None) -> SlipsCheck:
        """The links `print_slips` would refuse (annulled, expired, missing), found before
        the user is asked where to save: the same gate, nothing written."""
        today = today or dt.date.today()
        units, problems = [], []
        with self.db.unit_of_work() as session:
            org, vocab = _org_vocab(session)
            title = ""
            for unit_id in dict.fromkeys(request.unit_ids):
                unit = None
                try:
                    unit = _unit(session, unit_id)
                    audience = _valid_audience(org, unit, request.audience, vocab)
                    title = audience_title(audience, vocab).lower()
                    _printable_link(session, unit, audience, vocab, today)
                except UserError as error:
                    units.append(unit.name if unit is not None else "")
                    problems.append(error.message)
        return SlipsCheck(tuple(units), tuple(problems), title)

    def list_batches(self) -> list[BatchRow]:
        with self.db.unit_of_work() as session:
            _, vocab = _org_vocab(session)
            batches: dict[str, dict] = {}
            for batch, printed, handed, unit, audience in session.execute(
                    select(Slip.print_batch, Slip.printed_at, Slip.handed_out_on, Unit.name,
                           Invitation.audience)
                    .join(Invitation, Invitation.id == Slip.invitation_id)
                    .join(Unit, Unit.id == Invitation.unit_id)):
                row = batches.setdefault(batch, {"printed": printed, "units": set(),
                                                 "audience": audience, "slips": 0,
                                                 "handed": 0})
                row["printed"] = min(row["printed"], printed)
                row["units"].add(unit)
                row["slips"] += 1
                row["handed"] += handed is not None
            rows = [BatchRow(batch, row["printed"],
                             ", ".join(sorted(row["units"], key=unit_sort_key)),
                             audience_title(row["audience"], vocab), row["slips"], row["handed"])
                    for batch, row in batches.items()]
            return sorted(rows, key=lambda r: (r.printed_at, r.batch), reverse=True)

    def set_batch_handed_out(self, batch: str, on: dt.date | None = None) -> int:
        on = on or dt.date.today()
        self.db.backup("before-mark-handed-out")
        with self.db.unit_of_work() as session:
            slips = session.scalars(select(Slip).where(Slip.print_batch == batch,
                                                       Slip.handed_out_on.is_(None))).all()
            for slip in slips:
                slip.handed_out_on = on
            record(session, "slip", None, "handed_out", batch=batch, count=len(slips))
            return len(slips)

    def set_unit_handed_out(self, unit_id: int, audience: str,
                            on: dt.date | None = None) -> int:
        """«Все карточки выданы»: every printed slip (named and blank) of a unit and audience
        not yet ticked is handed out on the date; returns how many."""
        on = on or dt.date.today()
        self.db.backup("before-mark-handed-out")
        with self.db.unit_of_work() as session:
            unit = _unit(session, unit_id)
            slips = session.scalars(
                select(Slip).join(Invitation, Invitation.id == Slip.invitation_id)
                .where(Invitation.unit_id == unit.id, Invitation.audience == audience,
                       Slip.handed_out_on.is_(None))).all()
            if not slips:
                _, vocab = _org_vocab(session)
                raise UserError(f"У «{unit.name}» ({audience_title(audience, vocab).lower()}) "
                                "нет невыданных карточек: сначала напечатайте их.")
            for slip in slips:
                slip.handed_out_on = on
            record(session, "slip", None, "handed_out", unit_id=unit.id, count=len(slips))
            return len(slips)

    def set_handed_out(self, unit_id: int, audience: str, person_ids: Iterable[int],
                       handed: bool = True, on: dt.date | None = None) -> int:
        """Tick (or untick) «выдана» on each person's latest slip for this unit and audience."""
        on = on or dt.date.today()
        ids = list(dict.fromkeys(person_ids))
        self.backup_before_bulk(len(ids), "before-mark-handed-out")
        with self.db.unit_of_work() as session:
            latest = _latest_slips(session, unit_id, audience, ids)
            missing = [pid for pid in ids if pid not in latest]
            if missing and len(missing) == len(ids):
                raise UserError("Этим людям ещё не печатали карточки: сначала напечатайте их.")
            for slip in latest.values():
                slip.handed_out_on = on if handed else None
            record(session, "slip", None, "handed_out" if handed else "not_handed_out",
                   count=len(latest))
            return len(latest)


def slip_note(audience: Audience, detail: str) -> str:
    """The small line under the name on a slip: whose parent, or the post."""
    if audience is Audience.PARENTS and detail:
        return f"{'дети' if ', ' in detail else 'ребёнок'}: {detail}"
    return detail


# ---- slips: helpers ------------------------------------------------------------------
def _check_request(request: SlipRequest) -> None:
    if not request.unit_ids:
        raise UserError("Выберите хотя бы одно подразделение.", field="units")
    if request.poster:
        return
    from sferum_desk.printing.slips import LAYOUTS

    if request.per_page not in LAYOUTS:
        raise UserError("На листе может быть 1, 2, 4, 6 или 8 карточек.", field="per_page")
    if not 1 <= request.start_position <= request.per_page:
        raise UserError(f"Начать можно с места от 1 до {request.per_page}: столько карточек "
                        "на листе.", field="start_position")
    if not request.named and not 1 <= request.blank_per_unit <= 500:
        raise UserError("Укажите, сколько пустых карточек на подразделение: от 1 до 500.",
                        field="blank_per_unit")


def _plan_slips(session: Session, org: Organization, vocab: Vocabulary, request: SlipRequest,
                today: dt.date) -> tuple[list[tuple[SlipData, int, int | None]], int, int]:
    """What to print: (slip, invitation id, person id) for each slip, and how many people
    were left out because they already joined, and because they declined."""
    from sferum_desk.printing.slips import SlipData

    audience = Audience(request.audience)
    wanted = set(request.person_ids) if request.person_ids is not None else None
    plan: list[tuple[SlipData, int, int | None]] = []
    skipped = refused = 0
    links = []  # every unit checked in the order chosen before anyone is looked up
    for unit_id in dict.fromkeys(request.unit_ids):
        unit = _unit(session, unit_id)
        _valid_audience(org, unit, audience, vocab)
        links.append((unit, _printable_link(session, unit, audience, vocab, today)))
    if request.named:
        people = _named_people(session, [unit for unit, _ in links], audience, wanted)
        joined = _joined(session, [unit.id for unit, _ in links], audience)
        declined = declined_dates(session, [pid for rows in people.values()
                                            for pid, _, _ in rows])
    for unit, invitation in links:
        base = SlipData(url=invitation.url, unit_label=unit_label(unit, vocab),
                        audience=audience.value, audience_title=audience_title(audience, vocab),
                        valid_until=invitation.valid_until)
        if not request.named:
            count = max(1, request.blank_per_unit)
            plan.extend((base, invitation.id, None) for _ in range(count))
            continue
        for person_id, full_name, detail in people[unit.id]:
            if (person_id, unit.id) in joined:
                skipped += 1
                continue
            if person_id in declined and not request.include_declined:
                refused += 1
                continue
            slip = SlipData(base.url, base.unit_label, base.audience, base.audience_title,
                            full_name, slip_note(audience, detail), base.valid_until)
            plan.append((slip, invitation.id, person_id))
    if not plan:
        if refused:
            raise UserError("Все выбранные уже вступили в «Сферум» или отказались от него: "
                            "печатать нечего (отказавшимся — только если попросить).")
        if skipped:
            raise UserError("Все выбранные уже вступили в «Сферум»: печатать нечего.")
        raise UserError("Некому печатать карточки: в выбранных подразделениях нет людей "
                        "этой аудитории, или никто не отмечен.")
    return plan, skipped, refused


def _named_people(session: Session, units: list[Unit], audience: Audience,
                  wanted: set[int] | None) -> dict[int, list[tuple[int, str, str]]]:
    """Each unit's audience as the unit's tab lists it (`_audience_rows`, the one rule of
    who a link is for, in one query for all units), kept to the chosen people."""
    rows = _audience_rows_of(session, [unit.id for unit in units], audience)
    return {uid: [row for row in people if wanted is None or row[0] in wanted]
            for uid, people in rows.items()}


def _joined(session: Session, unit_ids: list[int], audience: Audience) -> set[tuple[int, int]]:
    """(person, unit) of everyone who joined these units' chats for the audience: one query
    for all units, not one per unit (#17)."""
    return {(pid, uid) for pid, uid in session.execute(
        select(UnitJoin.person_id, UnitJoin.unit_id).where(
            UnitJoin.unit_id.in_(unit_ids), UnitJoin.audience == audience.value))}


def _save_slips(session: Session, plan: list[tuple[SlipData, int, int | None]],
                batch: str) -> None:
    """One executemany for the batch's slip rows in the plan's order; the ORM's unit of
    work built and flushed 10,000 Slip objects one by one (#17)."""
    if plan:
        session.execute(insert(Slip), [
            {"invitation_id": invitation_id, "person_id": person_id, "print_batch": batch}
            for _, invitation_id, person_id in plan])
