"""Blank slips («Кому: ____»): the line to write the name on is part of the people's block,
so the code and the steps start below it, whatever the link's length (a long link wrapped
on two lines leaves the middle of the slip little room)."""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pytest
from paper_checks import ORG_LONGEST, glyphs, overlapping

from sferum_desk.printing.slips import SlipData, SlipSheet, render_slips

sys.path.insert(0, str(Path(__file__).parents[1] / "invitations"))
from inv_helpers import decode_pages  # noqa: E402

SHEET = SlipSheet(ORG_LONGEST, "Петрова Ольга Игоревна", "+7 916 123-45-67",
                  dt.date(2025, 11, 25))
SHORT = "https://sferum.ru/?invite=Gq7xR2mPzL4kTt9w"
LONG = SHORT + "Q1sDfEIl1O0" + "x" * 30  # wraps on two lines of the monospace


def _underlines(pdf: bytes) -> list[tuple[int, float, float, float]]:
    """(page, x0, x1, y from the top) of every horizontal line: the «Кому:» rules."""
    import pdfplumber

    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages):
            found += [(number, line["x0"], line["x1"], line["top"]) for line in page.lines
                      if abs(line["top"] - line["bottom"]) < 0.01 and line["x1"] - line["x0"] > 40]
    return found


def _dark_boxes(pdf: bytes) -> list[tuple[int, float, float, float, float]]:
    """(page, x0, x1, top, bottom) of every filled rectangle: the QR codes' modules."""
    import pdfplumber

    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages):
            found += [(number, r["x0"], r["x1"], r["top"], r["bottom"]) for r in page.rects
                      if r.get("fill")]
    return found


@pytest.mark.parametrize("url", [SHORT, LONG])
@pytest.mark.parametrize("per_page", [4, 6, 8])
def test_nothing_is_drawn_across_the_line_for_the_name(per_page, url):
    slips = [SlipData(url, "Класс 3А", "parents", "Родители",
                      valid_until=dt.date(2026, 5, 31))] * per_page
    pdf = render_slips(slips, SHEET, per_page=per_page)
    rules = _underlines(pdf)
    assert len(rules) == per_page
    found, _ = glyphs(pdf)
    assert overlapping(found) == []
    crossing = [(g.text, round(y, 1)) for page, x0, x1, y in rules for g in found
                if g.page == page and g.x1 > x0 and g.x0 < x1 and g.top < y < g.bottom]
    assert crossing == []
    # the code starts below the line too (its modules are filled rectangles)
    assert [(round(top, 1), round(y, 1)) for page, x0, x1, y in rules
            for p, bx0, bx1, top, bottom in _dark_boxes(pdf)
            if p == page and bx1 > x0 and bx0 < x1 and top < y < bottom] == []
    assert [text for text, _ in decode_pages(pdf)[0]] == [url] * per_page
