"""Nothing typed is lost: the cursor starts in the first field, Tab walks the fields then the
buttons, Enter never saves an empty card nor reopens «Добавить…», and closing changed input
in any way asks «Сохранить изменения?»."""

from __future__ import annotations

import datetime as dt

from gui_support import click, key_clicks, select_row, show_active, type_into
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sferum_desk.services.dto import GuardianInput, StudentInput
from sferum_desk.ui.acknowledgements.act_dialog import ActDialog
from sferum_desk.ui.person_dialogs import StaffDialog
from sferum_desk.ui.signals import DataSignals
from sferum_desk.ui.tabs import StaffTab, StudentsTab
from sferum_desk.ui.tabs.organization import OrganizationTab


def _tab(qtbot, cls, services):
    tab = cls(services, DataSignals())
    qtbot.addWidget(tab)
    show_active(qtbot, tab)
    return tab


def _open_add(qtbot, tab):
    click(qtbot, tab.add_button)
    dialog = tab.active_dialog
    _wait_active(qtbot, dialog)
    return dialog


def _wait_active(qtbot, dialog):
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


def test_typing_at_once_goes_into_the_first_field_and_tab_walks_fields_then_buttons(
        qtbot, school):
    tab = _tab(qtbot, StaffTab, school)
    dialog = _open_add(qtbot, tab)
    assert QApplication.focusWidget() is dialog.full_name
    key_clicks(QApplication.focusWidget(), "Петрова Ольга")
    assert dialog.full_name.text() == "Петрова Ольга"

    seen = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    names = [w.objectName() for w in seen]
    assert names.index("position") < names.index("role_teacher") < names.index("phone") \
        < names.index("email") < names.index("ok_button") < names.index("cancel_button")
    click(qtbot, dialog.cancel_button)


def test_enter_on_an_empty_card_saves_nothing(qtbot, school):
    tab = _tab(qtbot, StaffTab, school)
    dialog = _open_add(qtbot, tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.form.error_text("full_name")
    assert school.people.list_staff() == []


def test_every_error_of_a_form_is_shown_at_once_and_the_form_does_not_jump(qtbot, school):
    tab = _tab(qtbot, StaffTab, school)
    dialog = _open_add(qtbot, tab)
    type_into(qtbot, dialog.phone, "12")
    type_into(qtbot, dialog.email, "почта")
    ok_top = dialog.ok_button.mapTo(dialog, dialog.ok_button.rect().topLeft()).y()
    email_top = dialog.email.mapTo(dialog, dialog.email.rect().topLeft()).y()
    click(qtbot, dialog.ok_button)
    form = dialog.form
    assert form.error_text("full_name") and form.error_text("phone") and form.error_text("email")
    assert QApplication.focusWidget() is dialog.full_name  # the first refused field
    assert dialog.ok_button.mapTo(dialog, dialog.ok_button.rect().topLeft()).y() == ok_top
    assert dialog.email.mapTo(dialog, dialog.email.rect().topLeft()).y() == email_top


def test_esc_cancel_and_the_close_button_ask_to_save_changes(qtbot, school, boxes):
    tab = _tab(qtbot, StaffTab, school)
    dialog = _open_add(qtbot, tab)
    click(qtbot, dialog.cancel_button)  # nothing typed: closes without a question
    assert boxes.save_questions == [] and tab.active_dialog is None

    dialog = _open_add(qtbot, tab)
    key_clicks(dialog.full_name, "Петрова Ольга")
    boxes.save_answer = "cancel"
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Escape)
    click(qtbot, dialog.cancel_button)
    dialog.close()
    assert boxes.save_questions == ["Сохранить изменения?"] * 3
    assert dialog.isVisible() and dialog.full_name.text() == "Петрова Ольга"

    boxes.save_answer = "save"
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert [s.full_name for s in school.people.list_staff()] == ["Петрова Ольга"]


def test_discarding_closes_without_saving(qtbot, school, boxes):
    tab = _tab(qtbot, StaffTab, school)
    dialog = _open_add(qtbot, tab)
    key_clicks(dialog.full_name, "Петрова Ольга")
    boxes.save_answer = "discard"
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible() and school.people.list_staff() == []


def test_ctrl_q_in_a_changed_card_asks_and_cancel_keeps_the_program(qtbot, school, boxes,
                                                                    open_window):
    window = open_window(school)
    tab = window.tab(StaffTab)
    window.tabs.setCurrentWidget(tab)
    dialog = _open_add(qtbot, tab)
    key_clicks(dialog.full_name, "Петрова Ольга")
    boxes.save_answer = "cancel"
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert boxes.save_questions == ["Сохранить изменения?"]
    assert dialog.isVisible() and window.isVisible()

    boxes.save_answer = "save"
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    assert [s.full_name for s in school.people.list_staff()] == ["Петрова Ольга"]


