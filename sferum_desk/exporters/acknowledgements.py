"""Excel sheets about signatures: one act's status, and the head's acts × people summary.

They look made by hand: a title above, a bold header with borders, sensible widths, the
header frozen and an autofilter on it. Exporters take plain data and return bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from sferum_desk.exporters.cells import put
from sferum_desk.exporters.sheets import (
    CELL, CENTER, DATE_FORMAT, finish, header, title_rows, to_bytes,
)

PENDING_TEXT = "не ознакомлен(а)"
SIGNED_TEXT = "ознакомлен(а)"
LEFT_TEXT = "выбыл(а)"
_PENDING_FILL = PatternFill("solid", start_color="FCE4D6")
_DATE = CELL.but(number_format=DATE_FORMAT, alignment=CENTER)
_PENDING = CELL.but(fill=_PENDING_FILL)
_PENDING_DATE = _DATE.but(fill=_PENDING_FILL)
_DASH = CELL.but(alignment=CENTER)


@dataclass(frozen=True)
class StatusLine:
    name: str
    extra: str
    signed_on: dt.date | None
    left: bool = False


@dataclass(frozen=True)
class StatusSheet:
    organization: str
    caption: str  # «Положение об … № 236-а от 17.10.2024»
    extra_column: str  # «Должность» / «Класс»
    lines: Sequence[StatusLine]
    deadline: dt.date | None = None


@dataclass(frozen=True)
class SummaryPerson:
    name: str
    extra: str
    cells: Sequence[dt.date | bool | None]  # a date = signed; False = pending; None = not asked


@dataclass(frozen=True)
class SummarySheet:
    organization: str
    acts: Sequence[str]  # one short caption per column
    people: Sequence[SummaryPerson]


def status_workbook(sheet: StatusSheet) -> bytes:
    """№ / Ф.И.О. / [Должность] / Статус / Дата ознакомления: one row per person."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Ознакомление"
    titles = ["№", "Ф.И.О."] + ([sheet.extra_column] if sheet.extra_column else []) + [
        "Статус", "Дата ознакомления"]
    lines = [sheet.organization, f"Лист ознакомления: {sheet.caption}"]
    signed = sum(1 for line in sheet.lines if line.signed_on)
    summary = f"Ознакомлены: {signed} из {len(sheet.lines)}"
    if sheet.deadline:
        summary += f"; срок — до {sheet.deadline:%d.%m.%Y}"
    lines.append(summary)
    header_row = title_rows(ws, lines, len(titles))
    header(ws, header_row, titles)
    row = header_row
    for index, line in enumerate(sheet.lines, start=1):
        row += 1
        status = SIGNED_TEXT if line.signed_on else PENDING_TEXT
        if line.left:
            status += f", {LEFT_TEXT}"
        values = [index, line.name] + ([line.extra] if sheet.extra_column else []) + [
            status, line.signed_on]
        for col, value in enumerate(values, start=1):
            if col == len(values):
                look = _DATE if line.signed_on else _PENDING_DATE
            else:
                look = CELL if line.signed_on else _PENDING
            put(ws, row, col, value, look)
    widths = [6, 42] + ([30] if sheet.extra_column else []) + [24, 18]
    finish(ws, header_row, row, widths, orientation="portrait")
    return to_bytes(wb)


def summary_workbook(sheet: SummarySheet) -> bytes:
    """People down, acts across; a cell holds the signature date or «не ознакомлен(а)»."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Сводная"
    titles = ["№", "Ф.И.О.", "Должность / подразделение", *sheet.acts, "Не ознакомлен(а)"]
    header_row = title_rows(ws, [sheet.organization, "Ознакомление с локальными актами"],
                            len(titles))
    header(ws, header_row, titles)
    ws.row_dimensions[header_row].height = 60
    row = header_row
    for index, person in enumerate(sheet.people, start=1):
        row += 1
        missing = sum(1 for cell in person.cells if cell is False)
        values = [index, person.name, person.extra, *person.cells, missing]
        for col, value in enumerate(values, start=1):
            shown = PENDING_TEXT if value is False else ("—" if value is None else value)
            if isinstance(value, dt.date):
                look = _DATE
            elif value is False:
                look = _PENDING
            elif value is None:
                look = _DASH
            else:
                look = CELL
            put(ws, row, col, shown, look)
    widths = [6, 36, 26, *([16] * len(sheet.acts)), 14]
    finish(ws, header_row, row, widths, orientation="portrait")
    ws.freeze_panes = ws.cell(row=header_row + 1, column=4)  # names stay while scrolling acts
    return to_bytes(wb)
