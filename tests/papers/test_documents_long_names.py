"""Every official paper rendered with the longest real names and titles: no glyph outside the
text area, none crossing a table's rule (so none outside its cell), nothing drawn over
anything, and the requisites in the text."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from paper_checks import (
    CHILD_LONGEST,
    ORG_LONGEST,
    PERSON_LONGEST,
    POSITION_LONGEST,
    TITLE_LONGEST,
    TITLE_UPPER,
    glyphs,
    overlapping,
    text_of,
)

from sferum_desk.domain.declension import Case, decline_full_name
from sferum_desk.exporters.todo import TodoLine
from sferum_desk.printing.familiarisation import SheetData, SheetRow, render_sheet
from sferum_desk.printing.official import LEFT_MARGIN, PAGE_HEIGHT, PAGE_WIDTH, RIGHT_MARGIN
from sferum_desk.printing.todo import render_todo_pdf
from sferum_desk.services.acknowledgements import ActInput, AudienceInput
from sferum_desk.services.dto import GuardianInput, OrganizationData, StaffInput, StudentInput
from sferum_desk.services.personal_data import PersonalDataService

MOTHER = "Королёва Фёкла Семёновна"


def rules(pdf: bytes) -> list[list[tuple[str, float, float, float]]]:
    """Per page: the table rules as ("v", x, top, bottom) or ("h", y, x0, x1)."""
    import pdfplumber

    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            found = []
            for edge in page.edges:
                if abs(edge["x0"] - edge["x1"]) < 0.5:
                    found.append(("v", edge["x0"], edge["top"], edge["bottom"]))
                elif abs(edge["top"] - edge["bottom"]) < 0.5:
                    found.append(("h", edge["top"], edge["x0"], edge["x1"]))
            pages.append(found)
    return pages


def assert_laid_out(pdf: bytes) -> None:
    found, _ = glyphs(pdf)
    assert found
    outside = [g for g in found if g.x0 < LEFT_MARGIN - 0.5 or
               g.x1 > PAGE_WIDTH - RIGHT_MARGIN + 0.5 or g.top < 0 or g.bottom > PAGE_HEIGHT]
    assert outside == []
    page_rules = rules(pdf)
    crossing = []
    for g in found:
        for kind, at, start, end in page_rules[g.page]:
            if kind == "v" and g.x0 + 0.3 < at < g.x1 - 0.3 and start < g.bottom - 0.5 \
                    and end > g.top + 0.5:
                crossing.append((g, at))
            if kind == "h" and g.top + 0.5 < at < g.bottom - 0.5 and start < g.x1 - 0.3 \
                    and end > g.x0 + 0.3:
                crossing.append((g, at))
    assert crossing == []
    assert overlapping(found) == []


def flat(pdf: bytes) -> str:
    return text_of(pdf).replace("\xa0", " ")


@pytest.fixture
def card(services):
    services.organization.save(OrganizationData(
        kind="kindergarten", full_name=ORG_LONGEST, address="692337, Приморский край, "
        "г. Арсеньев, ул. Ленинская, д. 1", head_name="Гилязиева Наиля Ахатовна",
        admin_name=PERSON_LONGEST, admin_phone="89165554433", admin_email="admin@ds27.ru",
        admin_order_number="236-а", admin_order_date="17.10.2024", phone="8 (42361) 3-24-56",
        email="ds27@arsenyev.ru", inn="2501004521", ogrn="1027700132195"))
    services.people.save_staff(StaffInput(PERSON_LONGEST, POSITION_LONGEST))
    return services


def test_the_order(card):
    pdf = card.registration.order_pdf()
    assert_laid_out(pdf)
    text = flat(pdf)
    for requisite in ("П Р И К А З", "«17» октября 2024 г.", "№ 236-а", "г. Арсеньев",
                      "О назначении администратора", "Исполнитель:", "+7 916 555-44-33",
                      "Н.А. Гилязиева", "С приказом ознакомлена"):
        assert requisite in text, requisite
    admin = decline_full_name(PERSON_LONGEST, Case.ACCUSATIVE)
    assert f"Назначить администратором платформы {admin}" in text
    assert "регистрации организации на платформе" in text  # no name in the nominative inside
    assert "регистрации Муниципальное" not in text


def test_the_letter(card):
    pdf = card.registration.letter_pdf()
    assert_laid_out(pdf)
    text = flat(pdf)
    for requisite in ("г. Арсеньев", "тел.: +7 423 613-24-56", "e-mail: ds27@arsenyev.ru",
                      "ИНН 2501004521", "ОГРН 1027700132195", "Исполнитель:",
                      "Приложение: копия приказа", "М.П.", "info@sferum.ru"):
        assert requisite in text, requisite


def test_the_letter_without_the_optional_requisites(services):
    services.organization.save(OrganizationData(
        kind="school", full_name="Школа № 5", head_name="Иванов Иван Иванович",
        admin_name="Ким Саша", admin_phone="89165554433", admin_email="a@b.ru"))
    text = flat(services.registration.letter_pdf())
    assert "ИНН" not in text and "ОГРН" not in text and "тел.:" not in text
    order = flat(services.registration.order_pdf())
    assert "Назначить администратором платформы: Ким Саша." in order  # gender unknown
    assert "С приказом ознакомлен(а)" in order


@pytest.mark.parametrize("extra", ["", "Должность"])
def test_the_familiarisation_list(extra):
    rows = [SheetRow(PERSON_LONGEST if i % 4 == 0 else f"Ёлкина{i} Анна Петровна",
                     POSITION_LONGEST if i % 2 else "Учитель") for i in range(45)]
    data = SheetData(ORG_LONGEST, "Порядок", TITLE_LONGEST, "01-06/03-1-2024",
                     dt.date(2024, 3, 4), rows, extra)
    pdf = render_sheet(data)
    assert_laid_out(pdf)
    import pypdf

    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 3
    for page in pages[1:]:
        first = page.extract_text().splitlines()[0]
        assert first.startswith("Лист ознакомления: Порядок применения")
        assert first.endswith("№ 01-06/03-1-2024 от 04.03.2024")  # always on a loose page
    text = flat(pdf)
    assert "Константинопольская-Преображенская" in text.replace("- ", "-")


def test_a_title_that_repeats_the_type_says_it_once():
    data = SheetData("Школа", "Правила", "Правила пользования платформой «Сферум»", "5",
                     dt.date(2024, 3, 4), [SheetRow("Иванова Анна Петровна")])
    text = flat(render_sheet(data))
    assert "Правила пользования платформой «Сферум»" in text
    assert "Правила «Правила" not in text and "Правила Правила" not in text
    upper = flat(render_sheet(SheetData("Школа", "Положение", TITLE_UPPER, "5", None,
                                        [SheetRow("Иванова Анна Петровна")])))
    assert "Положение ПО ИСПОЛЬЗОВАНИЮ" in upper


def test_the_to_do_list():
    lines = [TodoLine(n, "Перевести в другой чат", f"Перевести родителя "
                      f"{decline_full_name(PERSON_LONGEST, Case.ACCUSATIVE)} из чата родителей "
                      "«Подготовительная к школе группа компенсирующей направленности»",
                      "Группа", dt.date(2025, 11, 25)) for n in range(1, 30)]
    pdf = render_todo_pdf(ORG_LONGEST, dt.date(2025, 11, 25), lines)
    assert_laid_out(pdf)
    text = flat(pdf)
    assert "Сделано" in text and "Сделан о" not in text and "Сделан-" not in text
    assert "Константинопольскую-Преображенскую Василису Александровну" in text.replace("- ", "-")


def test_the_to_do_list_through_the_service_declines_the_parent(services):
    services.organization.save(OrganizationData(kind="school", full_name=ORG_LONGEST))
    old = services.structure.create_unit("5А")
    new = services.structure.create_unit("5Б")
    pupil = services.people.save_student(StudentInput(
        "Королёв Иван Петрович", None, old.id, [GuardianInput(MOTHER, "mother",
                                                              "89160000001")]))
    mother = services.people.get_student(pupil.id).guardians[0].id
    services.invitations.set_joined([pupil.id, mother])
    services.movement.transfer(pupil.id, new.id)
    texts = [t.description for t in services.platform.list_tasks()]
    assert "Перевести Королёва Ивана Петровича из чата «5А» в чат «5Б»" in texts
    assert "Перевести родителя Королёву Фёклу Семёновну из чата родителей «5А» в чат " \
        "родителей «5Б»" in texts


def test_the_person_statement(services, tmp_path):
    services.organization.save(OrganizationData(kind="kindergarten", full_name=ORG_LONGEST))
    unit = services.structure.create_unit("Подготовительная к школе группа «Непоседы»")
    pupil = services.people.save_student(StudentInput(
        CHILD_LONGEST + " Александрович", None, unit.id,
        [GuardianInput(PERSON_LONGEST, "mother", "89160000001"),
         GuardianInput(MOTHER, "other", "89160000002")]))
    path = PersonalDataService(services.db).export(pupil.id, tmp_path / "statement.pdf")
    pdf = path.read_bytes()
    assert_laid_out(pdf)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        words = [w["text"] for page in document.pages for w in page.extract_words()]
    assert "Константинопольская-Преображенская" in words  # the surname on one line


def test_the_report(services, tmp_path):
    services.organization.save(OrganizationData(kind="kindergarten", full_name=ORG_LONGEST,
                                                head_name="Гилязиева Наиля Ахатовна"))
    for name in ("Подготовительная к школе группа компенсирующей направленности «Непоседы»",
                 "Группа «Ромашка»", "Разновозрастная группа кратковременного пребывания"):
        unit = services.structure.create_unit(name)
        services.people.save_student(StudentInput(
            "Иванов Иван Иванович", None, unit.id,
            [GuardianInput(PERSON_LONGEST, "mother", f"8916000{len(name):04d}")]))
    pdf = services.reports.export(tmp_path / "report.pdf").read_bytes()
    assert_laid_out(pdf)
    text = flat(pdf)
    assert "Отчёт о подключении" in text and "Н.А. Гилязиева" in text


def test_the_act_service_sheet_with_the_longest_title(services, tmp_path):
    services.organization.save(OrganizationData(kind="school", full_name=ORG_LONGEST))
    services.people.save_staff(StaffInput(PERSON_LONGEST, POSITION_LONGEST))
    act = services.acknowledgements.add_act(ActInput(
        doc_type="Порядок", title=TITLE_LONGEST, number="236-а", issued_on="17.10.2024",
        audience=AudienceInput("staff")))
    out = services.acknowledgements.save_sheet(act.id, tmp_path / "sheet.pdf")
    assert_laid_out(out.read_bytes())
