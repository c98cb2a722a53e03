"""The one cell writer of every workbook: user text is stored as text, never as a formula,
and each look is built once per workbook.

openpyxl takes any text that starts with «=» for a formula, so a post, a name or a class
typed as `=HYPERLINK("http://…","click")` became a live link in Excel (formula injection).
`put` stores every text as a string cell, and marks text that starts like a formula or a
command (= + - @, tab, CR) with Excel's «quote prefix», so that editing the cell later does
not turn it into one either.

Styles: a `Look` (font, fill, border, alignment, number format) is turned into a style
array once per workbook, which every cell of that look then gets a copy of: no style
objects per cell (#17: 410k style calls made a 10k-pupil workbook take 10 s).

Bodies: `put_rows` writes a table's thousands of rows by the same rules as `put`, straight
as their sheet XML (no Cell per value); the one save (sheets.to_bytes, exporters/saving.py)
puts them into their sheet, and openpyxl writes everything else (#17).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TIME_TYPES, Cell, get_time_format
from openpyxl.compat import NUMERIC_TYPES, safe_string
from openpyxl.styles import Alignment, Border, Fill, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
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
    array = _array(ws, look) if look is not None and look is not PLAIN else None
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


def put_rows(ws: Worksheet, first_row: int, rows: Sequence[Sequence], looks: Sequence[Look],
             blank_looks: Sequence[Look] | None = None) -> None:
    """Write a table's body at once, by the same rules as `put`, without a Cell per value.

    Column i takes looks[i] (blank_looks[i] when its value is None: a bordered empty cell;
    "" is an empty text, as with `put`). Each row's cells are kept as their sheet XML, which
    the one save (sheets.to_bytes) puts into the sheet: building and writing 130k openpyxl
    cells was most of a 10k-pupil export (#17). Those rows cannot be read or changed
    through `ws`, and no other cell may be put into them.
    """
    styles = _BodyStyles(ws, looks, looks if blank_looks is None else blank_looks)
    letters = [get_column_letter(col) for col in range(1, len(looks) + 1)]
    body = []
    for row, values in enumerate(rows, start=first_row):
        cells = []
        for col, value in enumerate(values):
            ref = f"{letters[col]}{row}"
            if value is None:
                s = styles.blank[col]
                if s:  # openpyxl too leaves out an empty cell with no look
                    cells.append(f'<c r="{ref}"{s} t="n"/>')
            elif isinstance(value, str):
                cells.append(_text_xml(ref, text_value(value), styles, col))
            else:
                cells.append(_other_xml(ref, value, styles, col, ws.parent.epoch))
        body.append("".join(cells))
    bodies(ws).append(Body(first_row, body, len(looks)))


@dataclass(frozen=True)
class Body:
    """Rows recorded by put_rows: row first_row + i holds cells[i] (its <c> elements)."""
    first_row: int
    cells: list[str]
    width: int

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.cells) - 1


def bodies(ws: Worksheet) -> list[Body]:
    """The sheet's rows recorded by put_rows, in the order they were put."""
    return ws.__dict__.setdefault("_sferum_bodies", [])


class _BodyStyles:
    """Each column's style attribute (' s="N"' or ''), ids from the workbook's own registry
    so that styles.xml has them: for text, quote-prefixed text, empty cells and dates."""

    def __init__(self, ws: Worksheet, looks: Sequence[Look], blank_looks: Sequence[Look]):
        self.ws = ws
        self.arrays = [_array(ws, look) for look in looks]
        self.plain = [self._attribute(array) for array in self.arrays]
        self.quoted = [self._attribute(_quoted(array)) for array in self.arrays]
        self.blank = [self._attribute(_array(ws, look)) for look in blank_looks]
        self._dates: dict[tuple[int, type], str] = {}

    def _attribute(self, array: StyleArray) -> str:
        return f' s="{self.ws.parent._cell_styles.add(array)}"' if any(array) else ""

    def date(self, col: int, kind: type) -> str:
        """A date keeps its look's date format; with none, openpyxl's default for its type."""
        key = (col, kind)
        if key not in self._dates:
            cell = Cell(self.ws, style_array=self.arrays[col])
            if not is_date_format(cell.number_format):
                cell.number_format = get_time_format(kind)
            self._dates[key] = self._attribute(cell._style)
        return self._dates[key]


def _quoted(array: StyleArray) -> StyleArray:
    quoted = StyleArray(array)
    quoted.quotePrefix = 1
    return quoted


def _text_xml(ref: str, text: str, styles: _BodyStyles, col: int) -> str:
    """An inline string, as openpyxl writes it: & < > escaped, edge spaces kept."""
    s = styles.quoted[col] if text.startswith(FORMULA_STARTS) else styles.plain[col]
    if not text:
        return f'<c r="{ref}"{s} t="inlineStr"/>'
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _other_xml(ref: str, value: object, styles: _BodyStyles, col: int, epoch) -> str:
    """A number, a truth value or a date (an Excel serial number in its date look)."""
    if isinstance(value, bool):
        return f'<c r="{ref}"{styles.plain[col]} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, NUMERIC_TYPES):
        return f'<c r="{ref}"{styles.plain[col]} t="n"><v>{safe_string(value)}</v></c>'
    if isinstance(value, TIME_TYPES):
        if isinstance(value, dt.datetime):  # as `put` stores it
            value = value.replace(tzinfo=None)
        serial = safe_string(to_excel(value, epoch))
        return f'<c r="{ref}"{styles.date(col, type(value))} t="n"><v>{serial}</v></c>'
    raise ValueError(f"Cannot convert {value!r} to Excel")


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
        cell._style = copy(_array(ws, look))
    if quoted:
        cell.quotePrefix = True
    return cell


def style(ws: Worksheet, row: int, column: int, look: Look):
    """Style a cell without touching its value (bordered blank rows of a template)."""
    cell = ws.cell(row=row, column=column)
    cell._style = copy(_array(ws, look))
    return cell


def _looks(ws: Worksheet) -> dict:
    """Each look's style array, built once per workbook."""
    return ws.parent.__dict__.setdefault("_sferum_looks", {})


def _array(ws: Worksheet, look: Look) -> StyleArray:
    """The look's style array (its parts registered in the workbook), built once."""
    cache = _looks(ws)
    array = cache.get(look)
    if array is None:
        cell = Cell(ws)  # never placed on the sheet: it only builds the array
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
        array = cache[look] = cell._style
    return array


def a4(ws: Worksheet, orientation: str = "portrait") -> None:
    """Every workbook prints on A4, fitted to the page width."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
