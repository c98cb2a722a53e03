"""Coverage read as plain SQL through `Database.reading()`: `coverage` and `report` from the
command line start without SQLAlchemy's ORM, the models or the other services (they were
~0.3 s of `coverage --json`'s second, #17). The figures come from the same rule as the
reports service's (domain/coverage_rule.py); tests/reports/test_coverage_rows.py compares
the two on a varied school.

Dates are stored as ISO text in SQLite and as DATE on a server: the ISO literal compares
right in both, and a join's day is turned into a date here. `read_coverage` gives None where
the reports service does more than read (no organisation card, no current year yet): the
caller then asks the service.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sferum_desk.domain.coverage import CoverageReport
from sferum_desk.domain.coverage_rule import (
    RosterRows, counted_audiences, figures, fill_roster, report_units,
)
from sferum_desk.domain.enums import UnitKind
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import vocabulary_for
from sferum_desk.domain.platform import COVERAGE_AUDIENCES_KEY
from sferum_desk.services.output_files import write_atomically
from sferum_desk.services.refusal_rule import (
    FAMILY_REFUSALS, MEMBERS, OWN_REFUSALS, refusals_that_count,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sferum_desk.db.engine import Database
    from sferum_desk.printing.official import ProgressCallback

    Read = Callable[[str], list[tuple]]
    Fallback = Callable[..., CoverageReport]  # ReportsService.coverage(today, with_missing=)

FORMATS = (".pdf", ".xlsx")


class _Unit(NamedTuple):
    id: int
    name: str
    kind: str


_ORG = ("SELECT kind, full_name, short_name, head_name, vocabulary_overrides, settings "
        "FROM organization ORDER BY id LIMIT 1")
_YEAR = "SELECT id, title FROM academic_year WHERE is_current ORDER BY id LIMIT 1"
_LINKED = "SELECT DISTINCT audience FROM invitation"
_JOINS = "SELECT person_id, unit_id, audience, joined_on FROM unit_join"
_STAFF = "SELECT person_id, position FROM staff"
_PUPILS = "SELECT id, person_id, unit_id FROM student WHERE unit_id IS NOT NULL"
_LINKS = ("SELECT gl.student_id, g.person_id FROM guardian_link gl "
          "JOIN guardian g ON g.id = gl.guardian_id ORDER BY gl.id")
_SLIPS = ("SELECT i.unit_id, s.person_id, s.handed_out_on FROM slip s "
          "JOIN invitation i ON i.id = s.invitation_id")
_PENDING = ("SELECT person_id FROM acknowledgement WHERE signed_on IS NULL AND document_id "
            "NOT IN (SELECT replaces_id FROM document WHERE replaces_id IS NOT NULL)")


def _people_sql(today: dt.date, with_names: bool) -> str:
    columns = "id, last_name, first_name, patronymic, phone" if with_names else "id"
    day = today.isoformat()  # a date we made, never user text
    return f"SELECT {columns} FROM person WHERE left_on IS NULL OR left_on > '{day}'"


def _units_sql(year_id: int) -> str:
    return (f"SELECT id, name, kind FROM unit WHERE kind = '{UnitKind.STAFF_ROOM.value}' "
            f"OR academic_year_id = {int(year_id)} OR academic_year_id IS NULL")


def _as_date(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _as_dict(value) -> dict:
    """A JSON column: text in SQLite, already a dict on a server."""
    if isinstance(value, str):
        value = json.loads(value) if value else None
    return value or {}


def _declined(read: Read) -> set[int]:
    own = read(OWN_REFUSALS)
    if not own:
        return set()
    joined = {pid for (pid,) in read(MEMBERS)}
    return set(refusals_that_count(own, read(FAMILY_REFUSALS), joined))


def _roster_rows(read: Read, today: dt.date, with_names: bool) -> RosterRows:
    return RosterRows(
        people=read(_people_sql(today, with_names)),
        joins=[(pid, uid, aud, _as_date(day)) for pid, uid, aud, day in read(_JOINS)],
        staff=read(_STAFF), pupils=read(_PUPILS), links=read(_LINKS), slips=read(_SLIPS),
        pending=read(_PENDING), declined=_declined(read))


def read_coverage(db: Database, today: dt.date | None = None,
                  with_missing: bool = False) -> CoverageReport | None:
    """The same report as ReportsService.coverage, or None when only the service can make it."""
    today = today or dt.date.today()
    with db.reading() as read:
        org, year = read(_ORG), read(_YEAR)
        if not org or not year:
            return None
        kind, full_name, short_name, head_name, overrides, settings = org[0]
        year_id, year_title = year[0]
        audiences = tuple(counted_audiences(
            _as_dict(settings).get(COVERAGE_AUDIENCES_KEY), kind,
            {aud for (aud,) in read(_LINKED)}))
        units = report_units([_Unit(*row) for row in read(_units_sql(year_id))], audiences)
        roster = fill_roster(_roster_rows(read, today, with_missing), with_missing)
    found = figures(roster, units, audiences, today, with_missing)
    words = vocabulary_for(kind, _as_dict(overrides))
    return CoverageReport(
        organization=short_name or full_name, head_title=words.head_title,
        head_name=head_name, unit_word=words.unit, students_word=words.students,
        as_of=today, academic_year=year_title, audiences=audiences, units=found.units,
        total=found.total, growth=found.growth, missing=found.missing)


def export_report(db: Database, path: Path | str, fallback: Fallback,
                  today: dt.date | None = None,
                  progress: ProgressCallback | None = None) -> Path:
    """The head's PDF or the Excel workbook, by the file's extension; all or nothing.

    Read as plain SQL; `fallback` (the reports service's coverage) makes the report where
    `read_coverage` cannot. Only the workbook lists who is missing (the PDF never shows it,
    #17: ~0.3 s). `progress(page, pages)` is called while the PDF is laid out and may raise
    Cancelled.
    """
    target = Path(path).expanduser()
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise UserError("Укажите файл с расширением .pdf (отчёт для руководителя) или "
                        ".xlsx (таблица Excel).", field="path")
    today = today or dt.date.today()
    with_missing = suffix == ".xlsx"
    report = read_coverage(db, today, with_missing) or fallback(today, with_missing=with_missing)
    return write_atomically(target, render(report, suffix, progress))


def render(report: CoverageReport, suffix: str,
           progress: ProgressCallback | None = None) -> bytes:
    if suffix == ".pdf":
        from sferum_desk.printing.report import render_coverage_pdf

        return render_coverage_pdf(report, progress)
    from sferum_desk.exporters.coverage import coverage_workbook

    return coverage_workbook(report)
