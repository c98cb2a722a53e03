"""No workbook turns user text into a formula (CSV/formula injection), and every workbook
prints on A4 fitted to the width: text typed as `=HYPERLINK(…)` (a post, a name, a class,
the organisation's name) goes through every export and comes back as plain text."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from sferum_desk.services.acknowledgements import ActInput, AudienceInput
from sferum_desk.services.personal_data import PersonalDataService
from sferum_desk.services.dto import GuardianInput, OrganizationData, StaffInput, StudentInput

EVIL = '=HYPERLINK("http://x","click")'
OTHERS = ["+7 (916) =1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "=1+1"]


@pytest.fixture
def tainted(services):
    """A school whose texts all look like formulas."""
    services.organization.save(OrganizationData(
        kind="school", full_name=EVIL, short_name=EVIL, head_name=EVIL))
    teacher = services.people.save_staff(StaffInput("Иванова Анна Петровна", EVIL))
    for n, text in enumerate(OTHERS):
        services.people.save_staff(StaffInput(f"Петрова{'абвгде'[n]} Мария", text))
    unit = services.structure.create_unit("5А", teacher.id)
    pupil = services.people.save_student(StudentInput(
        "Сидоров Лев Ильич", dt.date(2014, 1, 1), unit.id,
        [GuardianInput("Сидорова Нина", "mother")]))
    services.invitations.add_link(unit.id, "parents", "https://sferum.ru/?invite=X")
    services.invitations.add_link(unit.id, "parents", "https://sferum.ru/?invite=Y")  # annul X
    act = services.acknowledgements.add_act(ActInput(
        "Положение", EVIL, "=1", "01.09.2026", audience=AudienceInput("staff")))
    services.movement.leave(pupil.id)  # puts a to-do on the list
    return services, act.id, teacher.id


def exports(services, act_id: int, person_id: int, folder):
    """Every workbook the program writes, by name."""
    made = {}

    def make(name, job):
        path = folder / f"{name}.xlsx"
        job(path)
        made[name] = path

    make("students", services.roster.export_students)
    make("staff", services.roster.export_staff)
    make("template_students", lambda p: services.roster.save_template(p, "students"))
    make("template_staff", lambda p: services.roster.save_template(p, "staff"))
    make("act_status", lambda p: services.acknowledgements.export_status(act_id, p))
    make("act_summary", services.acknowledgements.export_summary)
    make("coverage", services.reports.export)
    make("todo", services.platform.export_tasks)
    make("annul", services.invitations.export_links_to_annul)
    make("personal_data", lambda p: PersonalDataService(services.db).export(person_id, p))
    return made


def test_formula_like_text_is_text_in_every_workbook(tainted, tmp_path):
    services, act_id, person_id = tainted
    made = exports(services, act_id, person_id, tmp_path)
    assert len(made) == 10
    for name, path in made.items():
        book = load_workbook(path)
        texts = []
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (name, ws.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        texts.append(cell.value)
        assert any(EVIL in text for text in texts), name  # it went through, as text
    staff_cells = [c.value for row in load_workbook(made["staff"]).active.iter_rows()
                   for c in row]
    for text in OTHERS:
        assert text.strip("\t\r") in {str(v).strip("\t\r") for v in staff_cells if v}


def test_every_workbook_prints_on_a4_fitted_to_width(tainted, tmp_path):
    services, act_id, person_id = tainted
    for name, path in exports(services, act_id, person_id, tmp_path).items():
        for ws in load_workbook(path).worksheets:
            assert str(ws.page_setup.paperSize) == "9", (name, ws.title)  # 9 = A4
            assert ws.page_setup.fitToWidth in (1, "1", None), (name, ws.title)
            assert ws.sheet_properties.pageSetUpPr.fitToPage, (name, ws.title)
