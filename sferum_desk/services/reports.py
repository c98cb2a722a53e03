"""Coverage for the head: who of the counted audiences has joined the platform, per unit and
overall, how it grew week by week, and who is still missing.

The figures are read straight from the tables (UnitJoin, Slip, Acknowledgement), so they
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
    Acknowledgement, Document, Guardian, GuardianLink, Invitation, Person, Slip, Staff, Student,
    Unit, UnitJoin,
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
    joins: dict[tuple[int, int, str], dt.date] = field(default_factory=dict)  # person×unit×aud
    staff: dict[int, str] = field(default_factory=dict)  # person → position
    pupils: dict[int, tuple[int, int]] = field(default_factory=dict)  # student → (person, unit)
    by_unit: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # unit → pupils
    parents_of: dict[int, list[int]] = field(default_factory=dict)  # student → guardian persons
    slips: dict[int, int] = field(default_factory=dict)  # unit → slips handed out
    printed: dict[int, int] = field(default_factory=dict)  # unit → slips printed
    slip_people: set[tuple[int, int]] = field(default_factory=set)  # (person, unit) handed
    pending: dict[int, int] = field(default_factory=dict)  # person → acts not yet signed
    family: dict[int, int] = field(default_factory=dict)  # student → family id
    declined: set[int] = field(default_factory=set)  # not joined, declined (services/refusals)

    def pupils_in(self, unit_id: int) -> list[tuple[int, int]]:
        """(student id, person id) of the unit."""
        return self.by_unit.get(unit_id, [])

    def joined(self, person_id: int, unit_id: int, audience: str) -> dt.date | None:
        return self.joins.get((person_id, unit_id, audience))


def _active(today: dt.date):
    return or_(Person.left_on.is_(None), Person.left_on > today)


def _read_roster(session: Session, today: dt.date, with_names: bool = False) -> _Roster:
    """A handful of grouped reads (Core rows, no ORM objects): #17 measured one query per
    unit × audience here before."""
    roster = _Roster()
    rows = _rows(session, select(Person.id, Person.last_name, Person.first_name,
                                 Person.patronymic, Person.phone).where(_active(today))
                 if with_names else select(Person.id).where(_active(today)))
    for pid, *rest in rows:
        roster.names[pid] = " ".join(p for p in rest[:3] if p) if with_names else ""
        if with_names:
            roster.phones[pid] = rest[3] or ""
    here = roster.names
    roster.joins = {(pid, uid, aud): day for pid, uid, aud, day in _rows(session, select(
        UnitJoin.person_id, UnitJoin.unit_id, UnitJoin.audience, UnitJoin.joined_on))
        if pid in here}
    roster.staff = {pid: pos or "" for pid, pos in _rows(
        session, select(Staff.person_id, Staff.position)) if pid in here}
    roster.pupils = {sid: (pid, uid) for sid, pid, uid in _rows(session, select(
        Student.id, Student.person_id, Student.unit_id).where(Student.unit_id.is_not(None)))
        if pid in here}
    for sid, (pid, uid) in roster.pupils.items():
        roster.by_unit.setdefault(uid, []).append((sid, pid))
    for sid, gpid in _rows(session, select(GuardianLink.student_id, Guardian.person_id)
                           .join(Guardian, Guardian.id == GuardianLink.guardian_id)
                           .order_by(GuardianLink.id)):
        if sid in roster.pupils and gpid in here:
            roster.parents_of.setdefault(sid, []).append(gpid)
    roster.family = _family_ids(roster)
    _read_slips(session, roster)
    _read_pending(session, roster)
    roster.declined = declined_person_ids(session) & set(roster.names)
    return roster


def _rows(session: Session, statement):
    return session.connection().execute(statement).all()


def _family_ids(roster: _Roster) -> dict[int, int]:
    """Pupils who share a parent are one family (siblings, in one unit or in several): each
    student id → its family's id (a pupil without parents is a family of their own)."""
    family: dict[int, int] = {}

    def root(sid: int) -> int:
        while family[sid] != sid:
            family[sid] = family[family[sid]]
            sid = family[sid]
        return sid

    first_child: dict[int, int] = {}
    for sid in roster.pupils:
        family[sid] = sid
        for parent in roster.parents_of.get(sid, ()):
            other = first_child.setdefault(parent, sid)
            if other != sid:
                family[root(sid)] = root(other)
    return {sid: root(sid) for sid in roster.pupils}


