"""The QR code's box and the numbered steps to join, drawn once per size as a form."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from sferum_desk.printing.fonts import SERIF, SERIF_BOLD
from sferum_desk.printing.qr import QUIET_ZONE, draw_qr, modules
from sferum_desk.printing.forms import place_once
from sferum_desk.printing.slips.blocks import _form_name
from sferum_desk.printing.slips.data import INK, SlipData, expiry_label, steps_for
from sferum_desk.printing.wrapping import wrap_text


def _draw_qr_box(canvas: Canvas, url: str, x: float, y: float, box: float) -> None:
    """`box` includes the quiet zone, so text set beside it never crowds the code."""
    side = modules(url)
    module = box / (side + 2 * QUIET_ZONE)
    draw_qr(canvas, url, x + QUIET_ZONE * module, y + QUIET_ZONE * module, side * module)


def _steps_with_expiry(slip: SlipData, link_is: str) -> tuple[str, ...]:
    steps = steps_for(slip.audience, link_is)
    return steps + ((expiry_label(slip),) if slip.valid_until else ())


def _draw_steps_form(canvas: Canvas, slip: SlipData, x: float, y: float, width: float,
                     height: float, size: float, link_is: str) -> None:
    """The steps are the same on every slip of a size: drawn once, placed many times."""
    steps = _steps_with_expiry(slip, link_is)
    name = _form_name("steps", (steps, round(width, 2), round(height, 2), round(size, 2)))
    place_once(canvas, name, (0, 0, width, max(height, 1)),
               lambda: _draw_steps(canvas, steps, 0, 0, width, height, size), x, y)


def _numbered(steps: Sequence[str]) -> list[tuple[str, str]]:
    """(number, text): the expiry note after the three steps has no number."""
    return [(f"{i}." if i <= 3 else "", step) for i, step in enumerate(steps, start=1)]


def _steps_height(steps: Sequence[str], width: float, size: float) -> float:
    indent = stringWidth("3. ", SERIF_BOLD, size)
    lines = sum(len(wrap_text(step, SERIF if number else SERIF_BOLD, size,
                              width - (indent if number else 0)))
                for number, step in _numbered(steps))
    return lines * size * 1.18 + (len(steps) - 1) * size * 0.35


def _draw_steps(canvas: Canvas, steps: Sequence[str], x: float, y: float, width: float,
                height: float, size: float) -> None:
    """Numbered steps, vertically centred; the font shrinks until they fit."""
    while size > 6 and _steps_height(steps, width, size) > height:
        size -= 0.25
    block = _steps_height(steps, width, size)
    cursor = y + (height + block) / 2 - size
    indent = stringWidth("3. ", SERIF_BOLD, size)
    canvas.setFillColorRGB(*INK)
    for number, step in _numbered(steps):
        font = SERIF if number else SERIF_BOLD
        canvas.setFont(SERIF_BOLD, size)
        if number:
            canvas.drawString(x, cursor, number)
        canvas.setFont(font, size)
        shift = indent if number else 0
        for line in wrap_text(step, font, size, width - shift):
            canvas.drawString(x + shift, cursor, line)
            cursor -= size * 1.18
        cursor -= size * 0.35
