"""One slip per family: one sheet per parent with every child's unit and its QR code, named;
«who got a slip» follows per unit."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from cli_support import run as run_cli
from gui_support import click, use_settings_folder
from inv_helpers import TODAY, URL_5A, URL_5B, decode_pages, font_descriptors_embedded, pdf_text
from pypdf import PdfReader

from sferum_desk.domain.errors import UserError
from sferum_desk.services.dto import GuardianInput, StudentInput
from sferum_desk.services.invitations import SlipRequest
from sferum_desk.ui import dialogs, file_dialogs
from sferum_desk.ui.invitations.print_dialog import PrintSlipsDialog

MOTHER = "Многодетная Ольга Петровна"
URL_7V = "https://sferum.ru/?invite=Fam7V0000000000001"


@pytest.fixture
def family(linked):
    """A mother with children in 5А, 5Б and 7В (7В has its link), plus a sister unit."""
    services, units = linked
    units["7В"] = services.structure.create_unit("7В").id
    services.invitations.add_link(units["7В"], "parents", URL_7V, today=TODAY)
    units["8Г"] = services.structure.create_unit("8Г").id  # no link for 8Г
    mother = GuardianInput(MOTHER, "mother", "+79161112233")
    ids = [services.people.save_student(StudentInput(name, None, units[unit], [mother])).id
           for name, unit in (("Многодетный Артём", "5А"), ("Многодетная Алиса", "5Б"),
                              ("Многодетный Лев", "7В"), ("Многодетная Ева", "7В"),
                              ("Многодетный Марк", "8Г"))]
    parent = services.people.get_student(ids[0]).guardians[0].id
    assert all(services.people.get_student(i).guardians[0].id == parent for i in ids)
    return services, units, parent


def page_of(text_pages, name):
    return next(i for i, text in enumerate(text_pages) if name in text)


def test_one_sheet_per_parent_with_every_childs_unit(family, tmp_path):
    services, units, parent = family
    out = tmp_path / "семьи.pdf"
    result = services.invitations.print_slips(
        SlipRequest([units["5А"]], "parents", family=True), out, today=TODAY)
    pdf = out.read_bytes()
    pages = [" ".join((p.extract_text() or "").split())
             for p in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) == result.pages == 5  # four parents of 5А, and the big family
    mine = page_of(pages, MOTHER)
    for words in ("Класс 5А", "Класс 5Б", "Класс 7В", "ребёнок: Многодетный Артём",
                  "дети: Многодетная Ева, Многодетный Лев", "Приглашение в «Сферум» для семьи"):
        assert words in pages[mine], words
    assert "8Г" not in pages[mine] and result.units_without_link == ("8Г",)
    codes = decode_pages(pdf)
    assert sorted(t for t, _ in codes[mine]) == sorted([URL_5A, URL_5B, URL_7V])
    assert all(width >= 35 for _, width in codes[mine])
    assert all([t for t, _ in page] == [URL_5A] for i, page in enumerate(codes) if i != mine)
    assert all(embedded for _, embedded in font_descriptors_embedded(pdf))
    # «Who got a slip» per unit: the mother has a slip in each unit on her sheet.
    for unit in ("5А", "5Б", "7В"):
        people = {p.person_id: p for p in services.invitations.audience_people(
            units[unit], "parents")}
        assert people[parent].slips == 1, unit
    assert {p.person_id: p.slips for p in services.invitations.audience_people(
        units["8Г"], "parents")}[parent] == 0
    assert result.slips == 3 + 4  # her three units, the four other parents of 5А


def test_many_units_continue_on_a_second_sheet(family, tmp_path):
    services, units, parent = family
    services.invitations.add_link(units["8Г"], "parents",
                                  "https://sferum.ru/?invite=Fam8G0000000000002", today=TODAY)
    out = tmp_path / "a.pdf"
    result = services.invitations.print_slips(
        SlipRequest([units["7В"]], "parents", family=True, person_ids=[parent]), out,
        today=TODAY)
    assert result.pages == 2 and result.slips == 4
    text = pdf_text(out.read_bytes())
    assert "(продолжение)" in text
    assert [len(page) for page in decode_pages(out.read_bytes())] == [3, 1]


def test_family_slips_skip_the_joined_and_check_the_request(family, tmp_path):
    services, units, parent = family
    services.invitations.set_joined([parent])
    with pytest.raises(UserError, match="уже вступили"):
        services.invitations.print_slips(SlipRequest([units["7В"]], "parents", family=True,
                                                     person_ids=[parent]),
                                         tmp_path / "x.pdf", today=TODAY)
    with pytest.raises(UserError, match="только для родителей"):
        services.invitations.print_slips(SlipRequest([units["staff"]], "staff", family=True),
                                         tmp_path / "x.pdf", today=TODAY)
    with pytest.raises(UserError, match="нет ссылки"):
        services.invitations.print_slips(SlipRequest([units["8Г"]], "parents", family=True),
                                         tmp_path / "x.pdf", today=TODAY)
    assert not list(tmp_path.glob("*.pdf"))


def test_cli_slips_family(capsys, family, db_path, tmp_path):
    services, _units, _parent = family
    services.db.close()
    out = tmp_path / "семьи.pdf"
    code, stdout, err = run_cli(capsys, "--db", db_path, "slips", "--unit", "5Б",
                                "--audience", "parents", "--named", "--family", "--out", out)
    assert (code, err) == (0, "")
    assert "Нет действующей ссылки, не попали на листы: 8Г." in stdout
    assert MOTHER in pdf_text(out.read_bytes())


def test_print_dialog_offers_the_family_slip(qtbot, qapp, family, tmp_path, monkeypatch):
    from sferum_desk.ui.app import make_application

    make_application()
    use_settings_folder(tmp_path / "settings")
    errors, opened = [], []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text: errors.append(text))
    monkeypatch.setattr(file_dialogs, "open_path", lambda path: opened.append(Path(path)))
    monkeypatch.setattr(file_dialogs, "ask_save_path",
                        lambda _p, _k, _t, suggested, _f: tmp_path / suggested)
    services, units, _parent = family
    dialog = PrintSlipsDialog(services, [units["5Б"]], "parents")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.family.isEnabled()
    dialog.family.setChecked(True)
    assert not dialog.layout_choice.isEnabled()
    assert dialog.request().family
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: bool(opened) or bool(errors), timeout=20000)
    assert not errors, errors
    assert MOTHER in pdf_text(opened[-1].read_bytes())
    staff = PrintSlipsDialog(services, [units["staff"]], "staff")
    qtbot.addWidget(staff)
    assert not staff.family.isEnabled() and not staff.request().family
    assert staff.audience.currentData() == "staff"  # the option is for parents only
