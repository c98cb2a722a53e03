"""Invitation slips (карточки-приглашения) on A4: 1, 2, 4, 6 or 8 per page with cut marks,
or a one-per-page poster for a classroom door.

Plain data in, PDF bytes out. Text is real, selectable Cyrillic in the embedded serif; QR
codes are vectors, each link's code drawn once (a form XObject) and reused.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from sferum_desk.domain.dates import format_date
from sferum_desk.printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from sferum_desk.printing.qr import QUIET_ZONE, draw_qr, modules

LAYOUTS: dict[int, tuple[int, int]] = {1: (1, 1), 2: (1, 2), 4: (2, 2), 6: (2, 3), 8: (2, 4)}
PAGE_MARGIN = 10 * mm  # printers cannot print to the paper's edge
CELL_PADDING = 5 * mm
# The 8-per-page slip is the design's reference size; bigger cells scale fonts up.
REFERENCE_CELL = ((A4[0] - 2 * PAGE_MARGIN) / 2, (A4[1] - 2 * PAGE_MARGIN) / 4)

INK = (0.08, 0.08, 0.1)
GREY = (0.38, 0.38, 0.42)
RULE = (0.72, 0.72, 0.75)

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?


class SlipsCancelled(Exception):
    """The user pressed «Отмена» while the slips were being drawn."""


@dataclass(frozen=True)
class SlipSheet:
    """What every slip of one print run shares."""

    org_name: str
    admin_name: str
    admin_phone: str  # as printed: +7 916 123-45-67
    printed_on: dt.date


@dataclass(frozen=True)
class SlipData:
    url: str
    unit_label: str  # «Класс 5А», «Группа «Ромашка»»
    audience: str  # parents | staff | students: chooses the wording of the steps
    audience_title: str  # «Родители»
    person_name: str = ""  # empty: a blank slip with a line to write the name on
    person_note: str = ""  # «ребёнок: Иванов Максим», «воспитатель»


def steps_for(audience: str) -> tuple[str, str, str]:
    """Three short steps to join, in the reader's own situation."""
    if audience == "parents":
        own_phone = ("Откройте ссылку на своём телефоне, а не на телефоне ребёнка, и войдите "
                     "по своему номеру.")
    elif audience == "students":
        own_phone = "Откройте ссылку на своём телефоне и войдите по своему номеру."
    else:
        own_phone = "Откройте ссылку на своём личном телефоне и войдите по своему номеру."
    return ("Наведите камеру телефона на QR-код или наберите ссылку, напечатанную ниже.",
            own_phone,
            "Нажмите «Вступить» и дождитесь, когда администратор примет заявку.")


def render_slips(slips: Sequence[SlipData], sheet: SlipSheet, per_page: int = 8,
                 start_position: int = 1, poster: bool = False,
                 progress: Progress | None = None) -> bytes:
    """The whole print run as PDF bytes. `start_position` (1-based) skips the cells already
    cut from a part-used sheet; a poster is one big slip per page."""
    if poster:
        per_page, start_position = 1, 1
    if per_page not in LAYOUTS:
        raise ValueError(f"per_page must be one of {sorted(LAYOUTS)}")
    if not 1 <= start_position <= per_page:
        raise ValueError("start_position is outside the page")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=register_fonts(),
                    pageCompression=1)
    canvas.setTitle("Карточки-приглашения в «Сферум»")
    canvas.setAuthor(sheet.org_name)
    canvas.setCreator("Sferum Desk")
    cells = _cells(per_page)
    total_pages = _page_count(len(slips), per_page, start_position)
    position, page = start_position - 1, 0
    for slip in slips:
        if position == 0 and page and progress is not None and not progress(page, total_pages):
            raise SlipsCancelled
        x, y, w, h = cells[position]
        if poster:
            _draw_poster(canvas, slip, sheet)
        else:
            _draw_slip(canvas, slip, sheet, x, y, w, h)
        position += 1
        if position == per_page:
            _finish_page(canvas, per_page, poster)
            position, page = 0, page + 1
    if position or not slips:
        _finish_page(canvas, per_page, poster)
        page += 1
    canvas.save()
    if progress is not None:
        progress(total_pages, total_pages)
    return buffer.getvalue()


