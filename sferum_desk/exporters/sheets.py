"""The look shared by the plain report sheets, so they all seem made by the same hand: bold
title lines above, a bold bordered header on a pale fill, sensible widths, the header frozen
with an autofilter on it, fitted to the page width."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sferum_desk.exporters.cells import Look, a4, put
from sferum_desk.exporters.saving import save

DATE_FORMAT = "DD.MM.YYYY"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", start_color="DDE4EE")
TITLE = Look(font=Font(bold=True, size=12))
SUBTITLE = Look(font=Font(size=12))
HEADER = Look(font=Font(bold=True), fill=HEADER_FILL, border=BORDER,
              alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
CELL = Look(border=BORDER)  # a bordered body cell; .but(...) for dates, wrapping, fills
TOP = Alignment(vertical="top")
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
CENTER = Alignment(horizontal="center")


def title_rows(ws: Worksheet, lines: Sequence[str], width: int) -> int:
    """Title lines above the table (the first one bold), each merged across the table;
    returns the header's row number, one blank row below them."""
    for row, line in enumerate(lines, start=1):
        put(ws, row, 1, line, TITLE if row == 1 else SUBTITLE)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=max(width, 1))
    return len(lines) + 2


def header(ws: Worksheet, row: int, titles: Sequence[str]) -> None:
    for col, title in enumerate(titles, start=1):
        put(ws, row, col, title, HEADER)


def finish(ws: Worksheet, header_row: int, last_row: int, widths: Sequence[float],
           orientation: str = "landscape", repeat_header: bool = True) -> None:
    """Column widths, the frozen and filtered header (repeated on each printed page unless
    told otherwise) and A4 fitted to the width."""
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    last_col = get_column_letter(len(widths))
    ws.freeze_panes = f"A{header_row + 1}"  # a string: ws.cell() would add a cell there
    ws.auto_filter.ref = f"A{header_row}:{last_col}{max(last_row, header_row)}"
    if repeat_header:
        ws.print_title_rows = f"{header_row}:{header_row}"
    a4(ws, orientation)


def to_bytes(book: Workbook) -> bytes:
    """The one save of every workbook (with the rows cells.put_rows recorded)."""
    buffer = io.BytesIO()
    save(book, buffer)
    return buffer.getvalue()
