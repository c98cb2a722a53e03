"""«Ссылки к аннулированию» as an Excel sheet the administrator works through on the platform.

Plain data in, bytes out; it looks made by hand: a title, a bold bordered header, frozen,
filtered, fitted to the page width.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook

from sferum_desk.exporters.cells import put
from sferum_desk.exporters.sheets import (
    CELL, DATE_FORMAT, TOP, TOP_WRAP, finish, header, title_rows, to_bytes,
)

_LOOKS = [CELL.but(alignment=TOP_WRAP if col in (4, 6) else TOP,
                   number_format=DATE_FORMAT if col == 5 else None) for col in range(1, 8)]

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
    header_row = title_rows(ws, heading, len(TITLES))
    header(ws, header_row, TITLES)
    row = header_row
    for number, line in enumerate(lines, start=1):
        row += 1
        values = (number, line.unit, line.audience, line.url, line.valid_until, line.reason, "")
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value, _LOOKS[col - 1])
    finish(ws, header_row, row, WIDTHS, repeat_header=False)
    return to_bytes(wb)