def _page_count(count: int, per_page: int, start_position: int) -> int:
    filled = count + start_position - 1
    return max(1, -(-filled // per_page))


def _finish_page(canvas: Canvas, per_page: int, poster: bool) -> None:
    if not poster and per_page > 1:
        _draw_cut_marks(canvas, per_page)
    canvas.showPage()


def _cells(per_page: int) -> list[tuple[float, float, float, float]]:
    """Cells left to right, top to bottom: (x, y, width, height) in points."""
    cols, rows = LAYOUTS[per_page]
    width = (A4[0] - 2 * PAGE_MARGIN) / cols
    height = (A4[1] - 2 * PAGE_MARGIN) / rows
    return [(PAGE_MARGIN + c * width, A4[1] - PAGE_MARGIN - (r + 1) * height, width, height)
            for r in range(rows) for c in range(cols)]


# ---- cut marks ---------------------------------------------------------------------
def _draw_cut_marks(canvas: Canvas, per_page: int) -> None:
    """Ticks in the margins along every cut line and small crosses where cuts meet."""
    cols, rows = LAYOUTS[per_page]
    left, bottom = PAGE_MARGIN, PAGE_MARGIN
    right, top = A4[0] - PAGE_MARGIN, A4[1] - PAGE_MARGIN
    xs = [left + i * (right - left) / cols for i in range(cols + 1)]
    ys = [bottom + j * (top - bottom) / rows for j in range(rows + 1)]
    gap, tick, arm = 1.5 * mm, 6 * mm, 2.5 * mm
    canvas.saveState()
    canvas.setStrokeColorRGB(*GREY)
    canvas.setLineWidth(0.4)
    path = canvas.beginPath()
    for x in xs:
        _line(path, x, top + gap, x, top + gap + tick)
        _line(path, x, bottom - gap, x, bottom - gap - tick)
    for y in ys:
        _line(path, left - gap, y, left - gap - tick, y)
        _line(path, right + gap, y, right + gap + tick, y)
    for x in xs[1:-1] or []:
        for y in ys:
            _line(path, x, y - arm, x, y + arm)
    for y in ys[1:-1]:
        for x in xs:
            _line(path, x - arm, y, x + arm, y)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()


def _line(path, x1: float, y1: float, x2: float, y2: float) -> None:
    path.moveTo(x1, y1)
    path.lineTo(x2, y2)


# ---- one slip ----------------------------------------------------------------------
@lru_cache(maxsize=512)
def _wrap(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    return tuple(simpleSplit(text, font, size, width))


def _fit_size(text: str, font: str, size: float, width: float, smallest: float) -> float:
    """The largest size up to `size` at which the text fits on one line."""
    natural = stringWidth(text, font, size)
    if natural <= width:
        return size
    return max(smallest, size * width / natural)


def _draw_line(canvas: Canvas, text: str, font: str, size: float, x: float, y: float,
               width: float, color=INK, align: str = "left", smallest: float = 5.0) -> None:
    size = _fit_size(text, font, size, width, smallest)
    canvas.setFont(font, size)
    canvas.setFillColorRGB(*color)
    if align == "center":
        canvas.drawCentredString(x + width / 2, y, text)
    elif align == "right":
        canvas.drawRightString(x + width, y, text)
    else:
        canvas.drawString(x, y, text)


def unit_heading(slip: SlipData) -> str:
    return f"{slip.unit_label} · {slip.audience_title}"


def admin_line(sheet: SlipSheet) -> str:
    contact = ", ".join(p for p in (sheet.admin_name, sheet.admin_phone) if p)
    return f"Администратор «Сферума»: {contact}" if contact else "Администратор «Сферума»"


def _draw_slip(canvas: Canvas, slip: SlipData, sheet: SlipSheet, x: float, y: float,
               w: float, h: float) -> None:
    scale = max(1.0, min(w / REFERENCE_CELL[0], h / REFERENCE_CELL[1], 2.0))
    _draw_frame(canvas, x, y, w, h)
    pad = CELL_PADDING * scale
    left, width = x + pad, w - 2 * pad
    cursor = y + h - pad

    # Header, top down: who invites, where, whom.
    cursor -= 6.5 * scale
    _draw_line(canvas, sheet.org_name, SERIF, 7.5 * scale, left, cursor, width, GREY)
    cursor -= 12 * scale
    _draw_line(canvas, "Приглашение в «Сферум»", SERIF_BOLD, 11.5 * scale, left, cursor, width)
    cursor -= 11 * scale
    _draw_line(canvas, unit_heading(slip), SERIF, 9.5 * scale, left, cursor, width)
    cursor -= 13.5 * scale
    if slip.person_name:
        _draw_line(canvas, slip.person_name, SERIF_BOLD, 12.5 * scale, left, cursor, width)
    else:
        _draw_blank_name(canvas, left, cursor, width, scale)
    if slip.person_note:
        cursor -= 9.5 * scale
        _draw_line(canvas, slip.person_note, SERIF_ITALIC, 8 * scale, left, cursor, width, GREY)
    cursor -= 4 * scale

    # Footer, bottom up: the administrator and the date, the link as text.
    bottom = y + pad
    date_text = format_date(sheet.printed_on)
    date_width = stringWidth(date_text, SERIF, 7 * scale) + 4 * scale
    footer_size = _fit_size(admin_line(sheet), SERIF, 7 * scale, width - date_width, 5.0)
    _draw_line(canvas, date_text, SERIF, footer_size, left, bottom, width, GREY, align="right")
    _draw_line(canvas, admin_line(sheet), SERIF, footer_size, left, bottom,
               width - date_width, GREY)
    link_y = bottom + 10 * scale
    _draw_line(canvas, slip.url, SERIF, 8 * scale, left, link_y, width, INK, smallest=4.5)

    # Middle: the QR code and the three steps beside (or under) it.
    middle_top, middle_bottom = cursor, link_y + 7.5 * scale
    _draw_code_and_steps(canvas, slip, left, middle_bottom, width, middle_top - middle_bottom,
                         scale)


def _draw_frame(canvas: Canvas, x: float, y: float, w: float, h: float) -> None:
    inset = 2.5 * mm
    canvas.saveState()
    canvas.setStrokeColorRGB(*RULE)
    canvas.setLineWidth(0.6)
    canvas.roundRect(x + inset, y + inset, w - 2 * inset, h - 2 * inset, 2.5 * mm,
                     stroke=1, fill=0)
    canvas.restoreState()


def _draw_blank_name(canvas: Canvas, x: float, y: float, width: float, scale: float) -> None:
    label = "Кому:"
    _draw_line(canvas, label, SERIF, 9.5 * scale, x, y, width)
    start = x + stringWidth(label, SERIF, 9.5 * scale) + 3 * scale
    canvas.saveState()
    canvas.setStrokeColorRGB(*GREY)
    canvas.setLineWidth(0.5)
    canvas.line(start, y - 1.5 * scale, x + width, y - 1.5 * scale)
    canvas.restoreState()


def _draw_code_and_steps(canvas: Canvas, slip: SlipData, x: float, y: float, width: float,
                         height: float, scale: float) -> None:
    steps = steps_for(slip.audience)
    beside = min(height, width * 0.5)
    stacked_font = 8.5 * scale
    stacked = min(height - _steps_height(steps, width, stacked_font) - 4 * scale, width * 0.8)
    if beside * 1.15 >= stacked:
        text_x = x + beside + 2 * scale
        _draw_qr_box(canvas, slip.url, x, y + (height - beside) / 2, beside)
        _draw_steps(canvas, steps, text_x, y, width - beside - 2 * scale, height, 8 * scale)
    else:
        _draw_qr_box(canvas, slip.url, x + (width - stacked) / 2, y + height - stacked, stacked)
        _draw_steps(canvas, steps, x, y, width, height - stacked - 2 * scale, stacked_font)


def _draw_qr_box(canvas: Canvas, url: str, x: float, y: float, box: float) -> None:
    """`box` includes the quiet zone, so text set beside it never crowds the code."""
    side = modules(url)
    module = box / (side + 2 * QUIET_ZONE)
    draw_qr(canvas, url, x + QUIET_ZONE * module, y + QUIET_ZONE * module, side * module)


def _steps_height(steps: Sequence[str], width: float, size: float) -> float:
    indent = stringWidth("3. ", SERIF_BOLD, size)
    lines = sum(len(_wrap(step, SERIF, size, width - indent)) for step in steps)
    return lines * size * 1.18 + (len(steps) - 1) * size * 0.35


def _draw_steps(canvas: Canvas, steps: Sequence[str], x: float, y: float, width: float,
                height: float, size: float) -> None:
    """Numbered steps, vertically centred; the font shrinks until they fit."""
    while size > 5 and _steps_height(steps, width, size) > height:
        size -= 0.25
    block = _steps_height(steps, width, size)
    cursor = y + (height + block) / 2 - size
    indent = stringWidth("3. ", SERIF_BOLD, size)
    canvas.setFillColorRGB(*INK)
    for number, step in enumerate(steps, start=1):
        canvas.setFont(SERIF_BOLD, size)
        canvas.drawString(x, cursor, f"{number}.")
        canvas.setFont(SERIF, size)
        for line in _wrap(step, SERIF, size, width - indent):
            canvas.drawString(x + indent, cursor, line)
            cursor -= size * 1.18
        cursor -= size * 0.35


# ---- the poster --------------------------------------------------------------------
def _draw_poster(canvas: Canvas, slip: SlipData, sheet: SlipSheet) -> None:
    margin = 20 * mm
    left, width = margin, A4[0] - 2 * margin
    cursor = A4[1] - margin - 14
    _draw_line(canvas, sheet.org_name, SERIF, 14, left, cursor, width, GREY, align="center")
    cursor -= 40
    _draw_line(canvas, "Вступайте в «Сферум»", SERIF_BOLD, 32, left, cursor, width,
               align="center")
    cursor -= 30
    _draw_line(canvas, unit_heading(slip), SERIF, 20, left, cursor, width, align="center")
    if slip.person_name:
        cursor -= 26
        _draw_line(canvas, slip.person_name, SERIF_BOLD, 18, left, cursor, width,
                   align="center")
    qr_box = 118 * mm
    cursor -= 10 + qr_box
    _draw_qr_box(canvas, slip.url, (A4[0] - qr_box) / 2, cursor, qr_box)
    cursor -= 8
    _draw_line(canvas, slip.url, SERIF, 13, left, cursor, width, align="center", smallest=7)
    steps = steps_for(slip.audience)
    steps_width = width - 20 * mm
    steps_height = _steps_height(steps, steps_width, 15)
    _draw_steps(canvas, steps, left + 10 * mm, cursor - 24 - steps_height, steps_width,
                steps_height, 15)
    _draw_line(canvas, admin_line(sheet), SERIF, 12, left, margin + 14, width, GREY,
               align="center")
    _draw_line(canvas, format_date(sheet.printed_on), SERIF, 11, left, margin, width, GREY,
               align="center")
