"""Excel sheets about signatures: one act's status, and the head's acts × people summary.

They look made by hand: a title above, a bold header with borders, sensible widths, the
header frozen and an autofilter on it. Exporters take plain data and return bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "DD.MM.YYYY"
PENDING_TEXT = "не ознакомлен(а)"
SIGNED_TEXT = "ознакомлен(а)"
LEFT_TEXT = "выбыл(а)"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", start_color="DDE4EE")
_PENDING_FILL = PatternFill("solid", start_color="FCE4D6")


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


def _title_rows(ws: Worksheet, lines: Sequence[str], width: int) -> int:
    """A few bold lines above the table; returns the header's row number."""
    for row, line in enumerate(lines, start=1):
        ws.cell(row=row, column=1, value=line).font = Font(bold=row == 1, size=12)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    return len(lines) + 2


def _header(ws: Worksheet, row: int, titles: Sequence[str]) -> None:
    for col, title in enumerate(titles, start=1):
        cell = ws.cell(row=row, column=col, value=title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _finish(ws: Worksheet, header_row: int, last_row: int, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    last_col = get_column_letter(len(widths))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{last_col}{max(last_row, header_row)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


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
    header_row = _title_rows(ws, lines, len(titles))
    _header(ws, header_row, titles)
    row = header_row
    for index, line in enumerate(sheet.lines, start=1):
        row += 1
        status = SIGNED_TEXT if line.signed_on else PENDING_TEXT
        if line.left:
            status += f", {LEFT_TEXT}"
        values = [index, line.name] + ([line.extra] if sheet.extra_column else []) + [
            status, line.signed_on]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.border = _BORDER
            if col == len(values):
                cell.number_format = DATE_FORMAT
                cell.alignment = Alignment(horizontal="center")
            if not line.signed_on:
                cell.fill = _PENDING_FILL
    widths = [6, 42] + ([30] if sheet.extra_column else []) + [24, 18]
    _finish(ws, header_row, row, widths)
    return _bytes(wb)


def summary_workbook(sheet: SummarySheet) -> bytes:
    """People down, acts across; a cell holds the signature date or «не ознакомлен(а)»."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Сводная"
    titles = ["№", "Ф.И.О.", "Должность / подразделение", *sheet.acts, "Не ознакомлен(а)"]
    header_row = _title_rows(ws, [sheet.organization, "Ознакомление с локальными актами"],
                             len(titles))
    _header(ws, header_row, titles)
    ws.row_dimensions[header_row].height = 60
    row = header_row
    for index, person in enumerate(sheet.people, start=1):
        row += 1
        missing = sum(1 for cell in person.cells if cell is False)
        values = [index, person.name, person.extra, *person.cells, missing]
        for col, value in enumerate(values, start=1):
            shown = PENDING_TEXT if value is False else ("—" if value is None else value)
            cell = ws.cell(row=row, column=col, value=shown)
            cell.border = _BORDER
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
                cell.alignment = Alignment(horizontal="center")
            elif value is False:
                cell.fill = _PENDING_FILL
            elif value is None:
                cell.alignment = Alignment(horizontal="center")
    widths = [6, 36, 26, *([16] * len(sheet.acts)), 14]
    _finish(ws, header_row, row, widths)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=4)  # names stay while scrolling acts
    return _bytes(wb)
