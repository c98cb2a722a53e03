"""Shared by the reports tests: the dates of the known joins and PDF readers."""

from __future__ import annotations

import datetime as dt
import io

STAFF_DAY = dt.date(2026, 9, 2)  # a Wednesday
PUPILS_DAY = dt.date(2026, 9, 9)
PARENTS_DAY = dt.date(2026, 9, 17)


def pdf_text(data: bytes) -> str:
    """All pages' text, whitespace runs as one space."""
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def fonts_embedded(data: bytes) -> dict[str, bool]:
    """Font name → has an embedded TrueType file, for every font on every page."""
    from pypdf import PdfReader

    fonts: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page["/Resources"]
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            fonts[str(font.get("/BaseFont"))] = embedded
    return fonts
