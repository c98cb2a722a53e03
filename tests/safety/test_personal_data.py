"""A person's data on request: everything the app holds about one person, as PDF or Excel."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from sferum_desk.cli import main
from sferum_desk.domain.errors import NotFound, UserError
from sferum_desk.services.dto import GuardianInput, StaffInput, StudentInput
from sferum_desk.services.personal_data import PersonalDataService

URL = "https://sferum.ru/?invite=Gq7xR2mPzL4kTt9wQ1sDfE"


@pytest.fixture
def family(school):
    unit = school.structure.create_unit("2Б")
    pupil = school.people.save_student(StudentInput(
        "Воробьёва Злата Игоревна", "14.05.2017", unit.id,
        [GuardianInput("Воробьёва Инна Олеговна", "mother", "+79035550011",
                       "inna.v@example.ru")]))
    mother = pupil.guardians[0].id
    school.invitations.add_link(unit.id, "parents", URL)
    school.invitations.set_joined([mother])
    school.people.save_staff(StaffInput("Зуева Нина Петровна", "Учитель"))
    return school, pupil.id, mother


def words(data) -> str:
    return " | ".join(" ".join(row) for section in data.sections for row in section.rows)


def test_collects_what_the_app_holds(family):
    services, pupil, mother = family
    data = PersonalDataService(services.db).collect(mother)
    titles = [s.title for s in data.sections]
    assert titles[:3] == ["Основные сведения", "Дети", "Участие в «Сферуме»"]
    text = words(data)
    for expected in ("Воробьёва", "Инна", "Олеговна", "+7 903 555-00-11", "inna.v@example.ru",
                     "родитель (законный представитель)", "Воробьёва Злата Игоревна", "Мать",
                     "2Б", "Запись создана", "отмечено вручную"):
        assert expected in text, expected
    assert "Зуева" not in text  # nobody else's data
    child = PersonalDataService(services.db).collect(pupil)
    assert "14.05.2017" in words(child) and "Воробьёва Инна Олеговна" in words(child)
    assert [s.title for s in child.sections][:3] == ["Основные сведения", "Обучение",
                                                     "Родители (законные представители)"]


def test_pdf_and_excel_are_readable(family, tmp_path):
    services, _, mother = family
    service = PersonalDataService(services.db)
    pdf = service.export(mother, tmp_path / "сведения.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Сведения о персональных данных" in text
    assert "Воробьёва Инна Олеговна" in text and "+7 903 555-00-11" in text
    book = load_workbook(service.export(mother, tmp_path / "сведения.xlsx"))
    cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert "Сведения о персональных данных" in cells and "inna.v@example.ru" in cells
    history = services.movement.history(mother)
    assert history.person_id == mother  # and the export itself is in the history, nameless
    assert "выгружены сведения о персональных данных" in words(service.collect(mother))


def test_text_starting_with_equals_is_not_a_formula():
    from sferum_desk.exporters.personal_data import personal_data_workbook
    from sferum_desk.services.personal_data import DataSection, PersonalData

    data = PersonalData(1, "Тест", "Школа", dt.date(2026, 5, 1),
                        (DataSection("Раздел", (), (("=1+1", "=HYPERLINK(1)"),)),))
    sheet = load_workbook(io.BytesIO(personal_data_workbook(data))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value]
    formula = next(cell for cell in cells if cell.value == "=1+1")
    assert formula.data_type == "s"  # text, as typed: never run by Excel


def test_cli_export_person(family, db_path, tmp_path, capsys):
    _, pupil, _ = family
    out = tmp_path / "ребёнок.pdf"
    assert main(["--db", str(db_path), "export-person", "--id", str(pupil), "--out",
                 str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["--db", str(db_path), "export-person", "--id", "99999", "--out",
                 str(out)]) == 1
    assert main(["--db", str(db_path), "export-person", "--id", str(pupil), "--out",
                 str(tmp_path / "x.docx")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["Такого человека нет в базе: проверьте номер (id) в списке.",
                   "Укажите файл .pdf или .xlsx для сведений о персональных данных."]


def test_unknown_person_is_a_sentence(school):
    with pytest.raises(NotFound):
        PersonalDataService(school.db).collect(12345)
    with pytest.raises(UserError):
        PersonalDataService(school.db).export(12345, "x.pdf")
