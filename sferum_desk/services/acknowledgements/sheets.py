"""Paper and spreadsheets of acts: the familiarisation list (PDF), the status of one act
and the summary of all (Excel)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from sferum_desk.db.models import Acknowledgement, Document, Organization, Person
from sferum_desk.domain.enums import Audience
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import vocabulary_for
from sferum_desk.domain.names import sort_key
from sferum_desk.services.acknowledgements.common import _document, _full_name, _org
from sferum_desk.services.acknowledgements.pending import _active
from sferum_desk.services.acknowledgements.rows import AckRow, ActRow, SheetOptions
from sferum_desk.services.acknowledgements.signatures import _extras_for
from sferum_desk.services.base import Service
from sferum_desk.services.output_files import require_suffix, write_atomically

if TYPE_CHECKING:
    from sferum_desk.printing.familiarisation import SheetData
    from sferum_desk.printing.official import ProgressCallback


def _printed_date(person: AckRow, options: SheetOptions) -> dt.date | None:
    if options.date_mode == "fixed":
        return options.fixed_date
    if options.date_mode == "signed":
        return person.signed_on
    return None


def _person_extras(session: Session) -> dict[int, str]:
    """For the summary: a position, or the unit of a pupil or of a parent's children."""
    extras = _extras_for(session, {"kind": Audience.PARENTS.value})
    extras.update(_extras_for(session, {"kind": Audience.STUDENTS.value}))
    extras.update({pid: pos for pid, pos in
                   _extras_for(session, {"kind": Audience.STAFF.value}).items() if pos})
    return extras


def _short_caption(act: ActRow) -> str:
    caption = act.caption if len(act.caption) <= 60 else act.caption[:57].rstrip() + "…"
    if act.number:
        caption += f" № {act.number}"
    return caption



class SheetsMixin(Service):
    # ---- paper and spreadsheets --------------------------------------------------
    def sheet_data(self, act_id: int, options: SheetOptions = SheetOptions()) -> SheetData:
        """What the familiarisation list shows; reads the database (call on the GUI thread)."""
        from sferum_desk.printing.familiarisation import SheetData, SheetRow

        if options.date_mode == "fixed" and options.fixed_date is None:
            raise UserError("Укажите дату, которую впечатать в лист.", field="fixed_date")
        with self.db.unit_of_work() as session:
            org = _org(session)
            document = _document(session, act_id)
            people = self._people(session, document, options.pending_only)
            if not people:
                raise UserError("Все уже ознакомлены: печатать нечего." if options.pending_only
                                else "В списке этого акта никого нет: проверьте, кого он "
                                     "касается.")
            extra = self._extra_title(org, document) if options.extra_column else ""
            rows = [SheetRow(p.full_name, p.extra if extra else "",
                             _printed_date(p, options)) for p in people]
            return SheetData(organization=org.full_name, doc_type=document.doc_type,
                             title=document.title, number=document.number,
                             issued_on=document.issued_on, rows=rows, extra_column=extra)

    @staticmethod
    def write_sheet(sheet: SheetData, out: Path | str,
                    progress: ProgressCallback | None = None) -> Path:
        """Render and save the list; touches no database, so it may run off the GUI thread.
        A Cancelled raised by `progress` leaves no file behind."""
        from sferum_desk.printing.familiarisation import render_sheet

        require_suffix(out, ".pdf")
        return write_atomically(out, render_sheet(sheet, progress))

    def save_sheet(self, act_id: int, out: Path | str,
                   options: SheetOptions = SheetOptions()) -> Path:
        return self.write_sheet(self.sheet_data(act_id, options), out)

    def export_status(self, act_id: int, out: Path | str) -> Path:
        """The act's status as an Excel sheet: who signed and when, who has not."""
        from sferum_desk.exporters.acknowledgements import StatusLine, StatusSheet, status_workbook

        require_suffix(out, ".xlsx")
        with self.db.unit_of_work() as session:
            org = _org(session)
            document = _document(session, act_id)
            people = self._people(session, document, False)
            row = self._rows(session, [act_id], True, dt.date.today())[0]
            sheet = StatusSheet(
                organization=org.full_name, caption=row.reference,
                extra_column=self._extra_title(org, document),
                lines=[StatusLine(p.full_name, p.extra, p.signed_on, p.left) for p in people],
                deadline=document.deadline)
        return write_atomically(out, status_workbook(sheet))

    def export_summary(self, out: Path | str) -> Path:
        """Current acts × people for the head: dates signed, «не ознакомлен(а)», or «—»."""
        from sferum_desk.exporters.acknowledgements import (
            SummaryPerson,
            SummarySheet,
            summary_workbook,
        )

        require_suffix(out, ".xlsx")
        with self.db.unit_of_work() as session:
            org = _org(session)
            acts = self._rows(session, None, False, dt.date.today())
            if not acts:
                raise UserError("Ещё нет ни одного акта: сначала добавьте акт.")
            cells: dict[int, dict[int, dt.date | bool]] = {}
            active = set(session.scalars(select(Person.id).where(_active())))
            for doc_id, pid, signed in session.execute(
                    select(Acknowledgement.document_id, Acknowledgement.person_id,
                           Acknowledgement.signed_on)
                    .where(Acknowledgement.document_id.in_([a.id for a in acts]))):
                if signed is not None or pid in active:
                    cells.setdefault(pid, {})[doc_id] = signed or False
            names = {pid: _full_name((last, first, patr)) for pid, last, first, patr in
                     session.execute(select(Person.id, Person.last_name, Person.first_name,
                                            Person.patronymic)
                                     .where(Person.id.in_(list(cells))))}
            extras = _person_extras(session)
            people = sorted(
                (SummaryPerson(names[pid], extras.get(pid, ""),
                               [by_act.get(a.id) for a in acts])
                 for pid, by_act in cells.items()), key=lambda p: sort_key(p.name))
            sheet = SummarySheet(org.full_name,
                                 [_short_caption(a) for a in acts], people)
        return write_atomically(out, summary_workbook(sheet))

    @staticmethod
    def _extra_title(org: Organization, document: Document) -> str:
        kind = (document.audience or {}).get("kind", Audience.STAFF.value)
        if kind == Audience.STAFF.value:
            return "Должность"
        return vocabulary_for(org.kind, org.vocabulary_overrides).unit
