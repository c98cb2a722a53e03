"""The open «Сделать в Сферуме» list as an Excel sheet, with a column to tick by hand."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", start_color="DDE4EE")
HEADERS = ("№", "Что сделать", "Подробно", "Подразделение", "Добавлено", "Сделано")
WIDTHS = (6, 26, 70, 18, 12, 10)


@dataclass(frozen=True)
class TodoLine:
    number: int
    kind_title: str
    description: str
    unit: str
    created_on: dt.date


def todo_workbook(organization: str, as_of: dt.date, lines: Sequence[TodoLine]) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Сделать в Сферуме"
    ws.cell(row=1, column=1, value=organization).font = Font(bold=True, size=12)
    ws.cell(row=2, column=1, value=f"Сделать в Сферуме на {as_of:%d.%m.%Y}").font = Font(size=12)
    for row in (1, 2):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(HEADERS))
    header_row = 4
    for col, title in enumerate(HEADERS, start=1):
        cell = ws.cell(row=header_row, column=col, value=title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row = header_row
    for line in lines:
        row += 1
        values = (line.number, line.kind_title, line.description, line.unit, line.created_on,
                  "")
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=col in (2, 3))
            if col == 5:
                cell.number_format = "DD.MM.YYYY"
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(HEADERS))}{row}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
