"""Coverage figures as plain data: the reports service computes them, the screen, the PDF
and the workbook show them. Nothing here knows the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sferum_desk.domain.enums import Audience

STAFF, STUDENTS, PARENTS = Audience.STAFF.value, Audience.STUDENTS.value, Audience.PARENTS.value


@dataclass(frozen=True)
class Ratio:
    joined: int
    total: int
    declined: int = 0  # of `total`, not joined: they chose another channel (services/refusals)

    @property
    def percent(self) -> float:
        return 100.0 * self.joined / self.total if self.total else 0.0

    @property
    def counted(self) -> int:
        """Everyone but those who declined: the base of coverage without them."""
        return self.total - self.declined

    @property
    def percent_without_declined(self) -> float:
        return 100.0 * self.joined / self.counted if self.counted else 0.0

    @property
    def not_yet(self) -> int:
        """Neither joined nor declined: the people still to reach."""
        return self.total - self.joined - self.declined

    @property
    def missing(self) -> int:
        return self.total - self.joined

    def text(self) -> str:
        """«12 из 20 (60 %)», or a dash when there is nobody to count."""
        if not self.total:
            return "—"
        return f"{self.joined} из {self.total} ({self.percent:.0f} %)"


@dataclass(frozen=True)
class UnitCoverage:
    unit_id: int | None  # None for the overall line
    name: str
    is_staff_room: bool
    staff: Ratio | None  # only the staff room (and the total) has staff
    students: Ratio | None  # None when pupils do not count
    families: Ratio | None  # pupils with at least one parent joined
    parents: Ratio | None  # every parent
    slips_handed: int
    acks_pending: int
    slips_printed: int = 0  # printing is not handing out: both are shown side by side

    def ratios(self) -> list[Ratio]:
        return [r for r in (self.staff, self.students, self.parents) if r is not None]

    @property
    def main(self) -> Ratio:
        """The figure a bar shows: everyone counted in this unit, joined or not."""
        ratios = self.ratios()
        return Ratio(sum(r.joined for r in ratios), sum(r.total for r in ratios),
                     sum(r.declined for r in ratios))


@dataclass(frozen=True)
class WeekPoint:
    week_start: dt.date  # a Monday
    added: int  # joined during this week (counted audiences, people still here)
    staff: int  # cumulative
    students: int
    parents: int

    @property
    def total(self) -> int:
        return self.staff + self.students + self.parents


@dataclass(frozen=True)
class MissingPerson:
    person_id: int
    unit_id: int
    unit: str
    audience: str  # staff | students | parents
    full_name: str
    detail: str  # the position, or the children in this unit
    phone: str
    slip_handed: bool


@dataclass(frozen=True)
class CoverageReport:
    organization: str
    head_title: str
    head_name: str
    unit_word: str  # «Класс» / «Группа»
    students_word: str  # «Ученики» / «Воспитанники»
    as_of: dt.date
    academic_year: str
    audiences: tuple[str, ...]
    units: tuple[UnitCoverage, ...]
    total: UnitCoverage
    growth: tuple[WeekPoint, ...]
    missing: tuple[MissingPerson, ...] = ()

    def counts(self, audience: str) -> bool:
        return audience in self.audiences


AUDIENCE_TITLES = {STAFF: "Сотрудники", STUDENTS: "Обучающиеся", PARENTS: "Родители"}


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())
