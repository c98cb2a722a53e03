"""Rows under a mapped header → people records, with every problem by sheet and row.

A row without a usable name is skipped; a bad date, phone or e-mail is left out of an
otherwise good row, and both are reported. Blank rows, repeated headers, «Итого» rows and
numbered-but-empty template rows are passed over silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sferum_desk.domain.errors import UserError
from sferum_desk.domain.names import FullName, fold
from sferum_desk.importers.fields import PARENTS, STAFF
from sferum_desk.importers.layout import CLASS_NAME, Layout, SheetLayout
from sferum_desk.importers.values import (
    birth_date_value, display_value, email_value, first_phone, is_blank, name_from_columns,
    name_from_text, relation_value, text_value, unit_value,
)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class GuardianRecord:
    relation: str  # mother | father | guardian | other
    name: FullName
    phone: str = ""
    email: str = ""


@dataclass
class PersonRecord:
    sheet: str
    row: int  # 1-based row number in the sheet
    name: FullName
    birth_date: dt.date | None = None
    phone: str = ""
    email: str = ""
    unit: str = ""
    position: str = ""
    guardians: list[GuardianRecord] = field(default_factory=list)


@dataclass(frozen=True)
class RowIssue:
    sheet: str
    row: int
    column: str  # the column's title in the file, "" for the whole row
    message: str
    skipped: bool  # True: the row was not imported; False: only this value was left out


@dataclass
class Extraction:
    people: list[PersonRecord]
    issues: list[RowIssue]
    rows_read: int


def extract(layout: Layout, mappings: dict[str, list[str | None]], default_unit: str = "",
            progress: Progress | None = None, today: dt.date | None = None) -> Extraction:
    """Read every sheet's data rows with the mapping of its shape."""
    today = today or dt.date.today()
    default_unit = unit_value(default_unit)
    total = sum(len(s.sheet.rows) - s.data_start for s in layout.sheets) or 1
    people: list[PersonRecord] = []
    issues: list[RowIssue] = []
    done = 0
    for sheet_layout in layout.sheets:
        fields = mappings.get(sheet_layout.key) or []
        reader = _SheetReader(sheet_layout, fields, layout.kind, today)
        sheet_unit = unit_value(sheet_layout.name) if layout.sheets_are_units else ""
        for index in range(sheet_layout.data_start, len(sheet_layout.sheet.rows)):
            record = reader.read(index, sheet_unit or default_unit)
            if record is not None:
                people.append(record)
            done += 1
            if progress is not None and done % 2000 == 0:
                progress(done, total)
        issues.extend(reader.issues)
    return Extraction(people, issues, done)