def test_a_changed_organisation_card_asks_before_another_tab_or_quitting(qtbot, school, boxes,
                                                                         open_window):
    window = open_window(school)
    window.tabs.setCurrentIndex(window.tab_index(OrganizationTab))
    card = window.tab(OrganizationTab)
    type_into(qtbot, card.form.address, "г. Тула, ул. Ленина, 1")
    boxes.save_answer = "cancel"
    window.tabs.setCurrentIndex(window.tab_index(StaffTab))
    assert window.tabs.currentWidget() is card  # «Отмена»: still on the card
    assert card.form.address.text() == "г. Тула, ул. Ленина, 1"
    window.close()
    assert window.isVisible()  # quitting was cancelled too
    assert boxes.save_questions == ["Сохранить изменения?"] * 2

    boxes.save_answer = "save"
    window.tabs.setCurrentIndex(window.tab_index(StaffTab))
    assert window.tabs.currentWidget() is window.tab(StaffTab)
    assert school.organization.get().address == "г. Тула, ул. Ленина, 1"
    window.close()
    assert not window.isVisible() and len(boxes.save_questions) == 3


def test_enter_after_adding_a_guardian_saves_the_card_instead_of_reopening(qtbot,
                                                                           kindergarten):
    tab = _tab(qtbot, StudentsTab, kindergarten)
    dialog = _open_add(qtbot, tab)
    key_clicks(dialog.full_name, "Ёлкин Лев")
    click(qtbot, dialog.guardians.findChild(type(tab.add_button), "add_guardian"))
    parent = dialog.guardians.active_dialog
    _wait_active(qtbot, parent)
    assert QApplication.focusWidget() is parent.full_name
    key_clicks(parent.full_name, "Ёлкина Мария")
    qtbot.keyClick(parent.full_name, Qt.Key.Key_Return)
    assert not parent.isVisible()
    assert dialog.focusWidget() is dialog.guardians.view
    qtbot.keyClick(dialog.guardians.view, Qt.Key.Key_Return)
    assert dialog.guardians.active_dialog is None
    assert not dialog.isVisible()
    saved = kindergarten.people.list_students()
    assert [(p.full_name, [g.full_name for g in p.guardians]) for p in saved] == [
        ("Ёлкин Лев", ["Ёлкина Мария"])]


def test_a_picked_father_stays_a_father(qtbot, kindergarten):
    kindergarten.people.save_student(StudentInput("Ёлкин Лев", guardians=[
        GuardianInput("Ёлкин Пётр Ильич", "father", "+79161234567")]))
    tab = _tab(qtbot, StudentsTab, kindergarten)
    dialog = _open_add(qtbot, tab)
    key_clicks(dialog.full_name, "Ёлкина Ева")
    click(qtbot, dialog.guardians.findChild(type(tab.add_button), "pick_guardian"))
    picker = dialog.guardians.active_dialog
    select_row(qtbot, picker.view, 0)
    assert picker.relation.currentData() == "father"
    click(qtbot, picker.ok_button)
    click(qtbot, dialog.ok_button)
    eva = next(p for p in kindergarten.people.list_students() if p.full_name == "Ёлкина Ева")
    assert [(g.full_name, g.relation) for g in eva.guardians] == [("Ёлкин Пётр Ильич", "father")]


def test_ctrl_z_brings_back_a_removed_guardian(qtbot, kindergarten):
    kindergarten.people.save_student(StudentInput("Ёлкин Лев", guardians=[
        GuardianInput("Ёлкина Мария", "mother"), GuardianInput("Ёлкин Пётр", "father")]))
    tab = _tab(qtbot, StudentsTab, kindergarten)
    select_row(qtbot, tab.view, 0)
    tab.edit_current()
    dialog = tab.active_dialog
    _wait_active(qtbot, dialog)
    editor = dialog.guardians
    select_row(qtbot, editor.view, 0)
    click(qtbot, editor.findChild(type(tab.add_button), "remove_guardian"))
    assert [g.full_name for g in editor.guardians()] == ["Ёлкин Пётр"]
    qtbot.keyClick(editor.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [g.full_name for g in editor.guardians()] == ["Ёлкина Мария", "Ёлкин Пётр"]


def test_an_act_or_order_dated_in_the_future_is_refused(qtbot, school):
    dialog = ActDialog(school, school.organization.vocabulary())
    qtbot.addWidget(dialog)
    dialog.show()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).strftime("%d.%m.%Y")
    type_into(qtbot, dialog.title_edit, "Положение об использовании платформы")
    type_into(qtbot, dialog.issued_on, tomorrow)
    type_into(qtbot, dialog.order_date, tomorrow)
    click(qtbot, dialog.ok_button)
    assert "ещё не наступила" in dialog.form.error_text("issued_on")
    assert "ещё не наступила" in dialog.form.error_text("order_date")
    assert school.acknowledgements.list_acts() == []


def test_an_edit_opened_and_closed_untouched_asks_nothing(qtbot, school, boxes):
    from sferum_desk.services.dto import StaffInput

    row = school.people.save_staff(StaffInput("Петрова Ольга", "Учитель"))
    dialog = StaffDialog(school, school.organization.vocabulary(), row)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and boxes.save_questions == []


def test_name_examples_follow_the_kind(qtbot, services):
    from gui_support import choose

    from sferum_desk.ui.organization_form import OrganizationForm

    form = OrganizationForm()
    qtbot.addWidget(form)
    assert "СОШ" not in form.short_name.placeholderText()  # no kind chosen yet
    choose(qtbot, form.kind, "Детский сад")
    assert form.short_name.placeholderText() == "МБДОУ «Детский сад № 5»"
    assert "общеобразовательное" not in form.full_name.placeholderText()
