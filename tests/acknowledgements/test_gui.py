"""The «Ознакомление» tab, clicked and typed like a secretary would."""

from __future__ import annotations

import datetime as dt

import pypdf
import pytest
from ack_helpers import STAFF, expected_order
from gui_support import click, show_tab, type_into, use_settings_folder
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from sferum_desk.ui import dialogs, file_dialogs
from sferum_desk.ui.acknowledgements import print_dialog as acknowledgement_print
from sferum_desk.ui.acknowledgements.act_dialog import ActDialog
from sferum_desk.ui.acknowledgements.print_dialog import PrintDialog
from sferum_desk.ui.signals import DataSignals
from sferum_desk.ui.acknowledgements.tab import AcknowledgementsTab

EXTRA_STAFF = [("Жукова Алла Игоревна", "Учитель"), ("Щукина Вера Андреевна", "Повар")]


@pytest.fixture
def recorded(monkeypatch, tmp_path):
    """No message box, file dialog or outside program opens: each is recorded instead."""
    use_settings_folder(tmp_path / "settings")  # the last folders saved go there
    record = {"errors": [], "infos": [], "opened": [], "saves": [], "confirm": True}
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text: record["errors"].append(text))
    monkeypatch.setattr(dialogs, "show_info", lambda _p, text: record["infos"].append(text))
    monkeypatch.setattr(dialogs, "confirm", lambda _p, text, yes="": record["confirm"])

    def ask_save_path(_parent, _kind, _title, suggested, _filter):
        path = tmp_path / f"{len(record['saves'])}-{suggested}"
        record["saves"].append(path)
        return path

    monkeypatch.setattr(file_dialogs, "ask_save_path", ask_save_path)
    monkeypatch.setattr(file_dialogs, "open_path", record["opened"].append)
    return record


@pytest.fixture
def tab(staffed, qtbot, recorded):
    """Ten staff (eight from the seeds' kind of list, two more): the tab, shown."""
    for name, position in EXTRA_STAFF:
        from sferum_desk.services.dto import StaffInput
        staffed.people.save_staff(StaffInput(name, position))
    widget = AcknowledgementsTab(staffed, DataSignals())
    return show_tab(qtbot, widget)


def names_in(path) -> list[str]:
    everyone = {n for n, _ in STAFF + EXTRA_STAFF}
    lines = [line.strip() for page in pypdf.PdfReader(str(path)).pages
             for line in page.extract_text().splitlines()]
    return [line for line in lines if line in everyone]


def register_act(qtbot, tab) -> None:
    click(qtbot, tab.add_button)
    dialog = tab.active_dialog
    assert isinstance(dialog, ActDialog)
    type_into(qtbot, dialog.title_edit, "об использовании платформы «Сферум»")
    type_into(qtbot, dialog.number, "236-а")
    type_into(qtbot, dialog.issued_on, "17.10.2024")
    assert dialog.everyone.isChecked() and dialog.audience_value() == "staff"
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: tab.active_dialog is None)


def print_list(qtbot, tab, pending_only: bool):
    click(qtbot, tab.panel.print_button)
    dialog = tab.active_dialog
    assert isinstance(dialog, PrintDialog)
    assert dialog.pending_only.isChecked() == pending_only  # the sensible default
    with qtbot.waitSignal(tab.sheet_saved, timeout=10000) as saved:
        click(qtbot, dialog.ok_button)
    return saved.args[0]


def tick_row(qtbot, view, row: int) -> None:
    """Tick a person the keyboard way: select the row, press Space."""
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(view, Qt.Key.Key_Space)


def test_register_print_mark_half_print_pending_names_the_other_half(qtbot, tab, recorded):
    register_act(qtbot, tab)
    assert tab.proxy.rowCount() == 1
    assert tab.panel.act is not None and tab.panel.act.total == 10
    everyone = expected_order(n for n, _ in STAFF + EXTRA_STAFF)
    view = tab.panel.view
    assert [view.model().index(r, 0).data() for r in range(10)] == everyone

    first = print_list(qtbot, tab, pending_only=False)
    assert names_in(first) == everyone
    assert recorded["opened"] == [first]

    for row in range(0, 10, 2):  # every other person signed the paper
        tick_row(qtbot, view, row)
    assert len(tab.panel.model.ticked) == 5
    click(qtbot, tab.panel.mark_button)
    assert recorded["errors"] == []
    act = tab.panel.act
    assert (act.signed, act.pending) == (5, 5)
    assert tab.model.row_at(0).signed == 5  # the register's count followed
    signed = set(everyone[0::2])

    second = print_list(qtbot, tab, pending_only=True)
    assert names_in(second) == [n for n in everyone if n not in signed]
    assert names_in(second) == everyone[1::2]


