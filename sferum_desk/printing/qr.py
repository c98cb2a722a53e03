"""Vector QR codes for reportlab: a `qrcode` matrix drawn as merged rectangles.

A link's code is drawn once into a PDF form XObject and reused by every slip that shares it,
so a thousand slips of one class cost one QR.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.exceptions import DataOverflowError
from qrcode.util import mask_func
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from sferum_desk.printing.forms import define_form, place_form

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
# Level M at least; a higher level when it fits in the same size (more damage survives).
_LEVELS = (ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H)


def qr_matrix(data: str) -> list[list[bool]]:
    """The code's modules without the quiet zone: the smallest version at level M, at the
    highest error level that still fits that version (sizing is cheap; the mask search, the
    costly part, runs once, in `masked_matrix`)."""
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
    return masked_matrix(chosen)


# ---- the mask ------------------------------------------------------------------------
# qrcode picks the mask by laying the data out and scoring it in pure Python once per mask
# (eight times): four fifths of a QR's cost, and with one code per class, most of the time
# of a whole school's slips. The same choice, from rows held as integers and scored with
# string and bit operations.
_RUNS = re.compile(r"0{5,}|1{5,}")  # five or more modules of one colour in a line
_FINDER_LIKE = ("10111010000", "00001011101")  # 1:1:3:1:1 beside 4 light; never overlap


def masked_matrix(code: qrcode.QRCode) -> list[list[bool]]:
    """What `code.make(fit=False)` leaves in `code.modules` for a code whose version is set:
    the data laid out once, each mask applied and scored as integers, the best one kept."""
    code.makeImpl(True, 0)  # in test mode the format bits are light whatever the mask
    side = code.modules_count
    first = [_bits(row) for row in code.modules]
    data = _data_modules(code.version)
    masks = [_mask_rows(side, pattern) for pattern in range(8)]
    flips = [[(m0 ^ m) & d for m0, m, d in zip(masks[0], mask, data)] for mask in masks]
    scores = [_penalty([row ^ f for row, f in zip(first, flip)], side) for flip in flips]
    best = scores.index(min(scores))  # the first on a tie, as qrcode's best_mask_pattern
    for row, flip in zip(code.modules, flips[best]):
        for column in range(side):
            if flip >> (side - 1 - column) & 1:
                row[column] = not row[column]
    code.mask_pattern = best
    code.setup_type_info(False, best)
    if code.version >= 7:
        code.setup_type_number(False)
    return code.modules


def _bits(row) -> int:
    """A row of modules as an integer, column 0 in the highest bit."""
    return int("".join("1" if dark else "0" for dark in row), 2)


@lru_cache(maxsize=40)
def _data_modules(version: int) -> tuple[int, ...]:
    """Per row, the modules the data goes in: those no function pattern, format or version
    information takes (qrcode's `makeImpl` before `map_data`)."""
    code = qrcode.QRCode(version=version, border=0)
    side = code.modules_count = version * 4 + 17
    code.modules = [[None] * side for _ in range(side)]
    code.setup_position_probe_pattern(0, 0)
    code.setup_position_probe_pattern(side - 7, 0)
    code.setup_position_probe_pattern(0, side - 7)
    code.setup_position_adjust_pattern()
    code.setup_timing_pattern()
    code.setup_type_info(True, 0)
    if version >= 7:
        code.setup_type_number(True)
    return tuple(_bits(module is None for module in row) for row in code.modules)


@lru_cache(maxsize=64)
def _mask_rows(side: int, pattern: int) -> tuple[int, ...]:
    dark = mask_func(pattern)
    return tuple(_bits(dark(r, c) for c in range(side)) for r in range(side))


def _penalty(rows: list[int], side: int) -> int:
    """qrcode's `util.lost_point`: runs of five or more, 2×2 blocks of one colour,
    finder-like patterns in rows and columns, and the distance of the dark share from 50 %."""
    text = [format(row, f"0{side}b") for row in rows]
    lines = "\n".join(text + ["".join(column) for column in zip(*text)])  # no match spans \n
    runs = _RUNS.findall(lines)
    points = sum(map(len, runs)) - 2 * len(runs) + 40 * sum(map(lines.count, _FINDER_LIKE))
    pairs = (1 << (side - 1)) - 1
    everything = (1 << side) - 1
    for upper, lower in zip(rows, rows[1:]):
        same_below = ~(upper ^ lower) & everything
        same_beside = ~(upper ^ (upper >> 1))
        points += 3 * (same_below & (same_below >> 1) & same_beside & pairs).bit_count()
    dark = sum(row.bit_count() for row in rows)
    percent = float(dark) / (side ** 2)
    return points + int(abs(percent * 100 - 50) / 5) * 10


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
    side = modules(data)
    def draw() -> None:
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawPath(_qr_path(data), stroke=0, fill=1)
    return define_form(canvas, name, (0, 0, side, side), draw), side


@lru_cache(maxsize=4096)
def _qr_path(data: str) -> PDFPathObject:
    """The code's rectangles as a path, built once per link (a school's codes go in every
    print run, each a few hundred rectangles); drawing it never changes it."""
    path = PDFPathObject()
    for x, y, w, h in qr_runs(data)[1]:
        path.rect(x, y, w, h)
    return path


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw the code's dark modules in the square (x, y, size); the caller leaves the quiet
    zone (QUIET_ZONE modules) around it white."""
    name, side = ensure_qr_form(canvas, data)
    place_form(canvas, name, x, y, size / side)


def modules(data: str) -> int:
    return qr_runs(data)[0]
