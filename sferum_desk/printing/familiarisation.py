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

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from sferum_desk.domain.names import sort_key
from sferum_desk.printing.fonts import SERIF, SERIF_BOLD
from sferum_desk.printing.official import (
    BOTTOM_MARGIN,
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
from sferum_desk.printing.wrapping import fits, wrap_text

ROW_HEIGHT = 10 * mm
HEADER_HEIGHT = 9 * mm
RUNNING_HEADER = 9 * mm  # room above the table on pages 2… for the act's name
CELL_PADDING = 3  # points, left and right
FRAME_HEIGHT = PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN
LEADING = TABLE_SIZE * 1.2
SAFETY = 2.0  # points kept free under each page's table: rounding never spills a row over


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


_PREPOSITIONS = {"о", "об", "по", "для", "на", "при", "в", "во", "с", "со"}
_QUOTES = "«\"'„“"


def act_caption(doc_type: str, title: str) -> str:
    """«Положение об использовании…» reads on; a capitalised title goes in quotes; a title
    that already starts with the type («Правила пользования…» of «Правила») says it once."""
    title = title.strip()
    doc_type = doc_type.strip()
    if not title:
        return doc_type
    bare = title[1:-1].strip() if _balanced_outer(title) else title
    if doc_type and bare and bare.split()[0].lower() == doc_type.split()[0].lower():
        return bare[0].upper() + bare[1:]
    first = title.split()[0].lower()
    if title[0].islower() or title.startswith(tuple(_QUOTES)) or first in _PREPOSITIONS:
        return f"{doc_type} {title}"
    return f"{doc_type} «{title}»"


def _balanced_outer(title: str) -> bool:
    """«…» around the whole title (not a quoted name at its start followed by more words)."""
    return title.startswith("«") and title.endswith("»") and \
        title.count("«") == title.count("»")


def _column_widths(with_extra: bool) -> list[float]:
    if with_extra:
        widths = [11 * mm, 70 * mm, 42 * mm, 25 * mm]
    else:
        widths = [12 * mm, 95 * mm, 28 * mm]
    return widths + [TEXT_WIDTH - sum(widths)]  # the signature takes what is left


def _cell(value: str, width: float) -> str:
    """The value broken into lines by our rules (spaces, hyphens, then Russian hyphenation),
    never mid-word by reportlab; plain strings, which a Table draws far faster than
    Paragraphs."""
    inner = width - 2 * CELL_PADDING
    if fits(value, SERIF, TABLE_SIZE, inner):
        return value
    return "\n".join(wrap_text(value, SERIF, TABLE_SIZE, inner))


def _row_height(cells: Sequence[str]) -> float:
    lines = max(cell.count("\n") + 1 for cell in cells)
    return ROW_HEIGHT if lines == 1 else max(ROW_HEIGHT, lines * LEADING + 6)


def _body_rows(data: SheetData, widths: list[float]) -> list[tuple[list[str], float]]:
    with_extra = bool(data.extra_column)
    rows = []
    ordered = sorted(data.rows, key=lambda r: sort_key(r.name))
    for index, row in enumerate(ordered, start=1):
        cells = [f"{index}.", _cell(row.name, widths[1])]
        if with_extra:
            cells.append(_cell(row.extra, widths[2]))
        cells += [short_date(row.date), ""]
        rows.append((cells, _row_height(cells)))
    return rows


class _PageTable(Flowable):
    """One page of the list drawn straight on the canvas: the header row, the rows, the grid.

    It looks exactly like a platypus Table with the same widths, padding and alignment, at a
    fraction of the cost: 10,000 rows are 50,000 cells, and a Table styles each one."""

    def __init__(self, header: list[str], rows: list[list[str]], heights: list[float],
                 widths: list[float]):
        super().__init__()
        self.header, self.rows, self.heights, self.widths = header, rows, heights, widths
        self.centred = {0, len(widths) - 2}  # the number and the date

    def wrap(self, available_width, available_height):
        return sum(self.widths), HEADER_HEIGHT + sum(self.heights)

    def _cell(self, canvas: Canvas, value: str, x: float, width: float, row_top: float,
              height: float, centred: bool) -> None:
        lines = value.split("\n")
        # reportlab's Table: VALIGN MIDDLE with 3 pt top and bottom padding
        y = row_top - height + (3 + height - 3 + len(lines) * LEADING) / 2 - TABLE_SIZE
        for line in lines:
            if centred:
                canvas.drawCentredString(x + width / 2, y, line)
            else:
                canvas.drawString(x + CELL_PADDING, y, line)
            y -= LEADING

    def draw(self):
        canvas = self.canv
        lefts = [sum(self.widths[:i]) for i in range(len(self.widths))]
        top = HEADER_HEIGHT + sum(self.heights)
        canvas.setFont(SERIF_BOLD, TABLE_SIZE)
        for value, x, width in zip(self.header, lefts, self.widths):
            self._cell(canvas, value, x, width, top, HEADER_HEIGHT, True)
        canvas.setFont(SERIF, TABLE_SIZE)
        row_top = top - HEADER_HEIGHT
        edges = [top, row_top]
        for cells, height in zip(self.rows, self.heights):
            for column, (value, x, width) in enumerate(zip(cells, lefts, self.widths)):
                if value:
                    self._cell(canvas, value, x, width, row_top, height,
                               column in self.centred)
            row_top -= height
            edges.append(row_top)
        path = canvas.beginPath()
        right = sum(self.widths)
        for y in edges:
            path.moveTo(0, y)
            path.lineTo(right, y)
        for x in [*lefts, right]:
            path.moveTo(x, top)
            path.lineTo(x, 0)
        canvas.setLineWidth(0.6)
        canvas.drawPath(path, stroke=1, fill=0)


def _tables(data: SheetData, first_room: float) -> list:
    """One flowable per page, each with its header row: platypus splits a 10,000-row Table
    page by page in quadratic time, and styles every cell; a page drawn directly it does
    not."""
    with_extra = bool(data.extra_column)
    widths = _column_widths(with_extra)
    header = ["№", "Ф.И.О."] + ([data.extra_column] if with_extra else []) + ["Дата", "Подпись"]
    later_room = FRAME_HEIGHT - RUNNING_HEADER
    story: list = []
    page_rows: list[list[str]] = []
    heights: list[float] = []
    room = first_room - HEADER_HEIGHT - SAFETY
    for cells, height in _body_rows(data, widths):
        if page_rows and height > room:
            story += [_PageTable(header, page_rows, heights, widths), PageBreak()]
            page_rows, heights, room = [], [], later_room - HEADER_HEIGHT - SAFETY
        page_rows.append(cells)
        heights.append(height)
        room -= height
    story.append(_PageTable(header, page_rows, heights, widths))
    return story


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


def _height_of(story: Sequence) -> float:
    """What the heading takes on the first page, as the frame will lay it out."""
    total, previous_after = 0.0, 0.0
    for flowable in story:
        _, height = flowable.wrap(TEXT_WIDTH, FRAME_HEIGHT)
        before = flowable.getSpaceBefore()
        total += height + max(before, previous_after) if total else height
        previous_after = flowable.getSpaceAfter()
    return total + previous_after


def running_line(data: SheetData) -> str:
    """«Лист ознакомления: <caption>, № … от …» in one line: the caption is shortened at a
    word, the number and the date always stay, so a loose page says what was signed."""
    suffix = ", " + number_and_date(data.number, data.issued_on) if (
        data.number or data.issued_on) else ""
    caption = act_caption(data.doc_type, data.title)
    line = f"Лист ознакомления: {caption}{suffix}"
    words = caption.split()
    while not fits(line, SERIF, TABLE_SIZE, TEXT_WIDTH) and len(words) > 1:
        words.pop()
        line = f"Лист ознакомления: {' '.join(words).rstrip(',;:—-')}…{suffix}"
    return line


def _running_header(data: SheetData):
    """Pages 2… name the act, so a loose page still says what was signed."""
    line = running_line(data)

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
    heading = _heading(data)
    story = heading + _tables(data, FRAME_HEIGHT - _height_of(heading))
    title = f"Лист ознакомления: {act_caption(data.doc_type, data.title)}"
    return build_pdf(story, title=title, author=data.organization,
                     on_later_pages=_running_header(data), later_top=RUNNING_HEADER,
                     progress=progress, expected_pages=expected_pages(len(data.rows)))
