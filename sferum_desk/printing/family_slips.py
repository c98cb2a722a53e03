"""The family slip: one A4 sheet per parent with every child's unit and its QR code.

A parent with children in two or three units needs a link for each; this sheet gives them
all at once, named. It reuses the slips' pieces (the sheet data, the steps, the administrator
line, the vector QR form of printing/qr.py, the embedded fonts). Plain data in, PDF bytes out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from sferum_desk.domain.dates import format_date
from sferum_desk.printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from sferum_desk.printing.qr import QUIET_ZONE, draw_qr, modules
from sferum_desk.printing.slips import (
    Progress, SlipSheet, SlipsCancelled, admin_line, steps_for,
)

MARGIN = 15 * mm
PER_PAGE = 3  # units on one sheet; a fourth child's unit continues on the next sheet
QR_BOX = 52 * mm  # with its quiet zone: scans from paper at arm's length
INK = (0.08, 0.08, 0.1)
GREY = (0.38, 0.38, 0.42)
RULE = (0.72, 0.72, 0.75)


@dataclass(frozen=True)
class FamilyEntry:
    """One unit on a parent's sheet."""
    url: str
    unit_label: str  # «Класс 5А»
    audience_title: str  # «Родители»
    children: str  # «ребёнок: Иванов Максим» / «дети: …»


@dataclass(frozen=True)
class FamilySlip:
    parent_name: str
    entries: tuple[FamilyEntry, ...]


def family_page_count(families: Sequence[FamilySlip]) -> int:
    return sum(max(1, -(-len(f.entries) // PER_PAGE)) for f in families) or 1


def render_family_slips(families: Sequence[FamilySlip], sheet: SlipSheet,
                        progress: Progress | None = None) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=register_fonts(), pageCompression=1)
    canvas.setTitle("Карточки-приглашения в «Сферум» для семей")
    canvas.setAuthor(sheet.org_name)
    canvas.setCreator("Sferum Desk")
    total, page = family_page_count(families), 0
    for family in families:
        chunks = [family.entries[i:i + PER_PAGE]
                  for i in range(0, len(family.entries), PER_PAGE)] or [()]
        for number, chunk in enumerate(chunks):
            if progress is not None and page and not progress(page, total):
                raise SlipsCancelled
            _draw_page(canvas, family, chunk, sheet, continued=number > 0)
            canvas.showPage()
            page += 1
    if not families:
        canvas.showPage()
    canvas.save()
    if progress is not None:
        progress(total, total)
    return buffer.getvalue()


def _fit(text: str, font: str, size: float, width: float, smallest: float = 5.0) -> float:
    natural = stringWidth(text, font, size)
    return size if natural <= width else max(smallest, size * width / natural)


def _line(canvas: Canvas, text: str, font: str, size: float, x: float, y: float,
          width: float, color=INK, smallest: float = 5.0) -> None:
    canvas.setFont(font, _fit(text, font, size, width, smallest))
    canvas.setFillColorRGB(*color)
    canvas.drawString(x, y, text)


def _draw_page(canvas: Canvas, family: FamilySlip, entries: Sequence[FamilyEntry],
               sheet: SlipSheet, continued: bool) -> None:
    left, width = MARGIN, A4[0] - 2 * MARGIN
    cursor = A4[1] - MARGIN - 10
    _line(canvas, sheet.org_name, SERIF, 10.5, left, cursor, width, GREY)
    cursor -= 24
    title = "Приглашение в «Сферум» для семьи" + (" (продолжение)" if continued else "")
    _line(canvas, title, SERIF_BOLD, 19, left, cursor, width)
    cursor -= 22
    _line(canvas, family.parent_name, SERIF_BOLD, 15, left, cursor, width)
    cursor -= 16
    _line(canvas, "Для каждого класса (группы) ваших детей — своя ссылка: вступите по каждой.",
          SERIF_ITALIC, 10.5, left, cursor, width, GREY)
    cursor -= 8
    cursor = _draw_steps(canvas, left, cursor, width)
    bottom = MARGIN + 22
    block = (cursor - 6 - bottom) / PER_PAGE
    for entry in entries:
        _draw_entry(canvas, entry, left, cursor - block, width, block - 4 * mm)
        cursor -= block
    footer = admin_line(sheet)
    date_text = format_date(sheet.printed_on)
    _line(canvas, footer, SERIF, 9, left, MARGIN, width - 30 * mm, GREY)
    canvas.setFont(SERIF, 9)
    canvas.drawRightString(left + width, MARGIN, date_text)


def _draw_steps(canvas: Canvas, x: float, top: float, width: float) -> float:
    """The three steps to join (a parent's wording), under the title; returns the cursor."""
    size, indent = 10.5, stringWidth("3. ", SERIF_BOLD, 10.5)
    cursor = top - size - 4
    canvas.setFillColorRGB(*INK)
    for number, step in enumerate(steps_for("parents"), start=1):
        canvas.setFont(SERIF_BOLD, size)
        canvas.drawString(x, cursor, f"{number}.")
        canvas.setFont(SERIF, size)
        for text in simpleSplit(step, SERIF, size, width - indent):
            canvas.drawString(x + indent, cursor, text)
            cursor -= size * 1.2
        cursor -= 2
    return cursor


def _draw_entry(canvas: Canvas, entry: FamilyEntry, x: float, y: float, width: float,
                height: float) -> None:
    """A framed block: the QR code at the left; the unit, the children and the link at the
    right."""
    canvas.saveState()
    canvas.setStrokeColorRGB(*RULE)
    canvas.setLineWidth(0.6)
    canvas.roundRect(x, y, width, height, 2.5 * mm, stroke=1, fill=0)
    canvas.restoreState()
    box = min(QR_BOX, height - 4 * mm)
    side = modules(entry.url)
    module = box / (side + 2 * QUIET_ZONE)
    qr_x, qr_y = x + 2 * mm, y + (height - box) / 2
    draw_qr(canvas, entry.url, qr_x + QUIET_ZONE * module, qr_y + QUIET_ZONE * module,
            side * module)
    text_x = qr_x + box + 4 * mm
    text_width = x + width - 4 * mm - text_x
    cursor = y + height - 12 * mm
    _line(canvas, f"{entry.unit_label} · {entry.audience_title}", SERIF_BOLD, 15, text_x,
          cursor, text_width)
    cursor -= 17
    for text in simpleSplit(entry.children, SERIF_ITALIC, 11.5, text_width)[:3]:
        _line(canvas, text, SERIF_ITALIC, 11.5, text_x, cursor, text_width, GREY)
        cursor -= 14
    _line(canvas, "Ссылка, если камера не читает код:", SERIF, 9, text_x, y + 9 * mm + 12,
          text_width, GREY)
    _line(canvas, entry.url, SERIF, 10, text_x, y + 9 * mm, text_width, smallest=5.5)