def _read_slips(session: Session, roster: _Roster) -> None:
    for unit_id, person_id, handed in _rows(session,
            select(Invitation.unit_id, Slip.person_id, Slip.handed_out_on)
            .join(Invitation, Invitation.id == Slip.invitation_id)):
        if person_id is not None and person_id not in roster.names:
            continue  # a slip of someone who left
        roster.printed[unit_id] = roster.printed.get(unit_id, 0) + 1
        if handed is None:
            continue
        roster.slips[unit_id] = roster.slips.get(unit_id, 0) + 1
        if person_id is not None:
            roster.slip_people.add((person_id, unit_id))


def _read_pending(session: Session, roster: _Roster) -> None:
    """Pending signatures of current editions only (an old edition's round is history)."""
    replaced = select(Document.replaces_id).where(Document.replaces_id.is_not(None))
    for (person_id,) in _rows(session,
            select(Acknowledgement.person_id)
            .where(Acknowledgement.signed_on.is_(None),
                   Acknowledgement.document_id.not_in(replaced))):
        if person_id in roster.names:
            roster.pending[person_id] = roster.pending.get(person_id, 0) + 1


def _ratio(people: set[int], joined: set[int], declined: set[int] = frozenset()) -> Ratio:
    """Joined of `people`; `declined` counts those who refused and did not join after all."""
    return Ratio(len(people & joined), len(people), len((people & declined) - joined))


def _families(roster: _Roster, students: list[int], unit_id: int | None) -> Ratio:
    """Families with at least one parent joined (in this unit's chat; for the total, in the
    chat of any of the family's units): siblings' parents are one family. A family not joined
    declined when a pupil's family refused or every parent did (services/refusals)."""
    families, joined, refused = set(), set(), set()
    for sid in students:
        family = roster.family[sid]
        families.add(family)
        if family in joined:
            continue
        unit = unit_id if unit_id is not None else roster.pupils[sid][1]
        parents = roster.parents_of.get(sid, ())
        if any((g, unit, PARENTS) in roster.joins for g in parents):
            joined.add(family)
        elif roster.pupils[sid][0] in roster.declined or (
                parents and all(g in roster.declined for g in parents)):
            refused.add(family)
    return Ratio(len(joined), len(families), len(refused - joined))


def _unit_people(roster: _Roster, unit_id: int) -> tuple[list[int], set[int], set[int]]:
    pupils = roster.pupils_in(unit_id)
    student_ids = [sid for sid, _ in pupils]
    parents = {g for sid in student_ids for g in roster.parents_of.get(sid, ())}
    return student_ids, {pid for _, pid in pupils}, parents


def _joined_in(roster: _Roster, people: set[int], unit_id: int, audience: str) -> set[int]:
    return {p for p in people if roster.joined(p, unit_id, audience)}


