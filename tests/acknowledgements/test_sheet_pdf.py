"""The familiarisation list PDF, read back page by page with pypdf."""

import datetime as dt
import io
import re
from itertools import pairwise

import pypdf
import pytest
from ack_helpers import expected_order, staff_act

from sferum_desk.domain.errors import UserError
from sferum_desk.printing.familiarisation import SheetData, SheetRow, render_sheet
from sferum_desk.services.acknowledgements import AudienceInput, SheetOptions

HEADER = ["№", "Ф.И.О.", "Дата", "Подпись"]
SURNAMES = ["Ёлкина", "Елкина", "Ежова", "Яковлева", "Сапёлкина", "Сапелкина", "Андреева",
            "Жукова", "Эйхман", "Юдина", "Шишкина", "Щукина", "Чернова", "Цветкова"]
GIVEN = ["Анна Ивановна", "Ольга Петровна", "Алёна Сергеевна", "Мария Юрьевна", "Ева Олеговна"]
MM = 72 / 25.4


def many_names(count: int) -> list[str]:
    names = [f"{s} {g}" for s in SURNAMES for g in GIVEN]
    return [f"{names[i % len(names)].split()[0]}{'' if i < len(names) else i} "
            f"{' '.join(names[i % len(names)].split()[1:])}" for i in range(count)]


