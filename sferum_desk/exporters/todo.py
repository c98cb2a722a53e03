"""The open «Сделать в Сферуме» list as an Excel sheet, with a column to tick by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook

from sferum_desk.exporters.cells import put
from sferum_desk.exporters.sheets import (
    CELL, DATE_FORMAT, TOP, TOP_WRAP, finish, header, title_rows, to_bytes,
)

HEADERS = ("№", "Что сделать", "Подробно", "Подразделение", "Добавлено", "Сделано")
WIDTHS = (6, 26, 70, 18, 12, 10)
_LOOKS = [CELL.but(alignment=TOP_WRAP if col in (2, 3) else TOP,
                   number_format=DATE_FORMAT if col == 5 else None) for col in range(1, 7)]


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
    header_row = title_rows(ws, [organization, f"Сделать в Сферуме на {as_of:%d.%m.%Y}"],
                            len(HEADERS))
    header(ws, header_row, HEADERS)
    row = header_row
    for line in lines:
        row += 1
        values = (line.number, line.kind_title, line.description, line.unit, line.created_on,
                  "")
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value, _LOOKS[col - 1])
    finish(ws, header_row, row, WIDTHS)
    return to_bytes(workbook)
