"""Coverage for the head: who of the counted audiences has joined the platform, per unit and
overall, how it grew week by week, and who is still missing.

The figures are read straight from the tables (Membership, Slip, Acknowledgement), so they
agree with whatever service marked the joins or the signatures.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sferum_desk.db.models import (
    Acknowledgement, Document, Guardian, GuardianLink, Invitation, Membership, Person, Slip,
    Staff, Student, Unit,
)
from sferum_desk.domain.coverage import (
    PARENTS, STAFF, STUDENTS, CoverageReport, MissingPerson, Ratio, UnitCoverage, WeekPoint,
    week_start,
)
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import vocabulary_for
from sferum_desk.domain.names import sort_key
from sferum_desk.domain.platform import COVERAGE_AUDIENCES_KEY, clean_audiences, default_audiences
from sferum_desk.domain.enums import UnitKind
from sferum_desk.services.base import Service, record
from sferum_desk.services.organization import current_year, get_org
from sferum_desk.services.output_files import write_atomically
from sferum_desk.services.refusals import declined_person_ids
from sferum_desk.services.structure import unit_sort_key

if TYPE_CHECKING:  # reportlab is loaded when a report is rendered, not at start-up
    from sferum_desk.printing.official import ProgressCallback

FORMATS = (".pdf", ".xlsx")


@dataclass
class _Roster:
    """Who is here today, read once; every figure is computed from this in memory."""
    names: dict[int, str] = field(default_factory=dict)
    phones: dict[int, str] = field(default_factory=dict)
    joined: dict[int, dt.date] = field(default_factory=dict)
    staff: dict[int, str] = field(default_factory=dict)  # person → position
    pupils: dict[int, tuple[int, int]] = field(default_factory=dict)  # student → (person, unit)
    parents_of: dict[int, list[int]] = field(default_factory=dict)  # student → guardian persons
    slips: dict[int, int] = field(default_factory=dict)  # unit → slips handed out
    slip_people: set[int] = field(default_factory=set)  # persons given a named slip
    pending: dict[int, int] = field(default_factory=dict)  # person → acts not yet signed
    declined: set[int] = field(default_factory=set)  # not joined, declined (services/refusals)

    def pupils_in(self, unit_id: int) -> list[tuple[int, int]]:
        """(student id, person id) of the unit."""
        return [(sid, pid) for sid, (pid, uid) in self.pupils.items() if uid == unit_id]


def _active(today: dt.date):
    return or_(Person.left_on.is_(None), Person.left_on > today)


def _read_roster(session: Session, today: dt.date) -> _Roster:
    roster = _Roster()
    for pid, last, first, patronymic, phone in session.execute(
            select(Person.id, Person.last_name, Person.first_name, Person.patronymic,
                   Person.phone).where(_active(today))):
        roster.names[pid] = " ".join(p for p in (last, first, patronymic) if p)
        roster.phones[pid] = phone or ""
    roster.joined = {pid: day for pid, day in session.execute(
        select(Membership.person_id, Membership.joined_on)) if pid in roster.names}
    roster.staff = {pid: pos or "" for pid, pos in session.execute(
        select(Staff.person_id, Staff.position)) if pid in roster.names}
    roster.pupils = {sid: (pid, uid) for sid, pid, uid in session.execute(
        select(Student.id, Student.person_id, Student.unit_id)
        .where(Student.unit_id.is_not(None))) if pid in roster.names}
    for sid, gpid in session.execute(
            select(GuardianLink.student_id, Guardian.person_id)
            .join(Guardian, Guardian.id == GuardianLink.guardian_id)
            .order_by(GuardianLink.id)):
        if sid in roster.pupils and gpid in roster.names:
            roster.parents_of.setdefault(sid, []).append(gpid)
    _read_slips(session, roster)
    _read_pending(session, roster)
    roster.declined = declined_person_ids(session) & set(roster.names)
    return roster


def _read_slips(session: Session, roster: _Roster) -> None:
    for unit_id, person_id in session.execute(
            select(Invitation.unit_id, Slip.person_id)
            .join(Invitation, Invitation.id == Slip.invitation_id)
            .where(Slip.handed_out_on.is_not(None))):
        if person_id is not None and person_id not in roster.names:
            continue  # a slip of someone who left
        roster.slips[unit_id] = roster.slips.get(unit_id, 0) + 1
        if person_id is not None:
            roster.slip_people.add(person_id)


def _read_pending(session: Session, roster: _Roster) -> None:
    """Pending signatures of current editions only (an old edition's round is history)."""
    replaced = select(Document.replaces_id).where(Document.replaces_id.is_not(None))
    for (person_id,) in session.execute(
            select(Acknowledgement.person_id)
            .where(Acknowledgement.signed_on.is_(None),
                   Acknowledgement.document_id.not_in(replaced))):
        if person_id in roster.names:
            roster.pending[person_id] = roster.pending.get(person_id, 0) + 1


def _ratio(people: list[int] | set[int], joined: dict[int, dt.date],
           declined: set[int] = frozenset()) -> Ratio:
    people = set(people)
    return Ratio(sum(1 for p in people if p in joined), len(people), len(people & declined))


def _families(roster: _Roster, students: list[int]) -> Ratio:
    """Pupils (by student id) with at least one joined parent; a family declined when the
    pupil's family refused or every parent did."""
    joined = declined = 0
    for sid in students:
        parents = roster.parents_of.get(sid, ())
        if any(g in roster.joined for g in parents):
            joined += 1
        elif roster.pupils[sid][0] in roster.declined or (
                parents and all(g in roster.declined for g in parents)):
            declined += 1
    return Ratio(joined, len(students), declined)


def _unit_line(roster: _Roster, unit: Unit, audiences: tuple[str, ...]) -> UnitCoverage:
    if unit.kind == UnitKind.STAFF_ROOM.value:
        staff = set(roster.staff)
        return UnitCoverage(unit.id, unit.name, True,
                            _ratio(staff, roster.joined, roster.declined)
                            if STAFF in audiences else None,
                            None, None, None, roster.slips.get(unit.id, 0),
                            sum(roster.pending.get(p, 0) for p in staff))
    pupils = roster.pupils_in(unit.id)
    student_ids = [sid for sid, _ in pupils]
    pupil_people = {pid for _, pid in pupils}
    parents = {g for sid in student_ids for g in roster.parents_of.get(sid, ())}
    counted = (pupil_people if STUDENTS in audiences else set()) | \
        (parents if PARENTS in audiences else set())
    return UnitCoverage(
        unit.id, unit.name, False, None,
        _ratio(pupil_people, roster.joined, roster.declined) if STUDENTS in audiences else None,
        _families(roster, student_ids) if PARENTS in audiences else None,
        _ratio(parents, roster.joined, roster.declined) if PARENTS in audiences else None,
        roster.slips.get(unit.id, 0),
        sum(roster.pending.get(p, 0) for p in counted))


def _total_line(roster: _Roster, lines: list[UnitCoverage],
                audiences: tuple[str, ...]) -> UnitCoverage:
    unit_ids = {line.unit_id for line in lines}
    student_ids = [sid for sid, (_pid, uid) in roster.pupils.items() if uid in unit_ids]
    pupil_people = {roster.pupils[sid][0] for sid in student_ids}
    parents = {g for sid in student_ids for g in roster.parents_of.get(sid, ())}
    counted = (set(roster.staff) if STAFF in audiences else set()) | \
        (pupil_people if STUDENTS in audiences else set()) | \
        (parents if PARENTS in audiences else set())
    return UnitCoverage(
        None, "Итого", False,
        _ratio(set(roster.staff), roster.joined, roster.declined) if STAFF in audiences else None,
        _ratio(pupil_people, roster.joined, roster.declined) if STUDENTS in audiences else None,
        _families(roster, student_ids) if PARENTS in audiences else None,
        _ratio(parents, roster.joined, roster.declined) if PARENTS in audiences else None,
        sum(line.slips_handed for line in lines),
        sum(roster.pending.get(p, 0) for p in counted))


def _growth(roster: _Roster, lines: list[UnitCoverage], audiences: tuple[str, ...],
            today: dt.date) -> tuple[WeekPoint, ...]:
    """Cumulative joins per audience, one point per week from the first join to today."""
    unit_ids = {line.unit_id for line in lines}
    groups: dict[str, set[int]] = {STAFF: set(), STUDENTS: set(), PARENTS: set()}
    if STAFF in audiences:
        groups[STAFF] = set(roster.staff)
    for sid, (pid, uid) in roster.pupils.items():
        if uid not in unit_ids:
            continue
        if STUDENTS in audiences:
            groups[STUDENTS].add(pid)
        if PARENTS in audiences:
            groups[PARENTS].update(roster.parents_of.get(sid, ()))
    weeks: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    everyone: set[int] = set()
    for audience, people in groups.items():
        for pid in people:
            if pid in roster.joined:
                weeks[week_start(roster.joined[pid])][audience] += 1
                everyone.add(pid)
    if not weeks:
        return ()
    added: dict[dt.date, set[int]] = defaultdict(set)
    for pid in everyone:
        added[week_start(roster.joined[pid])].add(pid)
    points, running = [], {STAFF: 0, STUDENTS: 0, PARENTS: 0}
    week, last = min(weeks), max(max(weeks), week_start(today))
    while week <= last:
        for audience in running:
            running[audience] += weeks.get(week, {}).get(audience, 0)
        points.append(WeekPoint(week, len(added.get(week, ())), running[STAFF],
                                running[STUDENTS], running[PARENTS]))
        week += dt.timedelta(days=7)
    return tuple(points)


def _missing(roster: _Roster, unit: Unit, audiences: tuple[str, ...]) -> list[MissingPerson]:
    rows: list[MissingPerson] = []

    def add(pid: int, audience: str, detail: str) -> None:
        if pid in roster.declined:
            return  # they chose another channel: not someone to chase
        rows.append(MissingPerson(pid, unit.id, unit.name, audience, roster.names[pid], detail,
                                  roster.phones.get(pid, ""), pid in roster.slip_people))

    if unit.kind == UnitKind.STAFF_ROOM.value:
        if STAFF in audiences:
            for pid, position in roster.staff.items():
                if pid not in roster.joined:
                    add(pid, STAFF, position)
        return _sorted(rows)
    pupils = roster.pupils_in(unit.id)
    if STUDENTS in audiences:
        for _sid, pid in pupils:
            if pid not in roster.joined:
                add(pid, STUDENTS, "")
    if PARENTS in audiences:
        children: dict[int, list[str]] = defaultdict(list)
        for sid, pid in pupils:
            parents = roster.parents_of.get(sid, [])
            if not parents:
                rows.append(MissingPerson(pid, unit.id, unit.name, PARENTS,
                                          "(родители не указаны)", roster.names[pid], "",
                                          False))
            for g in parents:
                children[g].append(roster.names[pid])
        for g, names in children.items():
            if g not in roster.joined:
                add(g, PARENTS, ", ".join(sorted(names, key=sort_key)))
    return _sorted(rows)


def _sorted(rows: list[MissingPerson]) -> list[MissingPerson]:
    order = {STAFF: 0, STUDENTS: 1, PARENTS: 2}
    return sorted(rows, key=lambda r: (order[r.audience], sort_key(r.full_name),
                                       sort_key(r.detail)))


class ReportsService(Service):
    # ---- which audiences count ---------------------------------------------------------
    def audiences(self) -> list[str]:
        with self.db.unit_of_work() as session:
            return _audiences(get_org(session))

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
            audiences = tuple(_audiences(org))
            roster = _read_roster(session, today)
            units = _report_units(session, audiences)
            lines = [_unit_line(roster, unit, audiences) for unit in units]
            missing = ([row for unit in units for row in _missing(roster, unit, audiences)]
                       if with_missing else [])
            return CoverageReport(
                organization=org.short_name or org.full_name, head_title=words.head_title,
                head_name=org.head_name, unit_word=words.unit, students_word=words.students,
                as_of=today, academic_year=current_year(session).title,
                audiences=audiences, units=tuple(lines),
                total=_total_line(roster, lines, audiences),
                growth=_growth(roster, lines, audiences, today), missing=tuple(missing))

    def missing(self, unit_id: int, today: dt.date | None = None) -> list[MissingPerson]:
        """Who of the counted audiences has not joined, in one unit."""
        today = today or dt.date.today()
        with self.db.unit_of_work() as session:
            org = get_org(session)
            unit = session.get(Unit, unit_id)
            if unit is None:
                raise UserError("Такого подразделения больше нет: обновите отчёт.")
            return _missing(_read_roster(session, today), unit, tuple(_audiences(org)))

    # ---- files ------------------------------------------------------------------------
    def export(self, path: Path | str, today: dt.date | None = None,
               progress: ProgressCallback | None = None) -> Path:
        """The head's PDF or the Excel workbook, by the file's extension; all or nothing.

        `progress(page, pages)` is called while the PDF is laid out and may raise Cancelled.
        """
        target = Path(path).expanduser()
        suffix = target.suffix.lower()
        if suffix not in FORMATS:
            raise UserError("Укажите файл с расширением .pdf (отчёт для руководителя) или "
                            ".xlsx (таблица Excel).", field="path")
        report = self.coverage(today, with_missing=True)
        return write_atomically(target, render(report, suffix, progress))


def render(report: CoverageReport, suffix: str,
           progress: ProgressCallback | None = None) -> bytes:
    if suffix == ".pdf":
        from sferum_desk.printing.report import render_coverage_pdf

        return render_coverage_pdf(report, progress)
    from sferum_desk.exporters.coverage import coverage_workbook

    return coverage_workbook(report)


def _audiences(org) -> list[str]:
    stored = (org.settings or {}).get(COVERAGE_AUDIENCES_KEY)
    return clean_audiences(stored) if stored else default_audiences(org.kind)


def _report_units(session: Session, audiences: tuple[str, ...]) -> list[Unit]:
    """The staff room (when staff count) and the current year's units (when pupils or
    parents count); graduated units stay with their year."""
    year = current_year(session)
    units = session.scalars(select(Unit).where(or_(
        Unit.kind == UnitKind.STAFF_ROOM.value, Unit.academic_year_id == year.id,
        Unit.academic_year_id.is_(None))))
    wanted = []
    for unit in units:
        if unit.kind == UnitKind.STAFF_ROOM.value:
            if STAFF in audiences:
                wanted.append(unit)
        elif STUDENTS in audiences or PARENTS in audiences:
            wanted.append(unit)
    return sorted(wanted, key=lambda u: (u.kind != UnitKind.STAFF_ROOM.value,
                                         unit_sort_key(u.name)))

