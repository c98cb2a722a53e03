"""The «Приглашения» tab as a user works it: paste links, print a class's slips, mark some
joined, re-print for the rest, annul the link of a class that has fully joined."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import click, key_clicks, use_settings_folder
from inv_helpers import CLASS_5A, CLASS_5B, URL_5A, URL_5B, decode_pages, pdf_text
from PySide6.QtCore import QSettings, Qt

from sferum_desk.ui import dialogs, file_dialogs
from sferum_desk.ui.invitations import print_dialog as invitations_print
from sferum_desk.ui.invitations.links import PasteLinksDialog
from sferum_desk.ui.invitations.print_dialog import PrintSlipsDialog
from sferum_desk.ui.signals import DataSignals
from sferum_desk.ui.invitations.tab import InvitationsTab, PeopleModel

PARENTS_5A = sorted((p for _, ps in CLASS_5A for p in ps), key=lambda n: n.replace("ё", "е"))


@pytest.fixture(autouse=True)
def gui(qapp, tmp_path, monkeypatch):
    """Throw-away QSettings; message boxes, file dialogs and the PDF viewer recorded."""
    from sferum_desk.ui.app import make_application

    make_application()
    use_settings_folder(tmp_path / "settings")
    record = {"errors": [], "questions": [], "opened": [], "save_as": []}
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text: record["errors"].append(text))
    monkeypatch.setattr(dialogs, "show_info", lambda _p, text: None)

    def confirm(_parent, text, yes=""):
        record["questions"].append(text)
        return True
    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(file_dialogs, "open_path",
                        lambda path: record["opened"].append(Path(path)))

    def save_as(_parent, _kind, _title, suggested, _filter):
        path = tmp_path / f"out{len(record['save_as'])}-{suggested}"
        record["save_as"].append(path)
        return path
    monkeypatch.setattr(file_dialogs, "ask_save_path", save_as)
    return record


@pytest.fixture
def tab(qtbot, roster):
    services, _ = roster
    widget = InvitationsTab(services, DataSignals())
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


def select_group(qtbot, tab, unit: str) -> None:
    view = tab.coverage.view
    for row in range(tab.coverage.proxy.rowCount()):
        if tab.coverage.proxy.row_at(row).unit_name == unit:
            rect = view.visualRect(tab.coverage.proxy.index(row, 0))
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            break
    assert tab.current_group().unit_name == unit


def people_names(tab) -> list[str]:
    return [tab.people_model.people[i].full_name for i in range(tab.people_model.rowCount())]


def click_check(qtbot, tab, row: int, column: int) -> None:
    """Click the check box drawn at the left of a cell."""
    view = tab.people_view
    rect = view.visualRect(tab.people_proxy.index(row, column))
    pos = rect.topLeft() + (rect.bottomLeft() - rect.topLeft()) / 2
    pos.setX(rect.left() + 11)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def print_from_dialog(qtbot, tab, gui, layout_text: str = "4 карточки") -> bytes:
    dialog = tab.active_dialog
    assert isinstance(dialog, PrintSlipsDialog)
    dialog.layout_choice.setCurrentIndex(dialog.layout_choice.findText(
        layout_text, Qt.MatchFlag.MatchStartsWith))
    opened = len(gui["opened"])
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: len(gui["opened"]) > opened or bool(gui["errors"]),
                    timeout=20000)
    assert not gui["errors"], gui["errors"]
    return gui["opened"][-1].read_bytes()


def test_paste_print_join_reprint_and_annul(qtbot, tab, gui, roster):
    services, _ = roster
    # 1. Paste the platform's links for both classes.
    click(qtbot, tab.findChild(object, "paste_links_button"))
    paste = tab.active_dialog
    assert isinstance(paste, PasteLinksDialog)
    paste.text.setFocus()
    paste.text.insertPlainText(f"5А родители {URL_5A}\n5Б родители {URL_5B}\n7Г {URL_5B}x\n")
    click(qtbot, paste.check_button)
    assert [(p.unit_name, p.ok) for p in paste.preview] == [("5А", True), ("5Б", True),
                                                            ("", False)]
    assert paste.save_button.text() == "Сохранить 2"
    click(qtbot, paste.save_button)
    qtbot.waitUntil(lambda: tab.active_dialog is None)
    assert [r.status for r in services.invitations.list_links()] == ["active", "active"]

    # 2. Print named slips for 5А from the people list.
    select_group(qtbot, tab, "5А")
    assert people_names(tab) == PARENTS_5A
    click(qtbot, tab.findChild(object, "print_button"))
    pdf = print_from_dialog(qtbot, tab, gui)
    text = pdf_text(pdf)
    assert all(name in text for name in PARENTS_5A)
    assert [t for page in decode_pages(pdf) for t, _ in page] == [URL_5A] * 4
    assert gui["save_as"][-1].name.endswith(".pdf")
    assert QSettings().value(invitations_print.LAST_FOLDER_KEY) == str(gui["save_as"][-1].parent)
    statuses = {p.full_name: p.status for p in tab.people_model.people}
    assert set(statuses.values()) == {"напечатана"}

    # 3. Two parents joined: tick them and press «Вступили»; a third slip handed out.
    click_check(qtbot, tab, 0, PeopleModel.TICK)
    click_check(qtbot, tab, 1, PeopleModel.TICK)
    assert len(tab.people_model.ticked) == 2
    click(qtbot, tab.findChild(object, "mark_joined_button"))
    joined = {p.full_name for p in tab.people_model.people if p.joined_on}
    assert joined == set(PARENTS_5A[:2])
    click_check(qtbot, tab, 2, PeopleModel.HANDED)
    assert tab.people_model.people[2].status == "выдана, не вступил"
    [cover] = [c for c in tab.coverage.model.rows() if c.unit_name == "5А"]
    assert (cover.joined, cover.handed_out, cover.percent) == (2, 1, 50.0)

    # 4. Re-print: only the two who have not joined.
    click(qtbot, tab.findChild(object, "reprint_button"))
    pdf = print_from_dialog(qtbot, tab, gui, "8 карточек")
    text = pdf_text(pdf)
    assert all(name in text for name in PARENTS_5A[2:])
    assert not any(name in text for name in PARENTS_5A[:2])
    assert len([t for page in decode_pages(pdf) for t, _ in page]) == 2

    # 5. All of 5Б joined: its link shows up to annul; annul in one step.
    select_group(qtbot, tab, "5Б")
    click(qtbot, tab.findChild(object, "all_joined_button"))
    assert "Отметить, что все в «5Б»" in gui["questions"][-1]
    assert len(CLASS_5B) == tab.current_group().joined
    tab.pages.setCurrentIndex(2)
    assert [c.link.unit_name for c in tab.annul.model.rows()] == ["5Б"]
    click(qtbot, tab.annul_all_button)
    assert tab.annul.model.rowCount() == 0
    statuses = {r.unit_name: r.status for r in services.invitations.list_links()}
    assert statuses == {"5А": "active", "5Б": "annulled"}

    # 6. The annulled link can no longer be printed from the GUI.
    tab.pages.setCurrentIndex(0)
    select_group(qtbot, tab, "5Б")
    click(qtbot, tab.findChild(object, "print_button"))
    dialog = tab.active_dialog
    dialog.blank.setChecked(True)
    before = set(Path(gui["save_as"][0]).parent.glob("*.pdf"))
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: bool(gui["errors"]), timeout=20000)
    assert "аннулирована" in gui["errors"][-1]
    assert set(Path(gui["save_as"][0]).parent.glob("*.pdf")) == before


def test_joined_names_dialog_review_and_save(qtbot, tab, gui):
    select_group(qtbot, tab, "5А")
    click(qtbot, tab.findChild(object, "names_button"))
    dialog = tab.active_dialog
    dialog.text.insertPlainText("Иванова Анна\tРодитель\nКмм Ольга\nСидоров Пётр\n")
    click(qtbot, dialog.match_button)
    assert [line.match.status for line in dialog.model.lines] == ["matched", "ambiguous",
                                                                   "unmatched"]
    assert dialog.save_button.text() == "Отметить вступившими: 1"
    kim = dialog.model.lines[1].match.candidates[0]
    dialog.choose_row(1, kim.person_id)  # «Кто это»: yes, that is Ким Ольга Борисовна
    assert dialog.save_button.text() == "Отметить вступившими: 2"
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.active_dialog is None)
    joined = sorted(p.full_name for p in tab.people_model.people if p.joined_on)
    assert joined == ["Иванова Анна Петровна", "Ким Ольга Борисовна"]


def test_add_link_with_an_unknown_domain_asks_first(qtbot, tab, gui, roster):
    services, _ = roster
    click(qtbot, tab.findChild(object, "add_link_button"))
    dialog = tab.active_dialog
    dialog.url.setText("https://school.example/join/1")
    click(qtbot, dialog.findChild(object, "save_button"))
    assert "нет в списке доменов" in gui["questions"][-1]
    assert [r.url for r in services.invitations.list_links()] == ["https://school.example/join/1"]


def test_print_job_runs_off_the_gui_thread_and_cancels_cleanly(qtbot, linked, tmp_path):
    from sferum_desk.services.invitations import SlipRequest
    from sferum_desk.ui.invitations.print_dialog import SlipsJob

    services, units = linked
    out = tmp_path / "x.pdf"
    job = SlipsJob(services, SlipRequest([units["5А"]], "parents", per_page=1), out)
    job.cancel()  # as «Отмена» in the progress dialog does
    with qtbot.waitSignal(job.finished, timeout=20000):
        job.start()
    assert job.was_cancelled and job.result is None and not out.exists()
    assert services.invitations.list_batches() == []
    job = SlipsJob(services, SlipRequest([units["5А"]], "parents", per_page=1), out)
    pages = []
    job.progressed.connect(lambda done, total: pages.append((done, total)))
    with qtbot.waitSignal(job.finished, timeout=20000):
        job.start()
    assert job.result.slips == 4 and out.exists()
    qtbot.waitUntil(lambda: (4, 4) in pages)


def test_all_slips_of_a_unit_handed_out_with_one_click(qtbot, tab, gui, roster):
    services, _ = roster
    services.invitations.add_link(services.invitations.unit_id("5А"), "parents", URL_5A)
    tab.refresh()
    select_group(qtbot, tab, "5А")
    click(qtbot, tab.findChild(object, "print_button"))
    print_from_dialog(qtbot, tab, gui)
    assert {p.status for p in tab.people_model.people} == {"напечатана"}
    click(qtbot, tab.findChild(object, "all_handed_button"))
    assert not gui["errors"], gui["errors"]
    assert {p.status for p in tab.people_model.people} == {"выдана, не вступил"}
    [cover] = [c for c in tab.coverage.model.rows() if c.unit_name == "5А"]
    assert cover.handed_out == cover.printed == len(PARENTS_5A)


def test_typing_in_the_people_search_narrows_the_unit_list(qtbot, tab):
    """The small lists' word filter (ui/word_filter.py): every typed word, ё as е, any case."""
    select_group(qtbot, tab, "5А")
    everyone = tab.people_proxy.rowCount()
    key_clicks(tab.people_search, "СОЛОВЬЕВА елена")
    shown = [tab.people_model.people[tab.people_proxy.mapToSource(
        tab.people_proxy.index(row, 0)).row()].full_name
        for row in range(tab.people_proxy.rowCount())]
    assert shown == ["Соловьёва Елена Викторовна"]
    tab.people_search.clear()
    assert tab.people_proxy.rowCount() == everyone > 1
