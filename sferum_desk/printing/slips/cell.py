"""One slip in its cell: the shared frame (a form per size), who and where, the code and
the steps; long names go beside a smaller code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from sferum_desk.printing.fonts import SERIF, SERIF_BOLD
from sferum_desk.printing.forms import define_form, place_form
from sferum_desk.printing.qr import QUIET_ZONE, modules
from sferum_desk.printing.slips.blocks import (
    LINK_SMALLEST, _admin_block, _block, _Block, _blocks_height, _draw_block, _draw_blocks,
    _draw_line, _form_name, _link_block, _person_blocks, _place_form,
)
from sferum_desk.printing.slips.data import (
    CELL_PADDING, GREY, REFERENCE_CELL, RULE, SlipData, SlipSheet, printed_label, unit_heading,
)
from sferum_desk.printing.slips.steps import (
    _draw_qr_box, _draw_steps_form, _steps_height, _steps_with_expiry,
)


CODE_MIN = 24.5 * mm  # the code's size on a slip whenever the names leave room for it
CODE_FLOOR = 18 * mm  # never smaller: phones still scan it from paper at arm's length
ORG_SMALLEST = 6.0  # the organisation's name never goes under 6 pt


@dataclass(frozen=True)
class _Frame:
    """What every slip of one size shares: the sheet's header and footer, fitted once."""

    scale: float
    width: float
    height: float
    pad: float
    org: _Block
    title: _Block
    admin: _Block
    header_height: float  # from the cell's top padding to below the title
    footer_height: float  # the admin's lines, from the bottom padding up


@lru_cache(maxsize=32)
def _frame(sheet: SlipSheet, w: float, h: float) -> _Frame:
    scale = max(1.0, min(w / REFERENCE_CELL[0], h / REFERENCE_CELL[1], 2.0))
    pad = CELL_PADDING * scale
    width = w - 2 * pad
    org = _block(sheet.org_name, SERIF, 7.5 * scale, width, 3, ORG_SMALLEST * scale, GREY)
    date_width = stringWidth(printed_label(sheet), SERIF, 7 * scale) + 6 * scale
    title = _block("Приглашение в «Сферум»", SERIF_BOLD, 11.5 * scale, width - date_width, 1,
                   8 * scale)
    admin = _admin_block(sheet, max(LINK_SMALLEST, 7 * scale), width)
    header = org.height + 3.5 * scale + title.height
    footer = admin.height + 0.25 * admin.size
    return _Frame(scale, width, h - 2 * pad, pad, org, title, admin, header, footer)


def _draw_frame_form(canvas: Canvas, sheet: SlipSheet, w: float, h: float) -> str:
    """The frame, the organisation, the title with the date and the admin, once per size."""
    return define_form(canvas, _form_name("slip", (sheet, round(w, 2), round(h, 2))),
                       (0, 0, w, h), lambda: _draw_frame_contents(canvas, sheet, w, h))


def _draw_frame_contents(canvas: Canvas, sheet: SlipSheet, w: float, h: float) -> None:
    f = _frame(sheet, w, h)
    _draw_frame(canvas, 0, 0, w, h)
    left, top = f.pad, h - f.pad
    baseline = _draw_block(canvas, f.org, left, top)
    title_top = baseline - f.org.size * 0.25 - 3.25 * f.scale
    title_baseline = _draw_block(canvas, f.title, left, title_top)
    canvas.setFont(SERIF, 7 * f.scale)
    canvas.setFillColorRGB(*GREY)
    canvas.drawRightString(left + f.width, title_baseline, printed_label(sheet))
    admin_top = f.pad + f.footer_height
    _draw_block(canvas, f.admin, left, admin_top)


