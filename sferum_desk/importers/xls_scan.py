"""What an old .xls file (BIFF8, as Excel 97–2003 and LibreOffice save it) tells and calamine
does not: hidden and struck-through rows, the marks `xlsx_scan` reads from an .xlsx.

The «Workbook» stream is a run of records (type, length, data). The globals give each
sheet's name and place (BOUNDSHEET), the fonts (FONT: struck out or not) and the cell
formats (XF: which font); each sheet gives its rows (ROW: hidden or not) and its cells (the
format of each). Cells are looked at only when some format is struck through.
"""

from __future__ import annotations

import io
import struct

import olefile

from sferum_desk.importers.xlsx_scan import SheetMarks

BOF, EOF, BOUNDSHEET, FONT, XF, ROW = 0x0809, 0x000A, 0x0085, 0x0031, 0x00E0, 0x0208
# records of one valued cell: row, column, format index first
VALUE_CELLS = {0x00FD, 0x0204, 0x0203, 0x027E, 0x0205, 0x0006, 0x00D6}
MULRK = 0x00BD
ROW_HIDDEN = 0x0020
FONT_STRUCK = 0x0008


def scan_xls(data: bytes) -> dict[str, SheetMarks]:
    """Sheet name → its hidden and struck-through rows (1-based); {} for a file that is not
    BIFF8 (calamine then reads it, or says what is wrong)."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                return {}
            stream = ole.openstream(name).read()
    except (OSError, ValueError, struct.error):
        return {}
    try:
        return _scan_stream(stream)
    except struct.error:  # a record cut short: the marks are unknown, the rows still read
        return {}


def _records(stream: bytes, start: int = 0):
    offset, end = start, len(stream) - 4
    while offset <= end:
        kind, length = struct.unpack_from("<HH", stream, offset)
        yield offset, kind, stream[offset + 4:offset + 4 + length]
        offset += 4 + length


def _scan_stream(stream: bytes) -> dict[str, SheetMarks]:
    sheets: dict[int, str] = {}  # stream offset of a sheet's BOF → its name
    fonts: list[bool] = []  # struck out, by font index (index 4 does not exist)
    xf_fonts: list[int] = []
    for offset, kind, body in _records(stream):
        if kind == BOUNDSHEET:
            sheets[struct.unpack_from("<I", body)[0]] = _sheet_name(body)
        elif kind == FONT:
            fonts.append(bool(struct.unpack_from("<H", body, 2)[0] & FONT_STRUCK))
            if len(fonts) == 4:
                fonts.append(False)  # BIFF skips font index 4
        elif kind == XF:
            xf_fonts.append(struct.unpack_from("<H", body)[0])
        elif kind == EOF:
            break
    struck_xfs = {i for i, font in enumerate(xf_fonts) if font < len(fonts) and fonts[font]}
    return {name: _scan_sheet(stream, offset, struck_xfs) for offset, name in sheets.items()
            if offset < len(stream)}


def _sheet_name(body: bytes) -> str:
    length, wide = body[6], body[7] & 1
    raw = body[8:8 + length * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1")


def _scan_sheet(stream: bytes, start: int, struck_xfs: set[int]) -> SheetMarks:
    marks = SheetMarks()
    valued: dict[int, int] = {}
    struck: dict[int, int] = {}
    for offset, kind, body in _records(stream, start):
        if kind == ROW:
            row, flags = struct.unpack_from("<H", body)[0], struct.unpack_from("<H", body, 12)[0]
            if flags & ROW_HIDDEN:
                marks.hidden_rows.add(row + 1)
        elif struck_xfs and kind in VALUE_CELLS:
            row, _, xf = struct.unpack_from("<HHH", body)
            valued[row] = valued.get(row, 0) + 1
            if xf in struck_xfs:
                struck[row] = struck.get(row, 0) + 1
        elif struck_xfs and kind == MULRK:
            row = struct.unpack_from("<H", body)[0]
            for index in range((len(body) - 6) // 6):
                xf = struct.unpack_from("<H", body, 4 + 6 * index)[0]
                valued[row] = valued.get(row, 0) + 1
                if xf in struck_xfs:
                    struck[row] = struck.get(row, 0) + 1
        elif kind == EOF and offset > start:
            break
    # struck through: most of the row's values (the «№» cell is often left plain)
    marks.struck_rows = {row + 1 for row, count in struck.items() if count * 2 > valued[row]}
    return marks
