"""The print run: slips placed in the cells of A4 pages, cut marks, progress and cancel."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from sferum_desk.printing.fonts import register_fonts
from sferum_desk.printing.forms import place_once
from sferum_desk.printing.slips.cell import _draw_slip
from sferum_desk.printing.slips.data import (
    GREY, LAYOUTS, PAGE_MARGIN, Progress, SlipData, SlipsCancelled, SlipSheet,
)
from sferum_desk.printing.slips.poster import _draw_poster


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
    total_pages = page_count(len(slips), per_page, start_position)
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


def page_count(count: int, per_page: int, start_position: int = 1,
               poster: bool = False) -> int:
    """The pages a run of `count` slips takes (a poster is one slip per page)."""
    if poster:
        per_page, start_position = 1, 1
    filled = count + start_position - 1
    return max(1, -(-filled // per_page))


def _finish_page(canvas: Canvas, per_page: int, poster: bool) -> None:
    if not poster and per_page > 1:
        _place_cut_marks(canvas, per_page)
    canvas.showPage()


def _place_cut_marks(canvas: Canvas, per_page: int) -> None:
    """The same marks on every page of a layout: drawn once, as a form."""
    place_once(canvas, f"cuts{per_page}", (0, 0, A4[0], A4[1]),
               lambda: _draw_cut_marks(canvas, per_page), 0, 0)


def _cells(per_page: int) -> list[tuple[float, float, float, float]]:
    """Cells left to right, top to bottom: (x, y, width, height) in points."""
    cols, rows = LAYOUTS[per_page]
    width = (A4[0] - 2 * PAGE_MARGIN) / cols
    height = (A4[1] - 2 * PAGE_MARGIN) / rows
    return [(PAGE_MARGIN + c * width, A4[1] - PAGE_MARGIN - (r + 1) * height, width, height)
            for r in range(rows) for c in range(cols)]


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