def test_all_except_ticked_and_undo(qtbot, tab, recorded):
    register_act(qtbot, tab)
    view = tab.panel.view
    tick_row(qtbot, view, 0)
    tick_row(qtbot, view, 3)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    tab.panel.sign_date.setDate(yesterday)
    click(qtbot, tab.panel.all_except_button)
    rows = {r.full_name: r.signed_on for r in tab.panel.model.rows()}
    pending = [name for name, day in rows.items() if day is None]
    assert len(pending) == 2 and set(rows.values()) == {None, yesterday}
    assert tab.panel.undo_button.isEnabled()
    click(qtbot, tab.panel.undo_button)
    assert all(r.signed_on is None for r in tab.panel.model.rows())
    assert not tab.panel.undo_button.isEnabled()


def test_filters_and_new_edition(qtbot, tab, recorded):
    register_act(qtbot, tab)
    tick_row(qtbot, tab.panel.view, 1)
    click(qtbot, tab.panel.mark_button)
    tab.panel.show_filter.setCurrentIndex(tab.panel.show_filter.findData("signed"))
    assert tab.panel.proxy.rowCount() == 1
    click(qtbot, tab.edition_button)
    dialog = tab.active_dialog
    assert dialog.title_edit.text() == "об использовании платформы «Сферум»"
    type_into(qtbot, dialog.number, "301")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: tab.active_dialog is None)
    assert tab.proxy.rowCount() == 1  # only the current edition is shown
    assert tab.panel.act.number == "301" and tab.panel.act.signed == 0
    tab.act_filter.setCurrentIndex(tab.act_filter.findData("history"))
    assert tab.proxy.rowCount() == 2


def test_refusal_stays_in_the_dialog(qtbot, tab, recorded):
    click(qtbot, tab.add_button)
    dialog = tab.active_dialog
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and "название" in dialog.form.error_text("title")
    click(qtbot, dialog.cancel_button)


def test_registration_papers_from_the_tab(qtbot, tab, recorded, staffed):
    card = staffed.organization.get()
    card.head_name, card.admin_name = "Трофименко Лидия Андреевна", "Хенкель Лариса Александровна"
    card.admin_phone, card.admin_email = "+79165554433", "henkel@school.ru"
    staffed.organization.save(card)
    tab.email_action.trigger()
    assert recorded["errors"] == []
    eml = recorded["opened"][-1]
    assert eml.suffix == ".eml" and b"X-Unsent: 1" in eml.read_bytes()
    assert tab.registration_status.currentData() == "prepared"
    tab.order_action.trigger()
    assert recorded["opened"][-1].read_bytes().startswith(b"%PDF")
    sent = tab.registration_status.findData("sent")
    tab.registration_status.activated.emit(sent)
    assert staffed.registration.status().status == "sent"


def test_missing_card_fields_are_explained(qtbot, tab, recorded):
    tab.letter_action.trigger()
    assert recorded["errors"] and "ФИО руководителя" in recorded["errors"][0]
    assert not any(p.exists() for p in recorded["saves"])


def test_pending_people_dialog(qtbot, tab, recorded):
    register_act(qtbot, tab)
    click(qtbot, tab.pending_people_button)
    dialog = tab.active_dialog
    assert dialog.proxy.rowCount() == 10
    click(qtbot, dialog.findChild(QPushButton))


def test_tab_is_in_the_main_window(qtbot, school, recorded):
    from sferum_desk.ui.main_window import MainWindow

    window = MainWindow(school)
    qtbot.addWidget(window)
    assert window.tab(AcknowledgementsTab) is not None
    index = window.tab_index(AcknowledgementsTab)
    assert window.tabs.tabText(index) == "Ознакомление"


