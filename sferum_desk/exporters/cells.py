"""The one cell writer of every workbook: user text is stored as text, never as a formula,
and each look is built once per workbook.

openpyxl takes any text that starts with «=» for a formula, so a post, a name or a class
typed as `=HYPERLINK("http://…","click")` became a live link in Excel (formula injection).
`put` stores every text as a string cell, and marks text that starts like a formula or a
command (= + - @, tab, CR) with Excel's «quote prefix», so that editing the cell later does
not turn it into one either.

Styles: a `Look` (font, fill, border, alignment, number format) is applied to the first cell
the normal way and its style array is then copied to every other cell of that look: no style
objects per cell (#17: 410k style calls made a 10k-pupil workbook take 10 s).
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from dataclasses import dataclass

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Fill, Font
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell


@dataclass(frozen=True, eq=False)  # hashed by identity: hashing fonts per cell cost seconds
class Look:
    font: Font | None = None
    fill: Fill | None = None
    border: Border | None = None
    alignment: Alignment | None = None
    number_format: str | None = None

    def but(self, **changes) -> Look:
        """This look with some parts changed (a date column, a bold total line)."""
        values = {name: getattr(self, name) for name in
                  ("font", "fill", "border", "alignment", "number_format")}
        values.update(changes)
        return Look(**values)


PLAIN = Look()


def text_value(value: str) -> str:
    """Text as a workbook can hold it: no control characters, within one cell's limit."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT]


def put(ws: Worksheet, row: int, column: int, value: object, look: Look | None = None):
    """Write one cell: text as text (never a formula), numbers and dates as they are."""
    if (row, column) in ws._cells:  # written or styled before: change that cell
        return _put_into(ws, ws.cell(row=row, column=column), value, look)
    # A new cell is made with its look's style array at once and its text stored as it is
    # (already cleaned): openpyxl's own path checked every string again and set the style
    # part by part, most of a 10k-pupil workbook's filling time (#17).
    array = _looks(ws).get(look) if look is not None and look is not PLAIN else None
    if array is None and look is not None and look is not PLAIN:
        return _put_into(ws, ws.cell(row=row, column=column), value, look)  # first of a look
    cell = Cell(ws, row=row, column=column, style_array=array)
    if isinstance(value, str):
        text = text_value(value)
        cell._value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    elif value is not None:
        cell.value = value.replace(tzinfo=None) if isinstance(value, dt.datetime) else value
    ws._cells[(row, column)] = cell
    if row > ws._current_row:
        ws._current_row = row
    return cell


def _put_into(ws: Worksheet, cell, value: object, look: Look | None):
    if isinstance(value, str):
        text = text_value(value)
        cell.value = text
        cell.data_type = "s"  # after the value: openpyxl would have taken «=…» for a formula
        quoted = text.startswith(FORMULA_STARTS)
    else:
        if isinstance(value, dt.datetime):
            value = value.replace(tzinfo=None)
        cell.value = value
        quoted = False
    if look is not None and look is not PLAIN:
        _style(ws, cell, look)
    if quoted:
        cell.quotePrefix = True
    return cell


def style(ws: Worksheet, row: int, column: int, look: Look):
    """Style a cell without touching its value (bordered blank rows of a template)."""
    cell = ws.cell(row=row, column=column)
    _style(ws, cell, look)
    return cell


def _looks(ws: Worksheet) -> dict:
    """Each look's style array, built once per workbook."""
    return ws.parent.__dict__.setdefault("_sferum_looks", {})


def _style(ws: Worksheet, cell, look: Look) -> None:
    cache = _looks(ws)
    array = cache.get(look)
    if array is not None:
        cell._style = copy(array)
        return
    if look.font is not None:
        cell.font = look.font
    if look.fill is not None:
        cell.fill = look.fill
    if look.border is not None:
        cell.border = look.border
    if look.alignment is not None:
        cell.alignment = look.alignment
    if look.number_format is not None:
        cell.number_format = look.number_format
    cache[look] = copy(cell._style)


def a4(ws: Worksheet, orientation: str = "portrait") -> None:
    """Every workbook prints on A4, fitted to the page width."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