class _SheetReader:
    def __init__(self, layout: SheetLayout, fields: list[str | None], kind: str,
                 today: dt.date):
        self.layout = layout
        self.kind = kind
        self.today = today
        self.columns = {f: i for i, f in enumerate(fields) if f is not None}
        self.issues: list[RowIssue] = []
        self.section_unit = ""  # «5А класс» on a row of its own, above that class's pupils
        self.header_text = [fold(t) for t in layout.titles]
        self.header_words = {t for t in self.header_text if t}

    # ---- one row ---------------------------------------------------------------------
    def read(self, index: int, fallback_unit: str) -> PersonRecord | None:
        row = self.layout.sheet.rows[index]
        if self._passed_over(row):
            return None
        self.row, self.row_number = row, index + 1
        try:
            name = self._name()
        except UserError as error:
            reason = error.message[:1].lower() + error.message[1:]
            self._issue(self._name_column(), f"{_raw_name(self)} {reason} Строка пропущена.",
                        skipped=True)
            return None
        if name is None:
            self._issue("", "Нет ФИО: строка пропущена.", skipped=True)
            return None
        record = PersonRecord(self.layout.name, self.row_number, name)
        record.birth_date = self._value("birth_date", self._birth)
        record.phone = self._value("phone", self._phone) or ""
        record.email = self._value("email", _email) or ""
        if self.kind == STAFF:
            record.position = text_value(self._cell("position"))
        else:
            record.unit = unit_value(self._cell("unit")) or self.section_unit or fallback_unit
            record.guardians = self._guardians()
        return record

    def _passed_over(self, row: list[object]) -> bool:
        """Blank, total, repeated-header and section rows carry no person."""
        values = [c for c in row if not is_blank(c)]
        if not values:
            return True
        if fold(display_value(values[0])).startswith(("итого", "всего")):
            return True
        if len(values) == 1 and isinstance(values[0], str) and _section_unit(values[0]):
            self.section_unit = _section_unit(values[0])
            return True
        if isinstance(values[0], str) and fold(values[0]) in self.header_words and \
                self._repeats_header(row):
            return True  # the header repeated on every printed page
        return all(is_blank(row[c]) for c in self.columns.values() if c < len(row))

    def _repeats_header(self, row: list[object]) -> bool:
        texts = [fold(display_value(c)) for c in row[:len(self.header_text)]]
        return texts == self.header_text[:len(texts)]

    def _cell(self, field_name: str) -> object:
        column = self.columns.get(field_name)
        if column is None or column >= len(self.row):
            return ""
        return self.row[column]

    def _name(self) -> FullName | None:
        full = self._cell("full_name")
        if not is_blank(full):
            return name_from_text(display_value(full))
        parts = [text_value(self._cell(f)) for f in ("last_name", "first_name", "patronymic")]
        if not any(parts):
            return None
        return name_from_columns(*parts)

    def _name_column(self) -> str:
        column = self.columns.get("full_name", self.columns.get("last_name"))
        return self.layout.titles[column] if column is not None else ""

    # ---- values that may be wrong without spoiling the row -----------------------------
    def _value(self, field_name: str, parse: Callable[[object, str], object]):
        try:
            return parse(self._cell(field_name), field_name)
        except UserError as error:
            self._issue(self._title(field_name), f"{error.message} Значение не записано.",
                        skipped=False)
            return None

    def _birth(self, cell: object, _field: str) -> dt.date | None:
        return birth_date_value(cell, self.today)

    def _phone(self, cell: object, field_name: str) -> str:
        phone, more = first_phone(cell)
        if more:
            self._issue(self._title(field_name), "В ячейке несколько номеров: записан первый.",
                        skipped=False)
        return phone

    def _title(self, field_name: str) -> str:
        column = self.columns.get(field_name)
        return self.layout.titles[column] if column is not None else ""

    def _guardians(self) -> list[GuardianRecord]:
        guardians = []
        for parent in PARENTS:
            name_cell = self._cell(f"{parent}_name")
            if is_blank(name_cell):
                contact = next((f"{parent}_{a}" for a in ("phone", "email")
                                if not is_blank(self._cell(f"{parent}_{a}"))), None)
                if contact:
                    self._issue(self._title(contact), "Контакт без ФИО родителя: не записан.",
                                skipped=False)
                continue
            try:
                name = name_from_text(display_value(name_cell))
            except UserError as error:
                self._issue(self._title(f"{parent}_name"),
                            f"{error.message} Родитель не записан.", skipped=False)
                continue
            phone = self._value(f"{parent}_phone", self._phone) or ""
            email = self._value(f"{parent}_email", _email) or ""
            relation = parent
            if parent == "guardian":
                relation = relation_value(self._cell("guardian_relation"))
            guardians.append(GuardianRecord(relation, name, phone, email))
        return guardians

    def _issue(self, column: str, message: str, skipped: bool) -> None:
        self.issues.append(RowIssue(self.layout.name, self.row_number, column, message, skipped))


def _raw_name(reader: _SheetReader) -> str:
    full = reader._cell("full_name")
    if is_blank(full):
        full = " ".join(text_value(reader._cell(f)) for f in ("last_name", "first_name",
                                                                "patronymic"))
    return f"ФИО «{display_value(full).strip()}»:"


def _email(cell: object, _field: str) -> str:
    return email_value(cell)


def _section_unit(text: str) -> str:
    """«5А класс», «Класс 5 А» on a row of its own names the class of the rows below."""
    folded = fold(text).replace("класс", " ").strip()
    return unit_value(text) if CLASS_NAME.match(folded) else ""