def pages_text(pdf: bytes) -> list[list[str]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [[line.strip() for line in page.extract_text().splitlines() if line.strip()]
            for page in reader.pages]


def sheet(rows, **kw) -> bytes:
    data = {"organization": "МБОУ «СОШ № 1»", "doc_type": "Положение",
            "title": "об использовании платформы «Сферум»", "number": "01-06/03-1-2024",
            "issued_on": dt.date(2024, 3, 4), "rows": rows}
    data.update(kw)
    return render_sheet(SheetData(**data))


def test_every_name_in_order_header_and_page_numbers_on_every_page():
    names = many_names(70)
    pdf = sheet([SheetRow(n) for n in names])
    pages = pages_text(pdf)
    assert len(pages) >= 3
    printed = []
    for number, lines in enumerate(pages, start=1):
        start = lines.index("№")
        assert lines[start:start + 4] == HEADER, f"header missing on page {number}"
        assert lines[-1] == f"Страница {number} из {len(pages)}"
        printed += [line for line in lines if line in set(names)]
    assert printed == expected_order(names)
    numbers = [int(m.group(1)) for page in pages for line in page
               if (m := re.fullmatch(r"(\d+)\.", line))]
    assert numbers == list(range(1, 71))
    assert "ЛИСТ ОЗНАКОМЛЕНИЯ" in pages[0]
    assert "Положение об использовании платформы «Сферум»" in pages[0]
    assert "№ 01-06/03-1-2024 от 04.03.2024" in pages[0]
    assert pages[1][0].startswith("Лист ознакомления: Положение")  # a loose page says what
    for ys in row_tops(pdf):
        gaps = [a - b for a, b in pairwise(ys)]
        assert all(abs(gap - 10 * MM) < 0.01 for gap in gaps)  # one line: exactly 10 mm


def test_yo_sorts_after_ye_not_after_ya():
    names = ["Яковлева Анна", "Ёлкина Анна", "Елкина Анна", "Жукова Анна", "Ежова Анна"]
    lines = pages_text(sheet([SheetRow(n) for n in names]))[0]
    printed = [line for line in lines if line in names]
    assert printed == ["Ежова Анна", "Елкина Анна", "Ёлкина Анна", "Жукова Анна",
                       "Яковлева Анна"]


def test_every_font_is_embedded():
    pdf = sheet([SheetRow(n, "Учитель") for n in many_names(40)], extra_column="Должность")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    seen = 0
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:  # a composite font keeps it on its descendant
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
            seen += 1
    assert seen


def row_tops(pdf: bytes) -> list[list[float]]:
    """The y of each row number («1.», «2.» …) on each page."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    result = []
    for page in reader.pages:
        ys = []

        def visit(text, cm, tm, font, size, ys=ys):
            if re.fullmatch(r"\d+\.", text.strip()):
                ys.append(tm[5] * cm[3] + cm[5])
        page.extract_text(visitor_text=visit)
        result.append(ys)
    return result


def test_rows_are_at_least_10_mm_tall_even_when_a_name_wraps():
    names = many_names(30) + ["Константинопольская-Римская Ангелина Вячеславовна"]
    pdf = sheet([SheetRow(n, "Заместитель директора по учебно-воспитательной работе")
                 for n in names], extra_column="Должность")
    for ys in row_tops(pdf):
        gaps = [a - b for a, b in pairwise(ys)]
        assert gaps and min(gaps) >= 10 * MM - 0.01


def test_optional_column_and_prefilled_date():
    pdf = sheet([SheetRow("Иванова Анна Петровна", "Учитель", dt.date(2024, 9, 2))],
                extra_column="Должность")
    lines = pages_text(pdf)[0]
    assert lines[lines.index("№"):lines.index("№") + 5] == [
        "№", "Ф.И.О.", "Должность", "Дата", "Подпись"]
    assert "Учитель" in lines and "02.09.2024" in lines


def test_service_sheet_everyone_pending_only_and_dates(staffed, tmp_path):
    acks = staffed.acknowledgements
    act = acks.add_act(staff_act())
    people = acks.people(act.id)
    signed = [p.person_id for p in people[::2]]
    acks.mark_signed(act.id, signed, "02.09.2024")
    everyone = acks.save_sheet(act.id, tmp_path / "all.pdf", SheetOptions(extra_column=True))
    lines = pages_text(everyone.read_bytes())[0]
    assert [n for n in lines if n in {p.full_name for p in people}] == [
        p.full_name for p in people]
    assert "Должность" in lines and "02.09.2024" not in lines  # the date column is empty
    pending = acks.save_sheet(act.id, tmp_path / "pending.pdf",
                              SheetOptions(pending_only=True, date_mode="fixed",
                                           fixed_date=dt.date(2024, 9, 5)))
    lines = pages_text(pending.read_bytes())[0]
    assert [n for n in lines if n in {p.full_name for p in people}] == [
        p.full_name for p in people[1::2]]
    assert lines.count("05.09.2024") == len(people[1::2])
    marked = acks.save_sheet(act.id, tmp_path / "dates.pdf", SheetOptions(date_mode="signed"))
    assert pages_text(marked.read_bytes())[0].count("02.09.2024") == len(signed)


def test_parents_sheet_shows_the_unit(with_classes, tmp_path):
    svc, _a, _b = with_classes
    act = svc.acknowledgements.add_act(staff_act(audience=AudienceInput("parents")))
    out = svc.acknowledgements.save_sheet(act.id, tmp_path / "p.pdf",
                                          SheetOptions(extra_column=True))
    lines = pages_text(out.read_bytes())[0]
    assert "Класс" in lines and "1А, 2Б" in lines  # the mother of two pupils


def test_nothing_to_print_is_refused_and_no_file_written(staffed, tmp_path):
    acks = staffed.acknowledgements
    act = acks.add_act(staff_act())
    acks.mark_all_except(act.id, [])
    out = tmp_path / "p.pdf"
    with pytest.raises(UserError, match="Все уже ознакомлены"):
        acks.save_sheet(act.id, out, SheetOptions(pending_only=True))
    assert not out.exists()


def test_cancelled_render_leaves_no_file(staffed, tmp_path):
    from sferum_desk.printing.official import Cancelled

    acks = staffed.acknowledgements
    act = acks.add_act(staff_act())
    data = acks.sheet_data(act.id)

    def cancel(page, total):
        raise Cancelled

    with pytest.raises(Cancelled):
        acks.write_sheet(data, tmp_path / "x.pdf", cancel)
    assert not list(tmp_path.glob("*.pdf"))
