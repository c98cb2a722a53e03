"""A person's data as an Excel workbook: one sheet, section by section, ready to print."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from sferum_desk.domain.dates import format_date
from sferum_desk.exporters.cells import Look, a4, put
from sferum_desk.exporters.sheets import HEADER_FILL, to_bytes

_THIN = Side(style="thin", color="7F7F7F")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BODY = Font(name="Times New Roman", size=11)
_BOLD = Font(name="Times New Roman", size=11, bold=True)
_SECTION = Font(name="Times New Roman", size=12, bold=True)
_TITLE = Font(name="Times New Roman", size=13, bold=True)
_WRAP = Alignment(vertical="top", wrap_text=True)
WIDTHS = {"A": 34, "B": 44, "C": 22, "D": 16}


def personal_data_workbook(data) -> bytes:
    """`data` is services.personal_data.PersonalData."""
    book = Workbook()
    ws = book.active
    ws.title = "Персональные данные"
    row = _heading(ws, data)
    for section in data.sections:
        row = _section(ws, row + 1, section)
    for column, width in WIDTHS.items():
        ws.column_dimensions[column].width = width
    a4(ws)
    return to_bytes(book)


def _put(ws: Worksheet, row: int, column: int, value: str, font=_BODY, border=True,
         fill=None):
    """Every value as text, through the one cell writer (never a formula)."""
    return put(ws, row, column, str(value),
               Look(font=font, alignment=_WRAP, border=_BORDER if border else None, fill=fill))


def _heading(ws: Worksheet, data) -> int:
    _put(ws, 1, 1, "Сведения о персональных данных", _TITLE, border=False)
    _put(ws, 2, 1, f"{data.full_name} (запись № {data.person_id})", _BOLD, border=False)
    _put(ws, 3, 1, f"{data.organization}, по состоянию на {format_date(data.made_on)}",
         border=False)
    return 3


def _section(ws: Worksheet, row: int, section) -> int:
    row += 1
    _put(ws, row, 1, section.title, _SECTION, border=False)
    if section.headers:
        row += 1
        for column, title in enumerate(section.headers, start=1):
            _put(ws, row, column, title, _BOLD, fill=HEADER_FILL)
    for values in section.rows:
        row += 1
        for column, value in enumerate(values, start=1):
            _put(ws, row, column, value, _BOLD if not section.headers and column == 1
                 else _BODY)
    return row
