"""The plain data of a roster import: the preview the wizard adjusts, the plan the dry run
shows and the CLI prints as JSON, and the notes inside it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sferum_desk.domain.errors import UserError
from sferum_desk.importers import STAFF, Layout, RowIssue
from sferum_desk.importers.records import RowNote

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
MAPPINGS_KEY = "import_mappings"
MAX_REMEMBERED = 30


class ImportCancelled(UserError):
    def __init__(self):
        super().__init__("Импорт отменён: база данных осталась как была.")


# ---- plain data for the wizard and the CLI ------------------------------------------------
@dataclass
class ImportPreview:
    """A file read and analysed: what the mapping page shows and the user adjusts."""

    source_name: str
    file_format: str
    kind: str  # students | staff
    layout: Layout
    mappings: dict[str, list[str | None]]  # shape key → field of each column
    remembered: set[str] = field(default_factory=set)  # shapes mapped from memory
    default_unit: str = ""  # the unit of rows that name none
    notes: list[str] = field(default_factory=list)
    include_hidden: bool = False  # rows hidden or struck through in the workbook come in too
    unit_choices: dict[str, str] = field(default_factory=dict)  # unit as in file → unit name
    # a one-shot import (the CLI's): the file's rows are let go once read, so that a
    # 100,000-row list does not hold them while it plans and writes; such a preview is
    # used once (a second plan or apply of it is refused)
    read_once: bool = False
    rows_released: bool = False


@dataclass
class RoleCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class ChangeNote:
    sheet: str
    row: int
    person: str
    what: str  # «класс 5А → 6А; телефон матери»


@dataclass(frozen=True)
class MergeNote:
    """A possible duplicate. action «merged»: a row matched to someone already in the
    database by a loose rule (the user may say they are different people); «kept_both»: the
    same name where the evidence disagrees (birth date, class, parents), so both are kept."""

    sheet: str
    row: int
    incoming: str
    existing: str
    key_a: str
    key_b: str
    action: str = "merged"
    reason: str = ""


@dataclass(frozen=True)
class UnitChoice:
    """How a unit written in the file was matched: «гр. Солнышко» → «Солнышко»."""

    in_file: str
    unit: str
    new: bool
    rows: int
    candidates: tuple[str, ...] = ()  # several units fit: the first was taken, say so


@dataclass
class ImportPlan:
    kind: str
    source_name: str
    dry_run: bool = True
    batch_id: int | None = None
    rows_read: int = 0
    students: RoleCounts = field(default_factory=RoleCounts)
    guardians: RoleCounts = field(default_factory=RoleCounts)
    staff: RoleCounts = field(default_factory=RoleCounts)
    units_created: list[str] = field(default_factory=list)
    problems: list[RowIssue] = field(default_factory=list)
    changes: list[ChangeNote] = field(default_factory=list)
    merges: list[MergeNote] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unit_matches: list[UnitChoice] = field(default_factory=list)
    row_notes: list[RowNote] = field(default_factory=list)
    column_conflicts: list[ColumnConflict] = field(default_factory=list)

    def notes_of(self, *kinds: str) -> list[RowNote]:
        return [n for n in self.row_notes if n.kind in kinds]

    def _roles(self) -> list[RoleCounts]:
        return [self.staff] if self.kind == STAFF else [self.students, self.guardians]

    @property
    def created(self) -> int:
        return sum(r.created for r in self._roles())

    @property
    def updated(self) -> int:
        return sum(r.updated for r in self._roles())

    @property
    def unchanged(self) -> int:
        return sum(r.unchanged for r in self._roles())

    @property
    def skipped(self) -> list[RowIssue]:
        return [p for p in self.problems if p.skipped]

    @property
    def warnings(self) -> list[RowIssue]:
        return [p for p in self.problems if not p.skipped]

    def as_dict(self) -> dict:
        def issue(p: RowIssue) -> dict:
            return {"sheet": p.sheet, "row": p.row, "column": p.column, "reason": p.message}
        return {
            "file": self.source_name, "as": self.kind, "dry_run": self.dry_run,
            "batch_id": self.batch_id, "rows_read": self.rows_read,
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
            "skipped": [issue(p) for p in self.skipped],
            "warnings": [issue(p) for p in self.warnings],
            "by_role": {name: vars(counts) for name, counts in self._named_roles()},
            "units_created": list(self.units_created),
            "changes": [{"sheet": c.sheet, "row": c.row, "person": c.person, "what": c.what}
                        for c in self.changes],
            "possible_duplicates": [{"sheet": m.sheet, "row": m.row, "incoming": m.incoming,
                                     "existing": m.existing, "action": m.action,
                                     "reason": m.reason} for m in self.merges],
            "notes": list(self.notes),
            "unit_matches": [{"in_file": u.in_file, "unit": u.unit, "new": u.new,
                              "rows": u.rows, "candidates": list(u.candidates)}
                             for u in self.unit_matches],
            "not_people": [{"sheet": n.sheet, "row": n.row, "text": n.text}
                           for n in self.notes_of("not_a_person")],
            "continuation_rows": [{"sheet": n.sheet, "row": n.row, "child_row": n.to_row,
                                   "guardian": n.text}
                                  for n in self.notes_of("continuation")],
            "left_out_rows": [{"sheet": n.sheet, "row": n.row, "why": n.kind, "text": n.text}
                              for n in self.notes_of("hidden", "struck")],
            "column_conflicts": [vars(c) for c in self.column_conflicts],
            "split_cells": [{"sheet": n.sheet, "row": n.row, "people": n.text.split("; ")}
                            for n in self.notes_of("split")],
            "title_units": [{"sheet": n.sheet, "row": n.row, "text": n.text, "unit": n.unit}
                            for n in self.notes_of("title_unit")],
        }

    def _named_roles(self):
        if self.kind == STAFF:
            return [("staff", self.staff)]
        return [("students", self.students), ("guardians", self.guardians)]


@dataclass(frozen=True)
class ColumnConflict:
    """A column that reads as a field another column already takes: not loaded, and said."""

    sheet: str
    column: int  # 1-based
    title: str
    field: str
    taken_by: int  # 1-based column that loads the field
    taken_by_title: str


@dataclass(frozen=True)
class BatchInfo:
    id: int
    created_at: dt.datetime
    source_name: str
    kind: str
    created: int
    updated: int


