"""Placing a form XObject: a piece of a page drawn once (a QR code, a slip's frame, a line
repeated on many slips) and shown many times.

`place_form` writes exactly the operators of reportlab's saveState / translate / scale /
doForm / restoreState, without their bookkeeping: saveState copies some twenty attributes
of reportlab's Python-side graphics state, which a form changes none of. Five forms on each
of 10,000 slips made that bookkeeping a fifth of the drawing time.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas


def define_form(canvas: Canvas, name: str, box: tuple[float, float, float, float],
                draw: Callable[[], object]) -> str:
    """The form `name` (its bounding box x1, y1, x2, y2) drawn by `draw()` once per
    document; later calls find it made. Returns the name."""
    if not canvas.hasForm(name):
        canvas.beginForm(name, *box)
        draw()
        canvas.endForm()
    return name


def place_form(canvas: Canvas, name: str, x: float, y: float, scale: float = 1.0) -> None:
    """The form `name` with its origin at (x, y), scaled by `scale`, in a saved state."""
    if scale == 1.0:
        matrix = fp_str(1, 0, 0, 1, x, y)
    else:  # translate then scale: reportlab folds the two into one matrix the same way
        x, y = float(fp_str(x)), float(fp_str(y))
        matrix = fp_str(scale, 0.0, 0.0, scale, x, y)
    canvas._code.append(f"q\n{matrix} cm\n/{canvas._doc.getXObjectName(name)} Do\nQ")
    canvas._formsinuse.append(name)


def place_once(canvas: Canvas, name: str, box: tuple[float, float, float, float],
               draw: Callable[[], object], x: float, y: float) -> None:
    """`define_form`, then the form placed at (x, y)."""
    place_form(canvas, define_form(canvas, name, box, draw), x, y)
