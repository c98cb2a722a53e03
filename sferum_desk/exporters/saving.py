"""The one save of every workbook (sheets.to_bytes calls it): openpyxl writes the workbook,
its styles and each sheet as it always did, and the body rows recorded by cells.put_rows
(already their sheet XML) are put into their sheet's <sheetData> in row order.

openpyxl writes the rest of such a sheet (title, header, merges, frozen panes, autofilter,
print titles, page setup, footer, column widths) with a placeholder comment where each
recorded block goes; the placeholders are then replaced by the blocks' rows (#17).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import BinaryIO
from xml.etree.ElementTree import Comment
from xml.sax.saxutils import quoteattr
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.writer.excel import ExcelWriter

from sferum_desk.exporters.cells import Body, bodies

_MARK = "sferum-body-"
_MARK_RE = re.compile(rb"<!--\s*" + _MARK.encode() + rb"(\d+)\s*-->")


def save(book: Workbook, file: BinaryIO) -> None:
    """openpyxl's save_workbook, with a sheet writer that knows the recorded rows."""
    archive = ZipFile(file, "w", ZIP_DEFLATED, allowZip64=True)
    book.properties.modified = dt.datetime.now(tz=dt.timezone.utc).replace(tzinfo=None)
    _BookWriter(book, archive).save()


class _BookWriter(ExcelWriter):
    def write_worksheet(self, ws):
        blocks = _blocks(ws)
        if not blocks:
            return super().write_worksheet(ws)
        # As ExcelWriter.write_worksheet does, but the sheet part is the spliced text.
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws, blocks)
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.spliced())
        self.manifest.append(ws)
        writer.cleanup()


def _blocks(ws) -> list[Body]:
    """The sheet's non-empty recorded blocks in row order; two may not share a row."""
    blocks = sorted((b for b in bodies(ws) if b.cells), key=lambda b: b.first_row)
    for before, after in zip(blocks, blocks[1:]):
        if after.first_row <= before.last_row:
            raise ValueError(f"rows {after.first_row}-{before.last_row} were put twice")
    return blocks


class _SheetWriter(WorksheetWriter):
    def __init__(self, ws, blocks: list[Body]):
        super().__init__(ws)
        self.blocks = blocks

    def write_dimensions(self):
        """The used range covers the recorded rows as well as openpyxl's cells."""
        ws = self.ws
        first = min(b.first_row for b in self.blocks)
        last = max(b.last_row for b in self.blocks)
        width = max(b.width for b in self.blocks)
        left = 1
        if ws._cells:
            first, last = min(first, ws.min_row), max(last, ws.max_row)
            left, width = min(left, ws.min_column), max(width, ws.max_column)
        ref = f"{get_column_letter(left)}{first}:{get_column_letter(max(width, 1))}{last}"
        self.xf.send(SheetDimension(ref).to_tree())

    def rows(self):
        """openpyxl's rows but those recorded; a recorded row may not hold openpyxl's cells
        (an empty unstyled one, as ws.cell() leaves behind, is not written anyway)."""
        kept = []
        for row_idx, cells in super().rows():
            if not any(b.first_row <= row_idx <= b.last_row for b in self.blocks):
                kept.append((row_idx, cells))
            elif any(c._value is not None or c.has_style for c in cells):
                raise ValueError(f"row {row_idx} was put both by put_rows and cell by cell")
        return kept

    def write_rows(self):
        xf = self.xf.send(True)
        waiting = list(enumerate(self.blocks))
        with xf.element("sheetData"):
            for row_idx, row in self.rows():
                while waiting and waiting[0][1].first_row < row_idx:
                    xf.write(Comment(f"{_MARK}{waiting.pop(0)[0]}"))
                self.write_row(xf, row, row_idx)
            for number, _ in waiting:
                xf.write(Comment(f"{_MARK}{number}"))
        self.xf.send(None)

    def spliced(self) -> bytes:
        """The sheet part with each placeholder replaced by its block's rows."""
        parts = _MARK_RE.split(self.read())
        for index in range(1, len(parts), 2):
            parts[index] = _rows_xml(self.ws, self.blocks[int(parts[index])])
        if len(parts) != 2 * len(self.blocks) + 1:
            raise RuntimeError("a recorded block lost its place in the sheet")
        return b"".join(parts)


def _rows_xml(ws, block: Body) -> bytes:
    """The block's <row> elements, each with the sheet's own row attributes (a height…)."""
    dims = ws.row_dimensions
    rows = []
    for row, cells in enumerate(block.cells, start=block.first_row):
        attrs = "".join(f" {k}={quoteattr(v)}" for k, v in dims[row]) if row in dims else ""
        rows.append(f'<row r="{row}"{attrs}>{cells}</row>')
    return "".join(rows).encode("utf-8")
