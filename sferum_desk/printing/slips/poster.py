"""The poster: one big slip per A4 page for a classroom door."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from sferum_desk.printing.fonts import SERIF, SERIF_BOLD
from sferum_desk.printing.slips.blocks import (
    _admin_block, _block, _draw_block, _draw_line, _link_block,
)
from sferum_desk.printing.slips.data import (
    GREY, SlipData, SlipSheet, expiry_label, printed_label, steps_for, unit_heading,
)
from sferum_desk.printing.slips.steps import _draw_qr_box, _draw_steps


def _draw_poster(canvas: Canvas, slip: SlipData, sheet: SlipSheet) -> None:
    margin = 20 * mm
    left, width = margin, A4[0] - 2 * margin
    top = A4[1] - margin
    org = _block(sheet.org_name, SERIF, 14, width, 3, 10, GREY)
    top = _draw_block(canvas, org, left, top, "center", width) - 40
    _draw_line(canvas, "Вступайте в «Сферум»", SERIF_BOLD, 32, left, top, width,
               align="center")
    top -= 12
    heading = _block(unit_heading(slip), SERIF, 20, width, 2, 12)
    top = _draw_block(canvas, heading, left, top, "center", width) - 8
    if slip.person_name:
        name = _block(slip.person_name, SERIF_BOLD, 18, width, 2, 12)
        top = _draw_block(canvas, name, left, top, "center", width) - 6
    qr_box = 112 * mm
    top -= qr_box
    _draw_qr_box(canvas, slip.url, (A4[0] - qr_box) / 2, top, qr_box)
    link = _link_block(slip.url, 13, width)
    top = _draw_block(canvas, link, left, top, "center", width)
    if slip.valid_until:
        top -= 16
        _draw_line(canvas, expiry_label(slip), SERIF, 12, left, top, width, align="center")
    steps = steps_for(slip.audience, "выше")
    steps_width = width - 20 * mm
    steps_bottom = margin + 40
    _draw_steps(canvas, steps, left + 10 * mm, steps_bottom, steps_width,
                top - 16 - steps_bottom, 15)
    admin = _admin_block(sheet, 12, width)
    _draw_block(canvas, admin, left, margin + 14 + admin.height, "center", width)
    _draw_line(canvas, printed_label(sheet), SERIF, 11, left, margin, width, GREY,
               align="center")
