"""The plain data the movement service takes and gives: changes, people, history rows,
the new-year plan, the people erased."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sferum_desk.domain.names import fold

PROMOTE, GRADUATE, KEEP = "promote", "graduate", "keep"
ACTION_TITLES = {PROMOTE: "Перевести в следующий", GRADUATE: "Выпуск (все выбывают)",
                 KEEP: "Оставить как есть"}


# ---- plain data ------------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    """What a movement did, in one Russian sentence, and how many tasks it added."""
    summary: str
    tasks_added: int


@dataclass(frozen=True)
class PersonMatch:
    id: int
    full_name: str
    description: str  # «ученик, 5А», «сотрудник, Воспитатель», «родитель»
    left_on: dt.date | None


@dataclass(frozen=True)
class PersonRow:
    """One line of the movement tab's list of everyone."""
    id: int
    full_name: str
    role: str  # «Ученик», «Сотрудник», «Родитель», or several joined by «, »
    unit: str  # the pupil's unit, the position, or the children's units
    joined_on: dt.date | None
    left_on: dt.date | None
    is_student: bool
    is_guardian: bool


@dataclass(frozen=True)
class HistoryRow:
    on: dt.date | None
    what: str


@dataclass(frozen=True)
class PersonHistory:
    person_id: int
    full_name: str
    description: str
    left_on: dt.date | None
    rows: tuple[HistoryRow, ...]


@dataclass
class UnitPlan:
    """One unit in the new-year preview; the user may change `action` and `new_name`."""
    unit_id: int
    name: str
    students: int
    action: str  # promote | graduate | keep
    new_name: str
    reason: str = ""  # why this was proposed, for the preview


@dataclass
class NewYearPlan:
    current_year: str
    new_year: str
    starts_on: dt.date
    final_grade: int | None
    units: list[UnitPlan] = field(default_factory=list)

    def merges(self) -> dict[str, list[str]]:
        """New names shared by several units: those units are re-formed into one."""
        groups: dict[str, list[str]] = {}
        for unit in self.units:
            if unit.action != GRADUATE:
                groups.setdefault(fold(unit.new_name), []).append(unit.name)
        return {names[0]: names for names in groups.values() if len(names) > 1}


@dataclass(frozen=True)
class LeftPerson:
    person_id: int
    full_name: str
    role: str
    left_on: dt.date


@dataclass(frozen=True)
class ErasureResult:
    people: int
    students: int
    staff: int
    guardians: int
    older_backups: int  # backups that still hold the data (none now: they are scrubbed)
    scrubbed_backups: int = 0  # older backups rewritten without the erased people
