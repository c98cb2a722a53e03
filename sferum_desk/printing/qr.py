"""Vector QR codes for reportlab: a `qrcode` matrix drawn as merged rectangles.

A link's code is drawn once into a PDF form XObject and reused by every slip that shares it,
so a thousand slips of one class cost one QR.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.exceptions import DataOverflowError
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
# Level M at least; a higher level when it fits in the same size (more damage survives).
_LEVELS = (ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H)


def qr_matrix(data: str) -> list[list[bool]]:
    """The code's modules without the quiet zone: the smallest version at level M, at the
    highest error level that still fits that version (sizing is cheap; the mask search, the
    costly part, runs once)."""
    smallest = None
    for level in _LEVELS:
        code = qrcode.QRCode(error_correction=level, border=0)
        code.add_data(data)
        try:
            version = code.best_fit()
        except DataOverflowError:
            break
        if smallest is None:
            smallest, chosen = version, code
        elif version == smallest:
            chosen = code
    if smallest is None:
        raise DataOverflowError("the link is too long for a QR code")
    chosen.make(fit=False)
    return chosen.get_matrix()


@lru_cache(maxsize=4096)  # a district's links; a few KB each
def qr_runs(data: str) -> tuple[int, tuple[tuple[int, int, int, int], ...]]:
    """(side in modules, rectangles (x, y, width, height) in modules, y growing upwards).

    Horizontal runs of dark modules are merged, then identical runs in consecutive rows
    are stacked into one taller rectangle: far fewer path operators than one per module.
    """
    rows = [tuple(row) for row in qr_matrix(data)]
    side = len(rows)
    open_runs: dict[tuple[int, int], list[int]] = {}  # (x, width) -> [top row, height]
    rects: list[tuple[int, int, int, int]] = []
    for row_index, row in enumerate(rows):
        current = set(_row_runs(row))
        for key in list(open_runs):
            if key not in current:
                top, height = open_runs.pop(key)
                rects.append((key[0], side - top - height, key[1], height))
        for key in current:
            if key in open_runs:
                open_runs[key][1] += 1
            else:
                open_runs[key] = [row_index, 1]
    for (x, width), (top, height) in open_runs.items():
        rects.append((x, side - top - height, width, height))
    return side, tuple(sorted(rects))


def _row_runs(row: tuple[bool, ...]) -> list[tuple[int, int]]:
    runs, start = [], None
    for x, dark in enumerate(row):
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            runs.append((start, x - start))
            start = None
    if start is not None:
        runs.append((start, len(row) - start))
    return runs


def form_name(data: str) -> str:
    return "qr" + hashlib.sha1(data.encode("utf-8")).hexdigest()[:16]


def ensure_qr_form(canvas: Canvas, data: str) -> tuple[str, int]:
    """Define the link's QR as a form XObject (once per document); returns (name, side)."""
    name = form_name(data)
    side, rects = qr_runs(data)
    if not canvas.hasForm(name):
        canvas.beginForm(name, 0, 0, side, side)
        canvas.setFillColorRGB(0, 0, 0)
        path = canvas.beginPath()
        for x, y, w, h in rects:
            path.rect(x, y, w, h)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.endForm()
    return name, side


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw the code's dark modules in the square (x, y, size); the caller leaves the quiet
    zone (QUIET_ZONE modules) around it white."""
    name, side = ensure_qr_form(canvas, data)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size / side, size / side)
    canvas.doForm(name)
    canvas.restoreState()


def modules(data: str) -> int:
    return qr_runs(data)[0]
