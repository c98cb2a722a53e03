"""Coverage for the head: who of the counted audiences has joined the platform, per unit and
overall, how it grew week by week, and who is still missing.

The figures are read straight from the tables (UnitJoin, Slip, Acknowledgement), so they
agree with whatever service marked the joins or the signatures.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sferum_desk.db.models import (
    Acknowledgement, Document, Guardian, GuardianLink, Invitation, Person, Slip, Staff, Student,
    Unit, UnitJoin,
)
from sferum_desk.domain.coverage import CoverageReport, MissingPerson
from sferum_desk.domain.coverage_rule import (
    Roster, RosterRows, counted_audiences, figures, fill_roster, missing_in, report_units,
)
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import vocabulary_for
from sferum_desk.domain.platform import COVERAGE_AUDIENCES_KEY, clean_audiences
from sferum_desk.domain.enums import UnitKind
from sferum_desk.services.base import Service, core_rows, record
from sferum_desk.services.organization import current_year, get_org
from sferum_desk.services.coverage_rows import FORMATS, export_report, render  # noqa: F401 (moved)
from sferum_desk.services.refusals import declined_person_ids

if TYPE_CHECKING:  # reportlab is loaded when a report is rendered, not at start-up
    from sferum_desk.printing.official import ProgressCallback



def _active(today: dt.date):
    return or_(Person.left_on.is_(None), Person.left_on > today)


def _read_roster(session: Session, today: dt.date, with_names: bool = False) -> Roster:
    """A handful of grouped reads (Core rows, no ORM objects): #17 measured one query per
    unit × audience here before."""
    replaced = select(Document.replaces_id).where(Document.replaces_id.is_not(None))
    return fill_roster(RosterRows(
        people=_rows(session, select(Person.id, Person.last_name, Person.first_name,
                                     Person.patronymic, Person.phone).where(_active(today))
                     if with_names else select(Person.id).where(_active(today))),
        joins=_rows(session, select(UnitJoin.person_id, UnitJoin.unit_id, UnitJoin.audience,
                                    UnitJoin.joined_on)),
        staff=_rows(session, select(Staff.person_id, Staff.position)),
        pupils=_rows(session, select(Student.id, Student.person_id, Student.unit_id)
                     .where(Student.unit_id.is_not(None))),
        links=_rows(session, select(GuardianLink.student_id, Guardian.person_id)
                    .join(Guardian, Guardian.id == GuardianLink.guardian_id)
                    .order_by(GuardianLink.id)),
        slips=_rows(session, select(Invitation.unit_id, Slip.person_id, Slip.handed_out_on)
                    .join(Invitation, Invitation.id == Slip.invitation_id)),
        # pending signatures of current editions only (an old edition's round is history)
        pending=_rows(session, select(Acknowledgement.person_id)
                      .where(Acknowledgement.signed_on.is_(None),
                             Acknowledgement.document_id.not_in(replaced))),
        declined=declined_person_ids(session)), with_names)


def _rows(session: Session, statement):
    return core_rows(session, statement).all()


class ReportsService(Service):
    # ---- which audiences count ---------------------------------------------------------
    def audiences(self) -> list[str]:
        with self.db.unit_of_work() as session:
            return _audiences(session, get_org(session))

    def set_audiences(self, audiences: list[str]) -> list[str]:
        chosen = clean_audiences(audiences)
        if not chosen:
            raise UserError("Выберите хотя бы одну аудиторию: сотрудников, обучающихся или "
                            "родителей.", field="audiences")
        with self.db.unit_of_work() as session:
            org = get_org(session)
            settings = dict(org.settings or {})
            settings[COVERAGE_AUDIENCES_KEY] = chosen
            org.settings = settings
            record(session, "organization", org.id, "coverage_audiences", audiences=chosen)
        return chosen

    # ---- the figures ------------------------------------------------------------------
    def coverage(self, today: dt.date | None = None, with_missing: bool = False) \
            -> CoverageReport:
        """Coverage per unit of the current year and overall; the counted audiences only."""
        today = today or dt.date.today()
        with self.db.unit_of_work() as session:
            org = get_org(session)
            words = vocabulary_for(org.kind, org.vocabulary_overrides)
            audiences = tuple(_audiences(session, org))
            roster = _read_roster(session, today, with_names=with_missing)
            found = figures(roster, _report_units(session, audiences), audiences, today,
                            with_missing)
            return CoverageReport(
                organization=org.short_name or org.full_name, head_title=words.head_title,
                head_name=org.head_name, unit_word=words.unit, students_word=words.students,
                as_of=today, academic_year=current_year(session).title,
                audiences=audiences, units=found.units, total=found.total,
                growth=found.growth, missing=found.missing)

    def missing(self, unit_id: int, today: dt.date | None = None) -> list[MissingPerson]:
        """Who of the counted audiences has not joined, in one unit."""
        today = today or dt.date.today()
        with self.db.unit_of_work() as session:
            org = get_org(session)
            unit = session.get(Unit, unit_id)
            if unit is None:
                raise UserError("Такого подразделения больше нет: обновите отчёт.")
            return missing_in(_read_roster(session, today, with_names=True), unit,
                             tuple(_audiences(session, org)))

    # ---- files ------------------------------------------------------------------------
    def export(self, path: Path | str, today: dt.date | None = None,
               progress: ProgressCallback | None = None) -> Path:
        """The head's PDF or the Excel workbook, by the file's extension; all or nothing
        (services/coverage_rows.export_report: read as plain SQL, #17).

        `progress(page, pages)` is called while the PDF is laid out and may raise Cancelled.
        """
        return export_report(self.db, path, self.coverage, today, progress)


def _audiences(session: Session, org) -> list[str]:
    linked = set(session.scalars(select(Invitation.audience).distinct()))
    return counted_audiences((org.settings or {}).get(COVERAGE_AUDIENCES_KEY), org.kind, linked)


def _report_units(session: Session, audiences: tuple[str, ...]) -> list[Unit]:
    """The staff room (when staff count) and the current year's units (when pupils or
    parents count); graduated units stay with their year."""
    year = current_year(session)
    return report_units(session.scalars(select(Unit).where(or_(
        Unit.kind == UnitKind.STAFF_ROOM.value, Unit.academic_year_id == year.id,
        Unit.academic_year_id.is_(None)))), audiences)
