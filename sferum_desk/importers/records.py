"""Rows under a mapped header → people records, with every problem by sheet and row.

A row without a usable name is skipped; a bad date, phone or e-mail is left out of an
otherwise good row, and both are reported. Blank rows and numbered-but-empty template rows
are passed over silently; lines that are not people (notes, signatures, repeated headers,
column numbers, «Итого») are skipped and listed; a row with a parent but no child continues
the child above it (listed); rows hidden or struck through in the workbook are left out
unless asked for (listed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sferum_desk.domain.errors import UserError
from sferum_desk.domain.names import FullName, fold
from sferum_desk.domain.units import class_parts, section_unit, unit_in_title
from sferum_desk.importers.fields import GUARDIAN_SLOTS, PARENTS, STAFF, relation_of_title
from sferum_desk.importers.guardian_cells import (
    CellPerson, has_more_than_a_name, split_guardian_cell,
)
from sferum_desk.importers.layout import Layout, SheetLayout
from sferum_desk.importers.values import (
    birth_date_value, display_value, email_value, first_phone, is_blank, name_from_columns,
    column_numbers, looks_like_a_note, name_and_note, name_from_text, phone_parts,
    phone_value,
    relation_value, row_values, text_value, NOTE_TEXT,
)

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class GuardianRecord:
    relation: str  # mother | father | guardian | other
    name: FullName
    phone: str = ""
    email: str = ""


@dataclass(slots=True)  # one per row of a 100,000-row list: compact
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


@dataclass(frozen=True, slots=True)
class RowIssue:
    sheet: str
    row: int
    column: str  # the column's title in the file, "" for the whole row
    message: str
    skipped: bool  # True: the row was not imported; False: only this value was left out


@dataclass(frozen=True, slots=True)
class RowNote:
    """A row the reader decided about without an error: left out or joined to another."""

    sheet: str
    row: int
    kind: str  # not_a_person | continuation | hidden | struck | title_unit | split
    text: str  # what the row says (its first values), or the parent joined
    to_row: int = 0  # continuation: the child's row
    unit: str = ""  # title_unit: the class or group the sheet's title names


@dataclass
class Extraction:
    people: list[PersonRecord]
    issues: list[RowIssue]
    rows_read: int
    notes: list[RowNote] = field(default_factory=list)


def extract(layout: Layout, mappings: dict[str, list[str | None]], default_unit: str = "",
            progress: Progress | None = None, today: dt.date | None = None,
            include_hidden: bool = False) -> Extraction:
    """Read every sheet's data rows with the mapping of its shape; rows hidden or struck
    through in the workbook only with `include_hidden`."""
    today = today or dt.date.today()
    default_unit = text_value(default_unit)  # matched to a unit by the planner
    total = sum(len(s.sheet.rows) - s.data_start for s in layout.sheets) or 1
    people: list[PersonRecord] = []
    issues: list[RowIssue] = []
    notes: list[RowNote] = []
    done = 0
    for sheet_layout in layout.sheets:
        fields = mappings.get(sheet_layout.key) or []
        reader = _SheetReader(sheet_layout, fields, layout.kind, today, include_hidden)
        sheet_unit = text_value(sheet_layout.name) if layout.sheets_are_units else ""
        fallback = sheet_unit or default_unit
        if not fallback and layout.kind != STAFF and "unit" not in fields:
            title = _title_unit(sheet_layout)
            if title is not None:
                notes.append(title)
                fallback = title.unit
        for index in range(sheet_layout.data_start, len(sheet_layout.sheet.rows)):
            record = reader.read(index, fallback)
            if record is not None:
                people.append(record)
            done += 1
            if progress is not None and done % 2000 == 0:
                progress(done, total)
        issues.extend(reader.issues)
        notes.extend(reader.notes)
    return Extraction(people, issues, done, notes)


class _SheetReader:
    def __init__(self, layout: SheetLayout, fields: list[str | None], kind: str,
                 today: dt.date, include_hidden: bool = False):
        self.layout = layout
        self.kind = kind
        self.today = today
        self.columns = {f: i for i, f in enumerate(fields) if f is not None}
        # only the guardian slots this sheet maps: a row is read in a few lookups
        self.slots = [p for p in PARENTS
                      if any(f"{p}_{a}" in self.columns for a in ("name", "phone", "email"))]
        self.slot_fields = [(p, f"{p}_name", f"{p}_phone", f"{p}_email") for p in self.slots]
        # each slot's name column and its relation when the column says it (mother/father):
        # the common row is read without a lookup by field name
        self.slot_names = [(self.columns.get(name), None if p in GUARDIAN_SLOTS else p)
                           for p, name, _, _ in self.slot_fields]
        self.mapped_columns = list(self.columns.values())
        self.letter_column = self.columns.get("unit_letter")
        self.issues: list[RowIssue] = []
        self.notes: list[RowNote] = []
        self.last: PersonRecord | None = None  # the person a continuation row belongs to
        marks = layout.sheet.marks
        self.left_out = {} if include_hidden else {
            **{r: "struck" for r in marks.struck_rows}, **{r: "hidden" for r in marks.hidden_rows}}
        self.section_unit = ""  # «5А класс» on a row of its own, above that class's pupils
        self.header_text = [fold(t) for t in layout.titles]
        self.header_words = {t for t in self.header_text if t}

    # ---- one row ---------------------------------------------------------------------
    def read(self, index: int, fallback_unit: str) -> PersonRecord | None:
        row = self.layout.sheet.rows[index]
        self.row, self.row_number = row, index + 1
        values = row_values(row)
        if not values:
            self.last = None  # a blank line ends a child's block of rows
            return None
        why = self.left_out.get(self.row_number)
        if why is not None:
            self._note(why, _row_text(values))
            return None
        not_person = self._not_a_person(row, values)
        if not_person is not None:
            if not_person:
                self._note("not_a_person", not_person)
            self.last = None
            return None
        try:
            name = self._name()
        except UserError as error:
            reason = error.message[:1].lower() + error.message[1:]
            self._issue(self._name_column(), f"{_raw_name(self)} {reason} Строка пропущена.",
                        skipped=True)
            return None
        if name is None:
            if self._continues_child_above():
                return None
            self._issue("", "Нет ФИО: строка пропущена.", skipped=True)
            return None
        record = PersonRecord(self.layout.name, self.row_number, name)
        mapped = self.columns  # a field the sheet has no column for is empty: not parsed
        if "birth_date" in mapped:
            record.birth_date = self._value("birth_date", self._birth)
        if "phone" in mapped:
            record.phone = self._value("phone", self._phone) or ""
        if "email" in mapped:
            record.email = self._value("email", _email) or ""
        if self.kind == STAFF:
            record.position = text_value(self._cell("position"))
        else:
            record.unit = self._unit() or self.section_unit or fallback_unit
            record.guardians = self._guardians()
        self.last = record
        return record

    def _not_a_person(self, row: list[object], values: list[object]) -> str | None:
        """Why the row is no person: its text to list; "" to pass over silently (a section
        title, a numbered empty template row); None for a row that may be a person."""
        # a number, a date: never «Итого», never a header's word
        first = fold(display_value(values[0])) if isinstance(values[0], str) else ""
        if first.startswith(("итого", "всего")):
            return _row_text(values)
        if len(values) == 1 and isinstance(values[0], str) and _section_unit(values[0]):
            self.section_unit = _section_unit(values[0])
            return ""
        if isinstance(values[0], str) and first in self.header_words and \
                self._repeats_header(row):
            return _row_text(values)  # the header repeated on every printed page
        if column_numbers(values):
            return _row_text(values)
        if not self._has_mapped_value(row):
            # nothing in the mapped columns: a template's numbered empty row, or a note
            texts = [v for v in values if isinstance(v, str) and NOTE_TEXT.search(v)]
            return _row_text(values) if texts else ""
        name_text = self._name_text()
        if name_text and looks_like_a_note(name_text):
            return _row_text(values)
        if not name_text and len(values) <= 2 and any(
                isinstance(v, str) and looks_like_a_note(v) for v in values):
            return _row_text(values)  # a note written under another column
        return None

    def _has_mapped_value(self, row: list[object]) -> bool:
        """Whether a mapped column holds a value (`row_values`' test; the name column, first
        of them as a rule, mostly answers at once)."""
        width = len(row)
        for column in self.mapped_columns:
            if column < width:
                cell = row[column]
                if cell.strip() if isinstance(cell, str) else cell is not None:
                    return True
        return False

    def _name_text(self) -> str:
        full = self._cell("full_name")
        if not is_blank(full):
            return display_value(full)
        return display_value(self._cell("last_name"))

    def _continues_child_above(self) -> bool:
        """A row with a parent and no child of its own continues the child above it (the
        child's cells merged over both rows, or left empty)."""
        last = self.last
        if last is None or self.kind == STAFF:
            return False
        if not any(not is_blank(self._cell(f"{p}_name")) for p in self.slots):
            return False
        own = {"birth_date": last.birth_date, "unit": last.unit, "phone": last.phone,
               "email": last.email}
        for field_name, value in own.items():
            cell = self._cell(field_name)
            if is_blank(cell):
                continue
            if field_name == "birth_date":
                try:
                    if birth_date_value(cell, self.today) == value:
                        continue
                except UserError:
                    pass
            elif field_name == "unit" and text_value(cell) == value:
                continue
            return False  # the row says something of its own child: not a continuation
        guardians = self._guardians()
        if not guardians:
            return True  # the parent's name was wrong: said by _guardians, nothing to join
        known = {(fold(g.name.full), g.phone) for g in last.guardians}
        last.guardians.extend(g for g in guardians if (fold(g.name.full), g.phone) not in known)
        for g in guardians:
            self._note("continuation", g.name.full, to_row=last.row)
        return True

    def _note(self, kind: str, text: str, to_row: int = 0) -> None:
        self.notes.append(RowNote(self.layout.name, self.row_number, kind, text, to_row))

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
            text, note = name_and_note(display_value(full))
            name = name_from_text(text)
            if note:
                self._issue(self._name_column(), f"В ячейке ФИО есть примечание «{note}»: "
                            f"оно не вошло в ФИО, записано «{name.full}».", skipped=False)
            return name
        parts = [text_value(self._cell(f)) for f in ("last_name", "first_name", "patronymic")]
        if not any(parts):
            return None
        return name_from_columns(*parts)

    def _unit(self) -> str:
        """The row's class or group; a number in «Класс» and its letter in «Литера» («3» and
        «Б») are one class, «3Б»: two classes are never made one by a column left out."""
        unit = text_value(self._cell("unit"))
        if self.letter_column is None:
            return unit
        letter = text_value(self._cell("unit_letter")).strip(" .«»\"'")
        if not letter:
            return unit
        if unit.isdigit():
            return f"{unit}{letter}"
        parts = class_parts(unit)
        if parts is None or fold(parts[1]) != fold(letter):
            self._issue(self._title("unit_letter"), f"Буква «{letter}» не подходит к «{unit}»: "
                        f"записан класс «{unit}».", skipped=False)
        return unit

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
        row, width = self.row, len(self.row)
        for (parent, name_field, phone_field, email_field), (column, relation) in zip(
                self.slot_fields, self.slot_names):
            name_cell = row[column] if column is not None and column < width else ""
            if is_blank(name_cell):
                contact = next((f for f in (phone_field, email_field)
                                if not is_blank(self._cell(f))), None)
                if contact:
                    self._issue(self._title(contact), "Контакт без ФИО родителя: не записан.",
                                skipped=False)
                continue
            if isinstance(name_cell, str) and has_more_than_a_name(name_cell):
                guardians.extend(self._cell_people(parent, name_cell, relation))
                continue
            try:
                name = name_from_text(display_value(name_cell))
            except UserError as error:
                self._issue(self._title(name_field),
                            f"{error.message} Родитель не записан.", skipped=False)
                continue
            phone = self._value(phone_field, self._phone) or ""
            email = self._value(email_field, _email) if email_field in self.columns else ""
            email = email or ""
            guardians.append(GuardianRecord(relation or self._relation(parent), name, phone,
                                            email))
        return guardians

    def _cell_people(self, slot: str, text: str, relation: str | None) -> list[GuardianRecord]:
        """The guardians of a name cell that says more than a name (`guardian_cells`): the
        first takes the slot's columns, the others what the cell says beside them; several
        numbers in the phone column go to the people in order when the counts agree."""
        name_field, phone_field, email_field = (f"{slot}_{a}" for a in ("name", "phone",
                                                                         "email"))
        people = split_guardian_cell(text)
        if people is None:  # not certain: read as one name, which reports what is wrong
            people = [CellPerson(text)]
        column_phones = phone_parts(self._cell(phone_field))
        paired = len(people) > 1 and len(column_phones) == len(people)
        guardians, names = [], []
        for index, person in enumerate(people):
            try:
                name = name_from_text(display_value(person.name))
            except UserError as error:
                self._issue(self._title(name_field), f"{error.message} Родитель не записан.",
                            skipped=False)
                continue
            own_phone = person.phones[0] if person.phones else ""
            if paired:
                phone = self._value(phone_field, lambda _c, f: phone_value(
                    column_phones[index])) or ""
            elif index == 0 and not is_blank(self._cell(phone_field)):
                phone = self._value(phone_field, self._phone) or ""
            else:
                phone = self._value(name_field, lambda _c, f: phone_value(own_phone)) or ""
            email = ""
            if index == 0 and email_field in self.columns:
                email = self._value(email_field, _email) or ""
            if not email and person.emails:
                email = self._value(name_field, lambda _c, f: email_value(
                    person.emails[0])) or ""
            said = person.relation
            if index == 0:
                said = said if said and (relation or self._relation(slot)) == "other" \
                    else (relation or self._relation(slot))
            guardians.append(GuardianRecord(said or "other", name, phone, email))
            names.append(name.full)
        if len(names) > 1:  # a decision the user sees (dry run, wizard), not a fault
            self._note("split", "; ".join(names))
        return guardians

    def _relation(self, slot: str) -> str:
        """mother / father by the column; a guardian's by «Кем приходится», else by the block's
        title («Мать» over a second block, «Опекун»), else «other»."""
        if slot not in GUARDIAN_SLOTS:
            return slot
        relation = relation_value(self._cell(f"{slot}_relation"))
        if relation == "other":
            return relation_of_title(self._title(f"{slot}_name"))
        return relation

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


def _title_unit(layout: SheetLayout) -> RowNote | None:
    """The class or group a title line above the header names («Список обучающихся 3 «Б»
    класса»), for a sheet with no column of its own for it: that sheet's rows are its."""
    for index, row in enumerate(layout.sheet.rows[:layout.header_row]):
        text = " ".join(display_value(c) for c in row if isinstance(c, str) and c.strip())
        unit = unit_in_title(text) if text else ""
        if unit:
            return RowNote(layout.name, index + 1, "title_unit", text[:200], unit=unit)
    return None


def _section_unit(text: str) -> str:
    """«5А класс», «Класс: 5 А», «Группа «Пчёлки»» on a row of its own names the class or
    group of the rows below (domain.units.section_unit)."""
    return text_value(section_unit(text))


def _row_text(values: list[object], limit: int = 80) -> str:
    text = " | ".join(display_value(v) for v in values[:6])
    return text if len(text) <= limit else text[:limit - 1] + "…"
