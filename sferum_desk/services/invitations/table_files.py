"""Table files (xlsx, xls, ods, csv, txt) and pasted lines as rows of text cells: the links
to paste and the names of who joined are read the same way."""

from __future__ import annotations

import re
from pathlib import Path

from sferum_desk.domain.names import clean_text
from sferum_desk.importers.reader import read_table_file


def _split_cells(line: str) -> list[str]:
    parts = re.split(r"\t|;|\|| {2,}", line)
    if len(parts) == 1 and "," in line:
        parts = line.split(",")
    return [clean_text(p) for p in parts]


# ---- table files ---------------------------------------------------------------------
def read_table(path: Path | str) -> list[list[str]]:
    """The first sheet of any table file (xlsx, xls, ods, csv, txt) as rows of text cells; a
    line with one cell is split on tabs, «;» or runs of spaces, as copied from a web page."""
    sheet = read_table_file(path).sheets[0]
    rows = []
    for raw in sheet.rows:
        cells = [_cell_text(value) for value in raw]
        filled = [cell for cell in cells if cell]
        rows.append(_split_cells(filled[0]) if len(filled) == 1 else cells)
    return rows


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(value) if value is not None else ""
