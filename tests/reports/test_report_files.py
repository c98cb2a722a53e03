"""The head's PDF and the Excel workbook hold the same figures as the screen."""

import openpyxl
import pytest
from mv_helpers import build_school
from rp_helpers import fonts_embedded, pdf_pages, pdf_text

from sferum_desk.domain.errors import UserError
from sferum_desk.services.dto import OrganizationData


def test_pdf_holds_the_figures_per_unit_and_overall(joined, tmp_path):
    services, _sch = joined
    path = services.reports.export(tmp_path / "отчёт.pdf")
    data = path.read_bytes()
    text = pdf_text(data)
    assert "Отчёт о подключении участников образовательных отношений" in text
    assert "МБОУ «СОШ № 1»" in text
    # Overall: staff 2 of 5, pupils 4 of 16, parents 7 of 24, families 7 of 16.
    for figure in ("Сотрудники 5 2 40 %", "Ученики 16 4 25 %",
                   "Родители (законные представители), все 24 7 29 %"):
        assert figure in text
    # Per unit: «joined/total (share)».
    for figure in ("5А 3/4 (75 %) 3/6 (50 %) 3/4 (75 %) 2 0",
                   "5Б 1/4 (25 %) 0/6 (0 %) 0/4 (0 %) 0 0",
                   "9А 0/4 (0 %) 4/6 (67 %) 4/4 (100 %) 0 0",
                   "Учительская сотрудники: 2/5 (40 %) 0 4",
                   "Итого 4/16 (25 %) 7/24 (29 %) 7/16 (44 %) 2 4"):
        assert figure in text
    assert pdf_pages(data) <= 2
    assert fonts_embedded(data) and all(fonts_embedded(data).values())
    assert not list(tmp_path.glob(".~*"))  # no temporary file left behind


def test_pdf_shows_only_the_counted_audiences(joined, tmp_path):
    services, _ = joined
    services.reports.set_audiences(["parents"])
    text = pdf_text(services.reports.export(tmp_path / "r.pdf").read_bytes())
    assert "Учитываются: родители (законные представители)." in text
    assert "Ученики 16" not in text and "Учительская" not in text and "Сотрудники" not in text
    assert "Ученики, у которых присоединился хотя бы один родитель 16 7 44 %" in text


def test_workbook_has_the_figures_and_who_is_missing(joined, tmp_path):
    services, sch = joined
    book = openpyxl.load_workbook(services.reports.export(tmp_path / "охват.xlsx"))
    assert book.sheetnames == ["Охват", "По неделям", "Нет в Сферуме — сотрудники",
                               "Нет в Сферуме — обучающиеся", "Нет в Сферуме — родители"]
    sheet = book["Охват"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=7, values_only=True)}
    assert rows["5А"][:13] == ("5А", None, None, None, 4, 3, 0.75, 6, 3, 0.5, 4, 3, 0.75)
    assert rows["Итого"][1:4] == (5, 2, 0.4)
    assert rows["Итого"][-2:] == (2, 4)
    assert sheet.freeze_panes == "A7" and sheet.auto_filter.ref.startswith("A6:")
    assert sheet["A5"].font.bold and sheet["B5"].border.left.style == "thin"
    parents = book["Нет в Сферуме — родители"]
    listed = [r[1] for r in parents.iter_rows(min_row=5, values_only=True)]
    assert sch.names[sch.mothers[sch.pupils["5Б"][0]]] in listed
    assert sch.names[sch.mothers[sch.pupils["9А"][0]]] not in listed  # she joined
    assert len(listed) == 24 - 7
    weeks = list(book["По неделям"].iter_rows(min_row=5, values_only=True))
    assert weeks[0][1:] == (2, 2, 0, 0, 2)


def test_unknown_format_is_refused_and_nothing_written(joined, tmp_path):
    services, _ = joined
    with pytest.raises(UserError, match=r"\.pdf.*\.xlsx"):
        services.reports.export(tmp_path / "отчёт.docx")
    assert not (tmp_path / "отчёт.docx").exists()
    assert not list(tmp_path.glob(".~*"))


def test_a_large_school_fits_two_pages(services, tmp_path):
    services.organization.save(OrganizationData(kind="school", full_name="Школа № 12",
                                                head_name="Петрова Анна Викторовна"))
    sch = build_school(services, [f"{g}{c}" for g in range(1, 12) for c in "АБВ"],
                       per_class=1)
    services.invitations.set_joined(sch.pupils["1А"] + sch.pupils["11В"])
    data = services.reports.export(tmp_path / "big.pdf").read_bytes()
    assert pdf_pages(data) == 2
    text = pdf_text(data)
    assert "11В 1/1 (100 %)" in text and "А.В. Петрова" in text