def _draw_slip(canvas: Canvas, slip: SlipData, sheet: SlipSheet, x: float, y: float,
               w: float, h: float) -> None:
    f = _frame(sheet, w, h)
    scale, left, width = f.scale, x + f.pad, f.width
    place_form(canvas, _draw_frame_form(canvas, sheet, w, h), x, y)

    link = _link_block(slip.url, 8 * scale, width)
    link_top = y + f.pad + f.footer_height + 2.5 * scale + link.height
    _place_form(canvas, ("link", link), left, link_top, lambda: _draw_block(canvas, link, 0, 0))
    middle_bottom = link_top + 3 * scale
    header_bottom = y + h - f.pad - f.header_height - 0.25 * f.title.size - 3 * scale
    gap = 1.5 * scale

    # Who and where: full width under the title, unless that leaves the code too small to
    # scan; then beside the code, above the steps.
    people = _person_blocks(unit_heading(slip), slip.person_name, slip.person_note, width,
                            scale)
    people_height = _blocks_height(people, gap)
    if not slip.person_name:
        people_height += _blank_name_height(gap, scale)
    middle_top = header_bottom - people_height - 3 * scale
    side = modules(slip.url)
    box_min = CODE_MIN * (side + 2 * QUIET_ZONE) / side
    if middle_top - middle_bottom >= box_min or not slip.person_name:
        _draw_person(canvas, slip, people, left, header_bottom, width, gap, scale)
        _draw_code_and_steps(canvas, slip, left, middle_bottom, width,
                             middle_top - middle_bottom, scale)
        return
    box, people, steps_size = _compact_layout(slip, header_bottom - middle_bottom, width,
                                              gap, scale)
    text_x = left + box + 2 * scale
    text_width = width - box - 2 * scale
    steps_top = _draw_blocks(canvas, people, text_x, header_bottom, gap) - 2 * scale
    _draw_qr_box(canvas, slip.url, left, middle_bottom + (header_bottom - middle_bottom - box)
                 / 2, box)
    _draw_steps_form(canvas, slip, text_x, middle_bottom, text_width,
                     steps_top - middle_bottom, steps_size, "ниже")


@lru_cache(maxsize=1024)
def _compact_layout(slip: SlipData, height: float, width: float, gap: float,
                    scale: float) -> tuple[float, tuple[_Block, ...], float]:
    """Long names beside the code: the largest code (down to CODE_FLOOR) that leaves the
    names and the steps room at a readable size; returns (box, people, steps' size)."""
    side = modules(slip.url)
    ratio = (side + 2 * QUIET_ZONE) / side
    box = min(height, width * 0.42, CODE_MIN * ratio * 1.1)
    floor = CODE_FLOOR * ratio
    steps = _steps_with_expiry(slip, "ниже")
    while True:
        text_width = width - box - 2 * scale
        people = _person_blocks(unit_heading(slip), slip.person_name, slip.person_note,
                                text_width, scale * 0.85, 1)
        room = height - _blocks_height(people, gap) - 2 * scale
        for size in (7.5 * scale, 7 * scale, 6.5 * scale, 6 * scale):
            if _steps_height(steps, text_width, size) <= room:
                return box, people, size
        if box <= floor:
            return box, people, 6.0
        box = max(floor, box - 2 * scale)


def _draw_person(canvas: Canvas, slip: SlipData, people: Sequence[_Block], left: float,
                 top: float, width: float, gap: float, scale: float) -> None:
    if slip.person_name:
        _draw_blocks(canvas, people, left, top, gap)
        return
    baseline = _draw_block(canvas, people[0], left, top)
    _draw_blank_name(canvas, left, baseline - people[0].size * 0.25 - gap - 9.5 * scale,
                     width, scale)


def _draw_frame(canvas: Canvas, x: float, y: float, w: float, h: float) -> None:
    inset = 2.5 * mm
    canvas.saveState()
    canvas.setStrokeColorRGB(*RULE)
    canvas.setLineWidth(0.6)
    canvas.roundRect(x + inset, y + inset, w - 2 * inset, h - 2 * inset, 2.5 * mm,
                     stroke=1, fill=0)
    canvas.restoreState()


def _blank_name_height(gap: float, scale: float) -> float:
    """What «Кому: ____» takes under the unit's heading (see _draw_person): the gap, the
    label's 9.5 pt line and its descender, the rule 1.5 pt under the baseline."""
    return gap + 9.5 * scale + 2.5 * scale


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
    steps = _steps_with_expiry(slip, "ниже")
    beside = min(height, width * 0.5)
    stacked_font = 8.5 * scale
    stacked = min(height - _steps_height(steps, width, stacked_font) - 4 * scale, width * 0.8)
    if beside * 1.15 >= stacked:
        text_x = x + beside + 2 * scale
        _draw_qr_box(canvas, slip.url, x, y + (height - beside) / 2, beside)
        _draw_steps_form(canvas, slip, text_x, y, width - beside - 2 * scale, height,
                         8 * scale, "ниже")
    else:
        _draw_qr_box(canvas, slip.url, x + (width - stacked) / 2, y + height - stacked, stacked)
        _draw_steps_form(canvas, slip, x, y, width, height - stacked - 2 * scale,
                         stacked_font, "ниже")
