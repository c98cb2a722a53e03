"""PDF checks shared by the invitation tests: text, QR codes decoded from a render, fonts."""

from __future__ import annotations

import datetime as dt
import io

TODAY = dt.date(2025, 11, 25)
URL_5A = "https://sferum.ru/?invite=Gq7xR2mPzL4kTt9wQ1sDfE"
URL_5B = "https://vk.me/join/AJQ1d5Ob2SaHc_Hy0pQw5rZ9"
URL_STAFF = "https://web.max.ru/join/Staff7Kd9QwErTy"

CLASS_5A = [  # pupil, parents
    ("Иванов Максим Андреевич", ["Иванова Анна Петровна", "Иванов Андрей Сергеевич"]),
    ("Соловьёва Алёна Игоревна", ["Соловьёва Елена Викторовна"]),
    ("Ким Лев", ["Ким Ольга Борисовна"]),
]
CLASS_5B = [
    ("Фёдоров Егор Павлович", ["Фёдорова Мария Ильинична"]),
    ("Орлова Ника Олеговна", ["Орлов Олег Николаевич"]),
]
STAFF = [("Петрова Ольга Игоревна", "Учитель"), ("Семёнов Пётр Ильич", "Учитель"),
         ("Ёлкина Ирина Львовна", "Педагог-психолог")]


def pdf_text(data: bytes) -> str:
    """All pages' text with line breaks and runs of spaces as one space."""
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def decode_pages(data: bytes, dpi: int = 170) -> list[list[tuple[str, float]]]:
    """Per page: (decoded text, width of the code in mm) of every QR code on it."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(data)
    pages = []
    try:
        for page in document:
            image = page.render(scale=dpi / 72).to_pil()
            found = []
            for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
                xs = [p.x for p in (result.position.top_left, result.position.top_right,
                                    result.position.bottom_left, result.position.bottom_right)]
                found.append((result.text, (max(xs) - min(xs)) / dpi * 25.4))
            pages.append(found)
    finally:
        document.close()
    return pages


def font_descriptors_embedded(data: bytes) -> list[tuple[str, bool]]:
    """(font name, has /FontFile2) for every font of every page and form."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    fonts: dict[str, bool] = {}

    def visit(resources):
        if not resources:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            embedded = bool(descriptor and "/FontFile2" in descriptor.get_object())
            fonts[str(font.get("/BaseFont"))] = embedded
        for xobject in (resources.get("/XObject") or {}).values():
            visit(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return sorted(fonts.items())