def test_mark_by_names_file_and_delete(qtbot, tab, recorded, monkeypatch, tmp_path):
    register_act(qtbot, tab)
    names = tmp_path / "signed.txt"
    names.write_text("Жукова Алла Игоревна\nЩукина В.А.\n", encoding="utf-8")
    monkeypatch.setattr(file_dialogs, "ask_open_path", lambda *_a: names)
    click(qtbot, tab.panel.names_button)
    assert recorded["infos"] == ["Отмечено ознакомленных: 2."]
    assert tab.panel.act.signed == 2
    tab.select_id(tab.panel.act.id)
    click(qtbot, tab.delete_button)
    assert tab.proxy.rowCount() == 0 and tab.panel.act is None


def test_a_background_job_can_be_cancelled(qtbot):
    steps = []

    def work(progress):
        for page in range(1, 1000):
            progress(page, 999)
            steps.append(page)
            if page == 3:
                job.cancel()
        return "done"

    job = acknowledgement_print.BackgroundJob(work)
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        job.start()
    job.wait()
    assert steps == [1, 2, 3]


def test_edit_dialog_shows_the_chosen_units(qtbot, with_classes, recorded):
    from sferum_desk.services.acknowledgements import ActInput, AudienceInput

    svc, a, b = with_classes
    act = svc.acknowledgements.add_act(ActInput(
        "Порядок", "о чатах с родителями", audience=AudienceInput("parents", False, [b.id])))
    tab = AcknowledgementsTab(svc, DataSignals())
    qtbot.addWidget(tab)
    tab.show()
    tab.select_id(act.id)
    click(qtbot, tab.edit_button)
    dialog = tab.active_dialog
    assert dialog.audience_value() == "parents" and dialog.chosen.isChecked()
    assert dialog.checked_choices() == [b.id]
    dialog.check_choices({a.id, b.id})
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: tab.active_dialog is None)
    assert tab.panel.act.audience_text == "Родители: 1А, 2Б" and tab.panel.act.total == 3


def test_open_the_acts_file(qtbot, staffed, recorded, tmp_path):
    from ack_helpers import staff_act

    document = tmp_path / "Положение.pdf"
    document.write_bytes(b"%PDF-1.4\n")
    act = staffed.acknowledgements.add_act(staff_act(attachment_path=str(document)))
    tab = AcknowledgementsTab(staffed, DataSignals())
    qtbot.addWidget(tab)
    tab.show()
    tab.select_id(act.id)
    assert tab.panel.open_file_button.isVisible()
    click(qtbot, tab.panel.open_file_button)
    assert recorded["opened"] == [document]


@pytest.mark.parametrize(("typed", "saved"), [
    ("приказ", "приказ.pdf"), ("приказ.pdf", "приказ.pdf"), ("приказ.v2", "приказ.v2")])
def test_a_name_typed_without_extension_gets_the_filters(qtbot, monkeypatch, tmp_path,
                                                          typed, saved):
    # The services refuse a file name without the right extension (review finding): the
    # save dialog adds the filter's one when the user typed none.
    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName",
                        lambda *_args: (str(tmp_path / typed), file_dialogs.PDF_FILTER))
    path = file_dialogs.ask_save_path(None, file_dialogs.SHEET, "Сохранить", "x.pdf",
                                      file_dialogs.PDF_FILTER)
    assert path == tmp_path / saved


def test_the_sheet_is_named_with_the_act_and_the_date_and_keeps_its_own_folder(
        qtbot, tab, recorded, tmp_path):
    from PySide6.QtCore import QSettings

    register_act(qtbot, tab)
    sheet = print_list(qtbot, tab, pending_only=False)
    assert sheet.name == (f"0-Лист ознакомления {tab.panel.act.doc_type} № 236-а "
                          f"{dt.date.today():%Y-%m-%d}.pdf")
    assert QSettings().value(file_dialogs.settings_key(file_dialogs.SHEET)) == str(tmp_path)
    assert file_dialogs.last_folder(file_dialogs.SHEET) == tmp_path
    assert file_dialogs.last_folder(file_dialogs.SLIPS) == file_dialogs.documents_folder()
