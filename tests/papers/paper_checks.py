"""Checks shared by the paper tests: where every glyph lies, the text, decoded QR codes.

The longest real names come from the seeds (local acts of Russian schools and kindergartens).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

# The longest organisation names and act titles found in the seeds, and long people's names.
ORG_LONGEST = ("Муниципальное бюджетное дошкольное образовательное учреждение «Центр развития "
               "ребёнка — детский сад № 27 «Дюймовочка» Арсеньевского городского округа "
               "Приморского края» (структурное подразделение «Детский сад № 12 «Солнышко»)")
ORG_SCHOOL = ("Государственное бюджетное общеобразовательное учреждение средняя "
              "общеобразовательная школа № 98 Калининского района Санкт-Петербурга")
ORG_SPECIAL = ("государственное бюджетное общеобразовательное учреждение Краснодарского края "
               "специальная (коррекционная) школа № 59 г. Краснодара")
TITLE_LONGEST = ("применения сервисов взаимодействия педагогов с родителями (законными "
                 "представителями) посредством видео-конференц-связи, быстрого обмена "
                 "текстовыми сообщениями, фото, аудио- и видеоинформацией, файлами")
TITLE_UPPER = ("ПО ИСПОЛЬЗОВАНИЮ РОССИЙСКОГО ПРОГРАММНОГО ОБЕСПЕЧЕНИЯ ПРИ ВЗАИМОДЕЙСТВИИ С "
               "ОБУЧАЮЩИМИСЯ И ИХ РОДИТЕЛЯМИ (ЗАКОННЫМИ ПРЕДСТАВИТЕЛЯМИ) в муниципальном "
               "казённом учреждении дополнительного образования «Центр детского творчества»")
PERSON_LONGEST = "Константинопольская-Преображенская Василиса Александровна"
CHILD_LONGEST = "Константинопольский-Преображенский Максимилиан"
POSITION_LONGEST = "Заместитель директора по административно-хозяйственной работе"


@dataclass(frozen=True)
class Glyph:
    text: str
    page: int
    x0: float
    x1: float
    top: float  # from the page's top, as pdfplumber gives it
    bottom: float


def glyphs(pdf: bytes) -> tuple[list[Glyph], list[tuple[float, float]]]:
    """Every visible character (through form XObjects too), and each page's size."""
    import pdfplumber

    found, sizes = [], []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages):
            sizes.append((float(page.width), float(page.height)))
            for char in page.chars:
                if char["text"].strip():
                    found.append(Glyph(char["text"], number, char["x0"], char["x1"],
                                       char["top"], char["bottom"]))
    return found, sizes


def outside_page(pdf: bytes, margin: float = 0.0) -> list[Glyph]:
    found, sizes = glyphs(pdf)
    return [g for g in found
            if g.x0 < margin - 0.5 or g.top < margin - 0.5
            or g.x1 > sizes[g.page][0] - margin + 0.5 or g.bottom > sizes[g.page][1] - margin + 0.5]


def outside_boxes(found: list[Glyph], boxes: list[tuple[float, float, float, float]],
                  slack: float = 0.3) -> list[Glyph]:
    """Glyphs that lie inside none of the boxes (x0, top, x1, bottom)."""
    def inside(g: Glyph, box) -> bool:
        x0, top, x1, bottom = box
        return (g.x0 >= x0 - slack and g.x1 <= x1 + slack and g.top >= top - slack
                and g.bottom <= bottom + slack)
    return [g for g in found if not any(inside(g, box) for box in boxes)]


def overlapping(found: list[Glyph], shrink: float = 0.25) -> list[tuple[Glyph, Glyph]]:
    """Pairs of glyphs of different lines whose boxes overlap (text drawn over text)."""
    buckets: dict[tuple[int, int, int], list[Glyph]] = {}
    for g in found:
        for bx in range(int(g.x0 // 20), int(g.x1 // 20) + 1):
            for by in range(int(g.top // 20), int(g.bottom // 20) + 1):
                buckets.setdefault((g.page, bx, by), []).append(g)
    pairs = set()
    for group in buckets.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if abs(a.top - b.top) < 0.5 and abs(a.bottom - b.bottom) < 0.5:
                    continue  # the same line: neighbours touch by design
                if (min(a.x1, b.x1) - max(a.x0, b.x0) > shrink
                        and min(a.bottom, b.bottom) - max(a.top, b.top) > shrink):
                    pairs.add((a, b))
    return sorted(pairs, key=lambda p: (p[0].page, p[0].top))


def text_of(pdf: bytes) -> str:
    """All the text, lines joined by spaces, runs of spaces as one."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def png_pages(pdf: bytes, folder, stem: str, dpi: int = 60) -> list:
    """Render pages to PNG with pdftoppm (what a person looks at)."""
    import subprocess
    from pathlib import Path

    source = Path(folder) / f"{stem}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(source), str(Path(folder) / stem)],
                   check=True, timeout=120)
    return sorted(Path(folder).glob(f"{stem}*.png"))