def _unit_line(roster: _Roster, unit: Unit, audiences: tuple[str, ...]) -> UnitCoverage:
    if unit.kind == UnitKind.STAFF_ROOM.value:
        staff = set(roster.staff)
        joined = _joined_in(roster, staff, unit.id, STAFF)
        return UnitCoverage(unit.id, unit.name, True,
                            _ratio(staff, joined, roster.declined) if STAFF in audiences else None,
                            None, None, None, roster.slips.get(unit.id, 0),
                            sum(roster.pending.get(p, 0) for p in staff),
                            roster.printed.get(unit.id, 0))
    student_ids, pupil_people, parents = _unit_people(roster, unit.id)
    counted = (pupil_people if STUDENTS in audiences else set()) | \
        (parents if PARENTS in audiences else set())
    return UnitCoverage(
        unit.id, unit.name, False, None,
        _ratio(pupil_people, _joined_in(roster, pupil_people, unit.id, STUDENTS), roster.declined)
        if STUDENTS in audiences else None,
        _families(roster, student_ids, unit.id) if PARENTS in audiences else None,
        _ratio(parents, _joined_in(roster, parents, unit.id, PARENTS), roster.declined)
        if PARENTS in audiences else None,
        roster.slips.get(unit.id, 0),
        sum(roster.pending.get(p, 0) for p in counted), roster.printed.get(unit.id, 0))


def _counted_joins(roster: _Roster, lines: list[UnitCoverage],
                   audiences: tuple[str, ...]) -> dict[str, dict[int, dt.date]]:
    """Per audience, each counted person's first join in a counted unit's chat: a person
    is one person however many units they joined."""
    unit_ids = {line.unit_id for line in lines}
    staff_rooms = {line.unit_id for line in lines if line.is_staff_room}
    first: dict[str, dict[int, dt.date]] = {STAFF: {}, STUDENTS: {}, PARENTS: {}}

    def note(audience: str, pid: int, day: dt.date | None) -> None:
        if day is not None and (pid not in first[audience] or day < first[audience][pid]):
            first[audience][pid] = day

    if STAFF in audiences:
        for pid in roster.staff:
            for room in staff_rooms:
                note(STAFF, pid, roster.joined(pid, room, STAFF))
    for sid, (pid, uid) in roster.pupils.items():
        if uid not in unit_ids:
            continue
        if STUDENTS in audiences:
            note(STUDENTS, pid, roster.joined(pid, uid, STUDENTS))
        if PARENTS in audiences:
            for g in roster.parents_of.get(sid, ()):
                note(PARENTS, g, roster.joined(g, uid, PARENTS))
    return first


def _total_line(roster: _Roster, lines: list[UnitCoverage], audiences: tuple[str, ...],
                first: dict[str, dict[int, dt.date]]) -> UnitCoverage:
    """«Итого» counts every person once: a parent of two units is one parent, siblings'
    parents are one family."""
    unit_ids = {line.unit_id for line in lines}
    student_ids = [sid for sid, (_pid, uid) in roster.pupils.items() if uid in unit_ids]
    pupil_people = {roster.pupils[sid][0] for sid in student_ids}
    parents = {g for sid in student_ids for g in roster.parents_of.get(sid, ())}
    staff = set(roster.staff)
    counted = (staff if STAFF in audiences else set()) | \
        (pupil_people if STUDENTS in audiences else set()) | \
        (parents if PARENTS in audiences else set())
    return UnitCoverage(
        None, "Итого", False,
        _ratio(staff, set(first[STAFF]), roster.declined) if STAFF in audiences else None,
        _ratio(pupil_people, set(first[STUDENTS]), roster.declined)
        if STUDENTS in audiences else None,
        _families(roster, student_ids, None) if PARENTS in audiences else None,
        _ratio(parents, set(first[PARENTS]), roster.declined) if PARENTS in audiences else None,
        sum(line.slips_handed for line in lines),
        sum(roster.pending.get(p, 0) for p in counted),
        sum(line.slips_printed for line in lines))


