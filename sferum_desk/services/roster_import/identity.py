"""Who a row is: the identity keys, the planner's view of a person (existing or incoming),
and the evidence rules that say two of them are, or are not, the same person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from sferum_desk.domain.dates import format_date
from sferum_desk.domain.names import FullName, fold, name_key
from sferum_desk.domain.units import unit_key
from sferum_desk.importers import PersonRecord

# 300,000 planned people and guardians: a new one shares these (read-only) instead of an
# empty dict and list of its own each
NO_CHANGES: Mapping = MappingProxyType({})
NO_NOTES: tuple = ()


# ---- identity -------------------------------------------------------------------------------
def student_identity(key: str, born: dt.date | None) -> str:
    return f"student:{key}|{born.isoformat() if born else ''}"


def staff_identity(key: str) -> str:
    return f"staff:{key}"


def person_identity(person_id: int) -> str:
    return f"person:{person_id}"


def _short_key(last: str, first: str) -> str:
    return fold(f"{last} {first}")


def _compatible_patronymic(a: str, b: str) -> bool:
    return not a or not b or fold(a) == fold(b)


def _describe(name: str, born: dt.date | None, unit: str = "") -> str:
    parts = [name] + ([format_date(born)] if born else []) + ([unit] if unit else [])
    return ", ".join(parts)


# ---- the planner's view of a person ---------------------------------------------------------
@dataclass(slots=True)
class _Existing:
    """One person already in the database, as the planner needs them."""

    person_id: int
    role_id: int  # student / guardian / staff id
    last: str
    first: str
    patronymic: str
    key: str
    birth_date: dt.date | None
    phone: str
    email: str
    unit_id: int | None = None
    position: str = ""
    version: int = 1
    guardians: frozenset = frozenset()  # short keys of a pupil's guardians


@dataclass(slots=True)
class _Incoming:
    record: PersonRecord
    key: str
    target: _Existing | None = None
    person_id: int = 0
    role_id: int = 0
    unit_id: int | None = None
    unit_name: str = ""
    # person column → new value; what changed, in words. Only a person already in the
    # database gets their own (see _person_changes): a new one keeps the shared empty ones
    changes: dict = field(default_factory=lambda: NO_CHANGES)
    notes: list[str] = field(default_factory=lambda: NO_NOTES)
    new_links: int = 0
    role_added: bool = False  # an existing person (e.g. a parent) joins the staff


@dataclass(slots=True)
class _GuardianPlan:
    person_id: int
    guardian_id: int
    name: FullName
    phone: str
    email: str
    existing: _Existing | None = None  # None: a new guardian
    role_added: bool = False  # an existing person (a staff member) becomes a guardian
    changes: dict = field(default_factory=lambda: NO_CHANGES)  # own dict: existing only
    new_links: int = 0
    key: str = ""  # a new guardian's name key, worked out once by the planner

    def __post_init__(self) -> None:
        if self.existing is not None:
            self.changes = {}



def student_identity_of(item: _Incoming) -> str:
    return student_identity(item.key, item.record.birth_date)


def _student_compatible(item: _Incoming, person: _Existing) -> bool:
    """A loose match needs nothing to contradict it: patronymics agree where both are
    known, and birth dates too. Another birth date is another child (or a corrected date):
    the user decides, the default keeps both."""
    rec = item.record
    if not _compatible_patronymic(rec.name.patronymic, person.patronymic):
        return False
    return not _date_conflict(item, person)


def _date_conflict(item: _Incoming, person: _Existing) -> str:
    born = item.record.birth_date
    if born is None or person.birth_date is None or born == person.birth_date:
        return ""
    return (f"другая дата рождения ({format_date(born)} в файле, "
            f"{format_date(person.birth_date)} в программе)")


def _student_conflict(item: _Incoming, person: _Existing) -> str:
    """Another class and other parents: the same name and date, yet another child."""
    if item.unit_id is None or person.unit_id is None or item.unit_id == person.unit_id:
        return ""
    mine = {_short_key(g.name.last, g.name.first) for g in item.record.guardians}
    if not mine or not person.guardians or mine & person.guardians:
        return ""
    return "другой класс и другие родители"


def _record_conflict(first: PersonRecord, later: PersonRecord) -> str:
    """Two rows of one file with the same ФИО and birth date: another class says they are
    two children (the same child on a row per parent stays in one class)."""
    if first.unit and later.unit and unit_key(first.unit) != unit_key(later.unit):
        return f"другой класс («{first.unit}» и «{later.unit}»)"
    return ""


def _where(first: PersonRecord, later: PersonRecord) -> str:
    sheet = f" листа «{first.sheet}»" if first.sheet != later.sheet else ""
    return f"строке {first.row}{sheet}"


def _existing_name(person: _Existing) -> str:
    return " ".join(p for p in (person.last, person.first, person.patronymic) if p)




def _guardian_changes(gp: _GuardianPlan, g) -> None:
    old = gp.existing
    if old is None:
        if g.email and not gp.email:
            gp.email = g.email
        return
    if g.phone and g.phone != old.phone:
        gp.changes["phone"] = g.phone
    if g.email and g.email != old.email:
        gp.changes["email"] = g.email
    if g.name.patronymic and not old.patronymic:
        gp.changes.update(patronymic=g.name.patronymic, name_key=name_key(g.name))


def _fill_gaps(first: PersonRecord, later: PersonRecord) -> None:
    for attribute in ("birth_date", "phone", "email", "unit", "position"):
        if not getattr(first, attribute) and getattr(later, attribute):
            setattr(first, attribute, getattr(later, attribute))
    seen = {(fold(g.name.full), g.phone) for g in first.guardians}
    first.guardians.extend(g for g in later.guardians if (fold(g.name.full), g.phone) not in seen)


