"""Invitation slips (карточки-приглашения) on A4: 1, 2, 4, 6 or 8 per page with cut marks,
or a one-per-page poster for a classroom door.

Plain data in, PDF bytes out. Text is real, selectable Cyrillic in the embedded serif; QR
codes are vectors, each link's code drawn once (a form XObject) and reused.

The pieces: `data` (what a run is made of, and the shared words), `blocks` (fitted text and
forms), `steps` (the code's box and the numbered steps), `cell` (one slip), `poster`, and
`sheet` (pages, cut marks, progress). The names callers import from `printing.slips` stay
here.
"""

from sferum_desk.printing.slips.cell import CODE_FLOOR, CODE_MIN
from sferum_desk.printing.slips.data import (
    CELL_PADDING, GREY, INK, LAYOUTS, PAGE_MARGIN, REFERENCE_CELL, RULE, Progress,
    SlipData, SlipsCancelled, SlipSheet, admin_line, expiry_label, initials_name,
    printed_label, steps_for, unit_heading,
)
from sferum_desk.printing.slips.sheet import _cells, page_count, render_slips

__all__ = [
    "CELL_PADDING", "CODE_FLOOR", "CODE_MIN", "GREY", "INK", "LAYOUTS", "PAGE_MARGIN",
    "REFERENCE_CELL", "RULE", "Progress", "SlipData", "SlipSheet", "SlipsCancelled", "_cells",
    "admin_line", "expiry_label", "initials_name", "page_count", "printed_label", "render_slips",
    "steps_for", "unit_heading",
]
