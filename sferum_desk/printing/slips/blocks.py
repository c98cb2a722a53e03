"""Text blocks on a slip: wrapped lines of one font and size, fitted, measured and drawn, and
the form XObjects that let a block repeated on many slips be drawn once."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from sferum_desk.printing.fonts import MONO, SERIF, SERIF_BOLD, SERIF_ITALIC
from sferum_desk.printing.forms import place_once
from sferum_desk.printing.slips.data import GREY, INK, SlipSheet, admin_line
from sferum_desk.printing.wrapping import fit_lines, wrap_url


LEADING = 1.16
LINK_SMALLEST = 7.0  # the link and the admin's phone are retyped by hand: at least 7 pt


@dataclass(frozen=True)
class _Block:
    """Wrapped lines of one font and size; the cursor moves `size` to the first baseline and
    `size * LEADING` to each next one."""

    lines: tuple[str, ...]
    font: str
    size: float
    color: tuple[float, float, float] = INK

    @property
    def height(self) -> float:
        return self.size + (len(self.lines) - 1) * self.size * LEADING


def _block(text: str, font: str, size: float, width: float, max_lines: int,
           smallest: float, color=INK) -> _Block:
    size, lines = fit_lines(text, font, size, width, max_lines, smallest)
    return _Block(lines, font, size, color)


@lru_cache(maxsize=4096)
def _link_block(url: str, size: float, width: float) -> _Block:
    """The link in the monospace, on one line if it fits at LINK_SMALLEST, else broken."""
    smallest = LINK_SMALLEST
    while size > smallest and stringWidth(url, MONO, size) > width:
        size = max(smallest, size - 0.25)
    return _Block(wrap_url(url, MONO, size, width), MONO, size)


def _draw_block(canvas: Canvas, block: _Block, x: float, top: float,
                align: str = "left", width: float = 0.0) -> float:
    """Draw the block with its first line's top at `top`; returns the last baseline."""
    canvas.setFont(block.font, block.size)
    canvas.setFillColorRGB(*block.color)
    baseline = top - block.size
    for baseline, line in _lines_at(block, top):
        if align == "center":
            canvas.drawCentredString(x + width / 2, baseline, line)
        else:
            canvas.drawString(x, baseline, line)
    return baseline


def _lines_at(block: _Block, top: float):
    """Each line of the block with its baseline, the first line's top at `top`."""
    baseline = top - block.size
    for index, line in enumerate(block.lines):
        if index:
            baseline -= block.size * LEADING
        yield baseline, line


def _admin_block(sheet: SlipSheet, size: float, width: float) -> _Block:
    """On one line if it can be, with the name's initials if need be; never under 7 pt."""
    for short in (0, 1, 2):
        block = _block(admin_line(sheet, short), SERIF, size, width, 1, LINK_SMALLEST, GREY)
        if len(block.lines) == 1:
            return block
    return _block(admin_line(sheet, 1), SERIF, size, width, 2, LINK_SMALLEST, GREY)


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
    else:
        canvas.drawString(x, y, text)


def _digest(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=8192)
def _form_name(prefix: str, key: object) -> str:
    """A form's name from what it shows; named once per key, not once per slip."""
    return prefix + _digest(repr(key))


def _place_form(canvas: Canvas, key: object, x: float, y: float, draw) -> None:
    """Draw `draw()` once into a form named after `key`, then place it at (x, y); the form's
    box reaches below its origin, where a block's lines go."""
    place_once(canvas, _form_name("f", key), (-A4[0], -A4[1], A4[0], A4[1]), draw, x, y)


@lru_cache(maxsize=4096)
def _person_blocks(unit: str, name: str, note: str, width: float,
                   scale: float, note_lines: int = 2) -> tuple[_Block, ...]:
    blocks = [_block(unit, SERIF, 9.5 * scale, width, 2, max(6.0, 7 * scale))]
    if name:
        one_line = _block(name, SERIF_BOLD, 12.5 * scale, width, 1, 10 * scale)
        blocks.append(one_line if len(one_line.lines) == 1 else
                      _block(name, SERIF_BOLD, 12.5 * scale, width, 2, 8 * scale))
    if note:
        blocks.append(_block(note, SERIF_ITALIC, 8 * scale, width, note_lines,
                             max(6.0, 6.5 * scale), GREY))
    return tuple(blocks)


def _blocks_height(blocks: Sequence[_Block], gap: float) -> float:
    return sum(b.height + 0.25 * b.size for b in blocks) + gap * (len(blocks) - 1)


def _draw_blocks(canvas: Canvas, blocks: Sequence[_Block], x: float, top: float,
                 gap: float) -> float:
    """The unit's heading (the same on every slip of a unit: a form, drawn once), then the
    name and the note in one text object; returns the bottom."""
    first, *rest = blocks
    _place_form(canvas, ("block", first), x, top, lambda: _draw_block(canvas, first, 0, 0))
    top -= first.height + 0.25 * first.size + gap
    if rest:
        text = canvas.beginText()
        for block in rest:
            text.setFont(block.font, block.size)
            text.setFillColorRGB(*block.color)
            baseline = top - block.size
            for baseline, line in _lines_at(block, top):
                text.setTextOrigin(x, baseline)
                text.textOut(line)
            top = baseline - 0.25 * block.size - gap
        canvas.drawText(text)
    return top + gap
