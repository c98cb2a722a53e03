"""The familiarisation list («лист ознакомления») of one local act, as a PDF.

A heading with the act's type, title, number and date, then the table
№ / Ф.И.О. / [Должность or the unit] / Дата / Подпись: the header row repeats on every page,
each row is at least 10 mm tall so a hand fits, names in Russian alphabetical order.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from sferum_desk.domain.names import sort_key
from sferum_desk.printing.fonts import SERIF, SERIF_BOLD
from sferum_desk.printing.official import (
    LEFT_MARGIN,
    PAGE_HEIGHT,
    TABLE_SIZE,
    TEXT_WIDTH,
    TOP_MARGIN,
    ProgressCallback,
    build_pdf,
    number_and_date,
    short_date,
    styles,
    text,
)

ROW_HEIGHT = 10 * mm
HEADER_HEIGHT = 9 * mm
RUNNING_HEADER = 9 * mm  # room above the table on pages 2… for the act's name
CELL_PADDING = 3  # points, left and right


@dataclass(frozen=True)
class SheetRow:
    name: str
    extra: str = ""  # position (staff) or unit (parents, pupils)
    date: dt.date | None = None  # pre-filled date; None leaves the cell for the pen


@dataclass(frozen=True)
class SheetData:
    organization: str
    doc_type: str
    title: str
    number: str
    issued_on: dt.date | None
    rows: Sequence[SheetRow]
    extra_column: str = ""  # the optional column's header («Должность», «Класс»); "" = none


def act_caption(doc_type: str, title: str) -> str:
    """«Положение об использовании…» reads on; a capitalised title goes in quotes."""
    title = title.strip()
    if not title:
        return doc_type
    if title[0].islower() or title.startswith(("«", '"')):
        return f"{doc_type} {title}"
    return f"{doc_type} «{title}»"


def _column_widths(with_extra: bool) -> list[float]:
    if with_extra:
        widths = [11 * mm, 70 * mm, 42 * mm, 25 * mm]
    else:
        widths = [12 * mm, 95 * mm, 28 * mm]
    return widths + [TEXT_WIDTH - sum(widths)]  # the signature takes what is left


def _fits(value: str, width: float) -> bool:
    return stringWidth(value, SERIF, TABLE_SIZE) <= width - 2 * CELL_PADDING


def _cell(value: str, width: float, style) -> object:
    """A plain string when it fits on one line (fast); a wrapping Paragraph otherwise."""
    if _fits(value, width):
        return value
    return Paragraph(text(value), style)


def _table(data: SheetData) -> Table:
    st = styles()
    with_extra = bool(data.extra_column)
    widths = _column_widths(with_extra)
    header = ["№", "Ф.И.О."] + ([data.extra_column] if with_extra else []) + ["Дата", "Подпись"]
    rows: list[list[object]] = [header]
    heights: list[float | None] = [HEADER_HEIGHT]
    ordered = sorted(data.rows, key=lambda r: sort_key(r.name))
    for index, row in enumerate(ordered, start=1):
        cells = [f"{index}.", _cell(row.name, widths[1], st["small_left"])]
        if with_extra:
            cells.append(_cell(row.extra, widths[2], st["small_left"]))
        cells += [short_date(row.date), ""]
        rows.append(cells)
        wrapped = any(isinstance(c, Paragraph) for c in cells)
        heights.append(None if wrapped else ROW_HEIGHT)  # a wrapped cell is ≥ 2 lines ≥ 10 mm
    date_col = len(header) - 2
    table = Table(rows, colWidths=widths, rowHeights=heights, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF, TABLE_SIZE),
        ("FONT", (0, 0), (-1, 0), SERIF_BOLD, TABLE_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("ALIGN", (date_col, 1), (date_col, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]))
    return table


def _heading(data: SheetData) -> list:
    st = styles()
    story = []
    if data.organization:
        story.append(Paragraph(text(data.organization), st["small"]))
        story.append(Spacer(1, 4 * mm))
    story.append(Paragraph("ЛИСТ ОЗНАКОМЛЕНИЯ", st["title"]))
    story.append(Paragraph(text(act_caption(data.doc_type, data.title)), st["center"]))
    if data.number or data.issued_on:
        story.append(Paragraph(text(number_and_date(data.number, data.issued_on)), st["center"]))
    story.append(Spacer(1, 6 * mm))
    return story


def _running_header(data: SheetData):
    """Pages 2… name the act, so a loose page still says what was signed."""
    line = f"Лист ознакомления: {act_caption(data.doc_type, data.title)}"
    if data.number or data.issued_on:
        line += ", " + number_and_date(data.number, data.issued_on)
    while stringWidth(line, SERIF, TABLE_SIZE) > TEXT_WIDTH and len(line) > 10:
        line = line[:-2].rstrip() + "…"

    def draw(canvas: Canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFont(SERIF, TABLE_SIZE)
        canvas.drawString(LEFT_MARGIN, PAGE_HEIGHT - TOP_MARGIN - TABLE_SIZE, line)
        canvas.restoreState()

    return draw


def expected_pages(rows: int) -> int:
    first_page_rows = 19
    later_rows = 23
    if rows <= first_page_rows:
        return 1
    return 1 + math.ceil((rows - first_page_rows) / later_rows)


def render_sheet(data: SheetData, progress: ProgressCallback | None = None) -> bytes:
    """The list as PDF bytes. `progress(page, expected)` may raise Cancelled."""
    story = _heading(data) + [_table(data)]
    title = f"Лист ознакомления: {act_caption(data.doc_type, data.title)}"
    return build_pdf(story, title=title, author=data.organization,
                     on_later_pages=_running_header(data), later_top=RUNNING_HEADER,
                     progress=progress, expected_pages=expected_pages(len(data.rows)))
