"""«Ссылки к аннулированию» as an Excel sheet the administrator works through on the platform.

Plain data in, bytes out; it looks made by hand: a title, a bold bordered header, frozen,
filtered, fitted to the page width.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

DATE_FORMAT = "DD.MM.YYYY"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", start_color="DDE4EE")
TITLES = ("№", "Подразделение", "Кому", "Ссылка", "Действует до", "Почему аннулировать",
          "Аннулирована в платформе")
WIDTHS = (6, 18, 16, 52, 14, 34, 16)


@dataclass(frozen=True)
class AnnulLine:
    unit: str
    audience: str
    url: str
    valid_until: dt.date | None
    reason: str


def annul_list_workbook(organization: str, day: dt.date, lines: Sequence[AnnulLine]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "К аннулированию"
    heading = [organization, f"Ссылки-приглашения к аннулированию на {day:%d.%m.%Y}"]
    for row, text in enumerate(heading, start=1):
        ws.cell(row=row, column=1, value=text).font = Font(bold=row == 1, size=12)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(TITLES))
    header_row = len(heading) + 2
    for col, title in enumerate(TITLES, start=1):
        cell = ws.cell(row=header_row, column=col, value=title)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row = header_row
    for number, line in enumerate(lines, start=1):
        row += 1
        values = (number, line.unit, line.audience, line.url, line.valid_until, line.reason, "")
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=col in (4, 6))
            if col == 5:
                cell.number_format = DATE_FORMAT
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(TITLES))}{row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
