"""A piece of a page drawn once as a form XObject and placed many times (printing/forms)."""

from __future__ import annotations

import io
import re

from reportlab.pdfgen.canvas import Canvas

from sferum_desk.printing.forms import define_form, place_once


def _pdf(draw_pages) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=0)
    draw_pages(canvas)
    canvas.save()
    return out.getvalue()


def test_a_form_is_drawn_once_and_placed_wherever_asked():
    drawn = []

    def draw(canvas):
        drawn.append(1)
        canvas.rect(0, 0, 10, 10, fill=1)

    def pages(canvas):
        for _ in range(3):
            for x in (50, 150):
                place_once(canvas, "box", (0, 0, 10, 10), lambda: draw(canvas), x, 100)
            canvas.showPage()

    pdf = _pdf(pages)
    assert drawn == [1]
    assert len(re.findall(rb"/Subtype /Form", pdf)) == 1
    assert len(re.findall(rb"/FormXob\.\w+ Do", pdf)) == 6
    assert b"1 0 0 1 50 100 cm" in pdf and b"1 0 0 1 150 100 cm" in pdf


def test_define_form_returns_the_name_and_keeps_the_first_drawing():
    out = io.BytesIO()
    canvas = Canvas(out)
    first = define_form(canvas, "f", (0, 0, 5, 5), lambda: canvas.rect(0, 0, 5, 5))
    second = define_form(canvas, "f", (0, 0, 5, 5), lambda: 1 / 0)  # never called again
    assert first == second == "f" and canvas.hasForm("f")
