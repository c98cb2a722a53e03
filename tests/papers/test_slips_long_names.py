"""Slips with the longest real names: every glyph inside its own slip's frame, nothing drawn
over anything, the link retypeable (monospace, ≥ 7 pt), the dates labelled, codes decode."""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pytest
from paper_checks import (
    CHILD_LONGEST,
    ORG_LONGEST,
    PERSON_LONGEST,
    glyphs,
    outside_boxes,
    overlapping,
    text_of,
)
from reportlab.lib.units import mm

from sferum_desk.domain.org_names import abbreviate_org_name
from sferum_desk.printing.slips import LAYOUTS, SlipData, SlipSheet, _cells, render_slips

sys.path.insert(0, str(Path(__file__).parents[1] / "invitations"))
from inv_helpers import decode_pages  # noqa: E402

URL = "https://sferum.ru/?invite=Gq7xR2mPzL4kTt9wQ1sDfEIl1O0"
PAGE_HEIGHT = 841.89
FRAME_INSET = 2.5 * mm


def _sheet(org: str = ORG_LONGEST) -> SlipSheet:
    return SlipSheet(org, PERSON_LONGEST, "+7 916 123-45-67", dt.date(2025, 11, 25))


def _slips(count: int, **extra) -> list[SlipData]:
    return [SlipData(URL, "Группа «Непоседы» (разновозрастная)", "parents", "Родители",
                     PERSON_LONGEST, f"ребёнок: {CHILD_LONGEST}", **extra)
            for _ in range(count)]


def _frames(per_page: int) -> list[tuple[float, float, float, float]]:
    return [(x + FRAME_INSET, PAGE_HEIGHT - y - h + FRAME_INSET, x + w - FRAME_INSET,
             PAGE_HEIGHT - y - FRAME_INSET) for x, y, w, h in _cells(per_page)]


@pytest.mark.parametrize("org", [ORG_LONGEST, abbreviate_org_name(ORG_LONGEST)])
@pytest.mark.parametrize("per_page", sorted(LAYOUTS))
def test_every_glyph_stays_inside_its_slip(per_page, org):
    pdf = render_slips(_slips(per_page, valid_until=dt.date(2026, 5, 31)), _sheet(org),
                       per_page=per_page)
    found, _ = glyphs(pdf)
    assert found
    assert outside_boxes(found, _frames(per_page)) == []
    assert overlapping(found) == []
    pages = decode_pages(pdf)
    assert [text for text, _ in pages[0]] == [URL] * per_page
    assert min(size for _, size in pages[0]) >= 18  # mm, the floor when names are long


@pytest.mark.parametrize("per_page", [1, 8])
def test_the_organisation_wraps_never_under_6_pt_and_the_link_is_monospace(per_page):
    pdf = render_slips(_slips(per_page), _sheet(), per_page=per_page)
    text = text_of(pdf)
    assert "Приморского края»" in text and "Солнышко" in text  # the whole name, wrapped
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = document.pages[0].chars
    assert min(c["size"] for c in chars) >= 5.99
    link_chars = [c for c in chars if "Mono" in c["fontname"]]
    assert "".join(c["text"] for c in link_chars).startswith(URL)
    assert min(c["size"] for c in link_chars) >= 6.99
    plus_tops = {round(c["top"], 1) for c in chars if c["text"] == "+"}  # only the phone's
    phone_line = [c for c in chars if round(c["top"], 1) in plus_tops]
    assert "+7 916 123-45-67" in "".join(c["text"] for c in phone_line).replace("\xa0", " ")
    assert min(c["size"] for c in phone_line) >= 6.99


def test_dates_are_labelled_and_the_expiry_printed():
    pdf = render_slips(_slips(2, valid_until=dt.date(2026, 5, 31)), _sheet(), per_page=2)
    text = text_of(pdf)
    assert "Напечатано 25.11.2025" in text
    assert "Ссылка действует до 31.05.2026" in text
    assert "Ссылка действует" not in text_of(render_slips(_slips(1), _sheet(), per_page=1))


def test_the_poster_says_the_link_is_above_the_steps():
    slips = _slips(1, valid_until=dt.date(2026, 5, 31))
    pdf = render_slips(slips, _sheet(), poster=True)
    text = text_of(pdf)
    assert "ссылку, напечатанную выше" in text and "напечатанную ниже" not in text
    assert "Ссылка действует до 31.05.2026" in text
    found, _ = glyphs(pdf)
    assert outside_boxes(found, [(20 * mm, 0, 595.27 - 20 * mm, PAGE_HEIGHT)]) == []
    assert overlapping(found) == []
    assert [text for text, _ in decode_pages(pdf, dpi=100)[0]] == [URL]
    slip_text = text_of(render_slips(slips, _sheet(), per_page=8))
    assert "напечатанную ниже" in slip_text  # on a slip the link is under the steps
