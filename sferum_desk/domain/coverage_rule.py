"""The coverage rule, in memory: who counts, who joined, who declined, families and the
weekly growth, from a `Roster` read once. The reports service fills the roster through the
ORM's Core rows, `coverage --json` through plain SQL (services/coverage_rows.py, #17); both
call `figures` here, so the two can never disagree. Nothing here knows the database."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Protocol

from sferum_desk.domain.coverage import (
    PARENTS, STAFF, STUDENTS, MissingPerson, Ratio, UnitCoverage, WeekPoint, week_start,
)
from sferum_desk.domain.enums import UnitKind
from sferum_desk.domain.names import sort_key
from sferum_desk.domain.platform import clean_audiences, default_audiences
from sferum_desk.domain.units import unit_sort_key


class ReportUnit(Protocol):
    """A unit of the report: the ORM's Unit or a plain row with the same three fields."""
    id: int
    name: str
    kind: str


@dataclass
class Roster:
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

@dataclass(frozen=True)
class RosterRows:
    """The rows a roster is filled from, however they were read (people who left are in the
    other tables too: the filling leaves them out)."""
    people: list  # (person,) or, for the missing lists, (person, last, first, patronymic, phone)
    joins: list  # (person, unit, audience, joined_on)
    staff: list  # (person, position)
    pupils: list  # (student, person, unit) of pupils in a unit
    links: list  # (student, guardian's person), in the links' order
    slips: list  # (unit, person or None, handed_out_on or None)
    pending: list  # (person,) per act of a current edition not yet signed
    declined: set  # people whose refusal counts (services/refusals)


def fill_roster(rows: RosterRows, with_names: bool = False) -> Roster:
    roster = Roster()
    for pid, *rest in rows.people:
        roster.names[pid] = " ".join(p for p in rest[:3] if p) if with_names else ""
        if with_names:
            roster.phones[pid] = rest[3] or ""
    here = roster.names
    roster.joins = {(pid, uid, aud): day for pid, uid, aud, day in rows.joins if pid in here}
    roster.staff = {pid: pos or "" for pid, pos in rows.staff if pid in here}
    roster.pupils = {sid: (pid, uid) for sid, pid, uid in rows.pupils if pid in here}
    for sid, (pid, uid) in roster.pupils.items():
        roster.by_unit.setdefault(uid, []).append((sid, pid))
    for sid, gpid in rows.links:
        if sid in roster.pupils and gpid in here:
            roster.parents_of.setdefault(sid, []).append(gpid)
    roster.family = family_ids(roster)
    _fill_slips(roster, rows.slips)
    for (person_id,) in rows.pending:
        if person_id in here:
            roster.pending[person_id] = roster.pending.get(person_id, 0) + 1
    roster.declined = set(rows.declined) & set(here)
    return roster


def _fill_slips(roster: Roster, slips: list) -> None:
    for unit_id, person_id, handed in slips:
        if person_id is not None and person_id not in roster.names:
            continue  # a slip of someone who left
        roster.printed[unit_id] = roster.printed.get(unit_id, 0) + 1
        if handed is None:
            continue
        roster.slips[unit_id] = roster.slips.get(unit_id, 0) + 1
        if person_id is not None:
            roster.slip_people.add((person_id, unit_id))


def family_ids(roster: Roster) -> dict[int, int]:
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


def _ratio(people: set[int], joined: set[int], declined: set[int] = frozenset()) -> Ratio:
    """Joined of `people`; `declined` counts those who refused and did not join after all."""
    return Ratio(len(people & joined), len(people), len((people & declined) - joined))


def _families(roster: Roster, students: list[int], unit_id: int | None) -> Ratio:
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


def _unit_people(roster: Roster, unit_id: int) -> tuple[list[int], set[int], set[int]]:
    pupils = roster.pupils_in(unit_id)
    student_ids = [sid for sid, _ in pupils]
    parents = {g for sid in student_ids for g in roster.parents_of.get(sid, ())}
    return student_ids, {pid for _, pid in pupils}, parents


def _joined_in(roster: Roster, people: set[int], unit_id: int, audience: str) -> set[int]:
    return {p for p in people if roster.joined(p, unit_id, audience)}


def _unit_line(roster: Roster, unit: ReportUnit, audiences: tuple[str, ...]) -> UnitCoverage:
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


def _counted_joins(roster: Roster, lines: list[UnitCoverage],
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


def _total_line(roster: Roster, lines: list[UnitCoverage], audiences: tuple[str, ...],
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


def missing_in(roster: Roster, unit: ReportUnit, audiences: tuple[str, ...]) -> list[MissingPerson]:
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


@dataclass(frozen=True)
class Figures:
    units: tuple[UnitCoverage, ...]
    total: UnitCoverage
    growth: tuple[WeekPoint, ...]
    missing: tuple[MissingPerson, ...]


def figures(roster: Roster, units: list, audiences: tuple[str, ...], today: dt.date,
            with_missing: bool = False) -> Figures:
    """Every figure of the report from the roster and the report's units (in their order)."""
    lines = [_unit_line(roster, unit, audiences) for unit in units]
    first = _counted_joins(roster, lines, audiences)
    missing = ([row for unit in units for row in missing_in(roster, unit, audiences)]
               if with_missing else [])
    return Figures(tuple(lines), _total_line(roster, lines, audiences, first),
                   _growth(first, today), tuple(missing))


def counted_audiences(stored, kind: str, linked: set[str]) -> list[str]:
    """The audiences the user chose; else those of the kind the organisation has links for
    (a school that puts only parents and staff on the platform is not pulled down by 0 of
    500 pupils); with no link at all yet, the kind's defaults."""
    if stored:
        return clean_audiences(stored)
    defaults = default_audiences(kind)
    return [a for a in defaults if a in linked] or defaults


def report_units(units, audiences: tuple[str, ...]) -> list:
    """Of the staff room and the current year's units, those the counted audiences fill, in
    the report's order: the staff room first, then «2А» before «10Б»."""
    wanted = []
    for unit in units:
        if unit.kind == UnitKind.STAFF_ROOM.value:
            if STAFF in audiences:
                wanted.append(unit)
        elif STUDENTS in audiences or PARENTS in audiences:
            wanted.append(unit)
    return sorted(wanted, key=lambda u: (u.kind != UnitKind.STAFF_ROOM.value,
                                         unit_sort_key(u.name)))