def _growth(first: dict[str, dict[int, dt.date]], today: dt.date) -> tuple[WeekPoint, ...]:
    """Cumulative joins per audience, one point per week from the first join to today."""
    weeks: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    earliest: dict[int, dt.date] = {}
    for audience, people in first.items():
        for pid, day in people.items():
            weeks[week_start(day)][audience] += 1
            earliest[pid] = min(day, earliest.get(pid, day))
    if not weeks:
        return ()
    added: dict[dt.date, int] = defaultdict(int)
    for day in earliest.values():
        added[week_start(day)] += 1
    points, running = [], {STAFF: 0, STUDENTS: 0, PARENTS: 0}
    week, last = min(weeks), max(max(weeks), week_start(today))
    while week <= last:
        for audience in running:
            running[audience] += weeks.get(week, {}).get(audience, 0)
        points.append(WeekPoint(week, added.get(week, 0), running[STAFF],
                                running[STUDENTS], running[PARENTS]))
        week += dt.timedelta(days=7)
    return tuple(points)


def _missing(roster: _Roster, unit: Unit, audiences: tuple[str, ...]) -> list[MissingPerson]:
    rows: list[MissingPerson] = []

    def add(pid: int, audience: str, detail: str) -> None:
        if pid in roster.declined:
            return  # they chose another channel: not someone to chase
        rows.append(MissingPerson(pid, unit.id, unit.name, audience, roster.names[pid], detail,
                                  roster.phones.get(pid, ""),
                                  (pid, unit.id) in roster.slip_people))

    if unit.kind == UnitKind.STAFF_ROOM.value:
        if STAFF in audiences:
            for pid, position in roster.staff.items():
                if not roster.joined(pid, unit.id, STAFF):
                    add(pid, STAFF, position)
        return _sorted(rows)
    pupils = roster.pupils_in(unit.id)
    if STUDENTS in audiences:
        for _sid, pid in pupils:
            if not roster.joined(pid, unit.id, STUDENTS):
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
            if not roster.joined(g, unit.id, PARENTS):
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
            units = _report_units(session, audiences)
            lines = [_unit_line(roster, unit, audiences) for unit in units]
            first = _counted_joins(roster, lines, audiences)
            missing = ([row for unit in units for row in _missing(roster, unit, audiences)]
                       if with_missing else [])
            return CoverageReport(
                organization=org.short_name or org.full_name, head_title=words.head_title,
                head_name=org.head_name, unit_word=words.unit, students_word=words.students,
                as_of=today, academic_year=current_year(session).title,
                audiences=audiences, units=tuple(lines),
                total=_total_line(roster, lines, audiences, first),
                growth=_growth(first, today), missing=tuple(missing))

    def missing(self, unit_id: int, today: dt.date | None = None) -> list[MissingPerson]:
        """Who of the counted audiences has not joined, in one unit."""
        today = today or dt.date.today()
        with self.db.unit_of_work() as session:
            org = get_org(session)
            unit = session.get(Unit, unit_id)
            if unit is None:
                raise UserError("Такого подразделения больше нет: обновите отчёт.")
            return _missing(_read_roster(session, today, with_names=True), unit,
                            tuple(_audiences(session, org)))

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
        # only the workbook lists who is missing; the PDF never shows it (#17: ~0.3 s)
        report = self.coverage(today, with_missing=suffix == ".xlsx")
        return write_atomically(target, render(report, suffix, progress))


def render(report: CoverageReport, suffix: str,
           progress: ProgressCallback | None = None) -> bytes:
    if suffix == ".pdf":
        from sferum_desk.printing.report import render_coverage_pdf

        return render_coverage_pdf(report, progress)
    from sferum_desk.exporters.coverage import coverage_workbook

    return coverage_workbook(report)


def _audiences(session: Session, org) -> list[str]:
    """The audiences the user chose; else those of the kind the organisation has links for
    (a school that puts only parents and staff on the platform is not pulled down by 0 of
    500 pupils); with no link at all yet, the kind's defaults."""
    stored = (org.settings or {}).get(COVERAGE_AUDIENCES_KEY)
    if stored:
        return clean_audiences(stored)
    defaults = default_audiences(org.kind)
    linked = set(session.scalars(select(Invitation.audience).distinct()))
    return [a for a in defaults if a in linked] or defaults


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

