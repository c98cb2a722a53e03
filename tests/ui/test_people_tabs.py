"""Staff, pupils and guardians: added, edited, searched, sorted and deleted in the widgets."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from gui_support import (
    choose, click, click_header, column_texts, double_click_row, key_clicks, select_row,
    show_active, tick, type_into,
)

from sferum_desk.domain.enums import PlatformRole
from sferum_desk.services.dto import GuardianInput, StaffInput, StudentInput
from sferum_desk.ui.signals import DataSignals
from sferum_desk.ui.tabs import GuardiansTab, StaffTab, StudentsTab


def _tab(qtbot, cls, services, signals=None):
    tab = cls(services, signals or DataSignals())
    qtbot.addWidget(tab)
    show_active(qtbot, tab)
    return tab


# ---- staff ------------------------------------------------------------------------------
def test_a_staff_member_is_added_by_typing(qtbot, school):
    tab = _tab(qtbot, StaffTab, school)
    click(qtbot, tab.add_button)
    dialog = tab.active_dialog
    type_into(qtbot, dialog.full_name, "петрова  ольга ивановна")
    type_into(qtbot, dialog.position, "Учитель математики")
    assert dialog.roles.boxes["teacher"].text() == "Учитель"  # the kind's word
    tick(qtbot, dialog.roles.boxes[PlatformRole.TEACHER.value])
    tick(qtbot, dialog.roles.boxes[PlatformRole.CURATOR.value])
    type_into(qtbot, dialog.phone, "8 (916) 123 45 67")
    type_into(qtbot, dialog.email, "Petrova@School.RU")
    click(qtbot, dialog.ok_button)

    assert tab.active_dialog is None
    saved = school.people.list_staff()[0]
    assert (saved.full_name, saved.phone, saved.email) == (
        "Петрова Ольга Ивановна", "+79161234567", "petrova@school.ru")
    assert saved.platform_roles == ("teacher", "curator")
    assert column_texts(tab.view, 3) == ["+7 916 123-45-67"]  # shown formatted
    assert column_texts(tab.view, 2) == ["Учитель, Классный руководитель"]
    assert tab.count_label.text() == "Всего: 1"


def test_a_bad_email_is_shown_next_to_the_email_field(qtbot, school):
    tab = _tab(qtbot, StaffTab, school)
    click(qtbot, tab.add_button)
    dialog = tab.active_dialog
    type_into(qtbot, dialog.full_name, "Петрова Ольга")
    type_into(qtbot, dialog.email, "petrova.school.ru")
    click(qtbot, dialog.ok_button)
    assert "не похоже на адрес электронной почты" in dialog.form.error_text("email")
    assert dialog.form.error_text("full_name") == ""
    assert school.people.list_staff() == []


def test_double_click_edits_and_enter_too(qtbot, school):
    school.people.save_staff(StaffInput("Петрова Ольга Ивановна", "Учитель"))
    tab = _tab(qtbot, StaffTab, school)
    double_click_row(qtbot, tab.view, 0)
    dialog = tab.active_dialog
    assert dialog.full_name.text() == "Петрова Ольга Ивановна"
    type_into(qtbot, dialog.position, "Заместитель директора")
    click(qtbot, dialog.ok_button)
    assert column_texts(tab.view, 1) == ["Заместитель директора"]

    select_row(qtbot, tab.view, 0)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert tab.active_dialog.position.text() == "Заместитель директора"
    click(qtbot, tab.active_dialog.cancel_button)


def test_deleting_a_person_asks_first(qtbot, school, boxes):
    school.people.save_staff(StaffInput("Петрова Ольга Ивановна", "Учитель"))
    tab = _tab(qtbot, StaffTab, school)
    select_row(qtbot, tab.view, 0)
    boxes.answer = False
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert boxes.questions[0].startswith(
        "Удалить все данные о человеке «Петрова Ольга Ивановна»?")
    assert len(school.people.list_staff()) == 1

    boxes.answer = True
    select_row(qtbot, tab.view, 0)
    click(qtbot, tab.delete_button)
    assert school.people.list_staff() == [] and tab.model.rowCount() == 0


# ---- sorting and search -------------------------------------------------------------------------
def test_names_sort_in_the_russian_alphabet_with_yo(qtbot, school):
    for name in ("Жуков Иван", "Ёлкин Пётр", "Елисеев Олег", "Ефимов Лев", "Абрамов Ян"):
        school.people.save_staff(StaffInput(name))
    tab = _tab(qtbot, StaffTab, school)
    click_header(qtbot, tab.view, 0)
    order = column_texts(tab.view)
    assert order == ["Абрамов Ян", "Елисеев Олег", "Ёлкин Пётр", "Ефимов Лев", "Жуков Иван"]
    click_header(qtbot, tab.view, 0)  # a second click sorts backwards
    assert column_texts(tab.view) == order[::-1]


def test_dates_sort_as_dates(qtbot, kindergarten):
    for name, born in (("Аксенов Лев", "15.01.2019"), ("Белов Ян", "01.02.2020"),
                       ("Волков Ян", "03.12.2019"), ("Громов Ян", None)):
        kindergarten.people.save_student(StudentInput(name, birth_date=born))
    tab = _tab(qtbot, StudentsTab, kindergarten)
    click_header(qtbot, tab.view, 1)
    assert column_texts(tab.view, 1) == ["", "15.01.2019", "03.12.2019", "01.02.2020"]


def test_search_filters_as_you_type(qtbot, kindergarten):
    unit = kindergarten.structure.save_unit("Солнышко").id
    kindergarten.people.save_student(StudentInput(
        "Ёлкин Лев", unit_id=unit, guardians=[GuardianInput("Ёлкина Мария", "mother",
                                                            "+79161234567")]))
    kindergarten.people.save_student(StudentInput("Жуков Иван", unit_id=unit))
    kindergarten.people.save_student(StudentInput("Елисеев Олег"))
    tab = _tab(qtbot, StudentsTab, kindergarten)
    qtbot.keyClick(tab.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.focusWidget() is tab.search  # Ctrl+F goes to the search box

    key_clicks(tab.search, "елк")  # е finds ё
    assert column_texts(tab.view) == ["Ёлкин Лев"]
    assert tab.count_label.text() == "Найдено: 1 из 3"
    type_into(qtbot, tab.search, "89161234567")  # a parent's phone as typed locally
    assert column_texts(tab.view) == ["Ёлкин Лев"]
    type_into(qtbot, tab.search, "солн иван")  # every word must match: unit and name
    assert column_texts(tab.view) == ["Жуков Иван"]
    tab.search.clear()
    assert tab.proxy.rowCount() == 3


# ---- pupils and guardians ----------------------------------------------------------------
def test_a_pupil_is_added_with_a_new_guardian(qtbot, kindergarten):
    kindergarten.structure.save_unit("Ромашка")
    tab = _tab(qtbot, StudentsTab, kindergarten)
    assert tab.add_button.toolTip() == "Добавить: воспитанник (Ins)"
    click(qtbot, tab.add_button)
    dialog = tab.active_dialog
    assert dialog.form.labels["unit"].text() == "Группа:"
    type_into(qtbot, dialog.full_name, "Ёлкин Лев Петрович")
    type_into(qtbot, dialog.birth_date, "5.3.2021")
    choose(qtbot, dialog.unit, "Ромашка")

    click(qtbot, dialog.guardians.findChild(type(tab.add_button), "add_guardian"))
    parent = dialog.guardians.active_dialog
    type_into(qtbot, parent.full_name, "Ёлкина Мария Ивановна")
    choose(qtbot, parent.relation, "Мать")
    type_into(qtbot, parent.phone, "916 123-45-67")
    click(qtbot, parent.ok_button)
    assert column_texts(dialog.guardians.view, 2) == ["+7 916 123-45-67"]
    click(qtbot, dialog.ok_button)

    assert tab.active_dialog is None
    pupil = kindergarten.people.list_students()[0]
    assert (pupil.full_name, pupil.birth_date, pupil.unit) == (
        "Ёлкин Лев Петрович", dt.date(2021, 3, 5), "Ромашка")
    assert [(g.full_name, g.relation, g.phone) for g in pupil.guardians] == [
        ("Ёлкина Мария Ивановна", "mother", "+79161234567")]
    assert column_texts(tab.view, 3) == ["Ёлкина М. И. (мать)"]


def test_a_bad_guardian_phone_is_shown_in_the_guardian_dialog(qtbot, kindergarten):
    tab = _tab(qtbot, StudentsTab, kindergarten)
    click(qtbot, tab.add_button)
    editor = tab.active_dialog.guardians
    click(qtbot, editor.findChild(type(tab.add_button), "add_guardian"))
    parent = editor.active_dialog
    type_into(qtbot, parent.full_name, "Ёлкина Мария")
    type_into(qtbot, parent.phone, "123")
    click(qtbot, parent.ok_button)
    assert parent.isVisible() and parent.form.error_text("guardian_phone")
    assert editor.model.rowCount() == 0


def test_a_bad_birth_date_is_shown_next_to_it(qtbot, kindergarten):
    tab = _tab(qtbot, StudentsTab, kindergarten)
    click(qtbot, tab.add_button)
    dialog = tab.active_dialog
    type_into(qtbot, dialog.full_name, "Ёлкин Лев")
    type_into(qtbot, dialog.birth_date, "31.02.2021")
    click(qtbot, dialog.ok_button)
    assert dialog.form.error_text("birth_date") == ("Даты «31.02.2021» не бывает: проверьте "
                                                    "день и месяц.")
    assert kindergarten.people.list_students() == []


def test_one_guardian_is_chosen_for_a_second_child(qtbot, kindergarten):
    kindergarten.people.save_student(StudentInput("Ёлкин Лев", guardians=[
        GuardianInput("Ёлкина Мария Ивановна", "mother", "+79161234567")]))
    kindergarten.people.save_student(StudentInput("Жуков Иван", guardians=[
        GuardianInput("Жукова Анна", "mother")]))
    signals = DataSignals()
    tab = _tab(qtbot, StudentsTab, kindergarten, signals)
    click(qtbot, tab.add_button)
    dialog = tab.active_dialog
    type_into(qtbot, dialog.full_name, "Ёлкина Ева")
    click(qtbot, dialog.guardians.findChild(type(tab.add_button), "pick_guardian"))
    picker = dialog.guardians.active_dialog
    key_clicks(picker.search, "916123")
    assert picker.proxy.rowCount() == 1
    select_row(qtbot, picker.view, 0)
    click(qtbot, picker.ok_button)
    click(qtbot, dialog.ok_button)

    guardians = GuardiansTab(kindergarten, signals)
    qtbot.addWidget(guardians)
    mother = next(g for g in kindergarten.people.list_guardians() if g.phone)
    assert [c.full_name for c in mother.children] == ["Ёлкин Лев", "Ёлкина Ева"]
    row = column_texts(guardians.view).index("Ёлкина Мария Ивановна")
    assert column_texts(guardians.view, 4)[row] == "Ёлкин Лев; Ёлкина Ева"


def test_a_guardian_is_edited_and_deleted_from_the_parents_tab(qtbot, kindergarten, boxes):
    kindergarten.people.save_student(StudentInput("Ёлкин Лев", guardians=[
        GuardianInput("Ёлкина Мария", "mother", "+79161234567")]))
    tab = _tab(qtbot, GuardiansTab, kindergarten)
    assert not tab.add_button.isVisible()
    double_click_row(qtbot, tab.view, 0)
    dialog = tab.active_dialog
    assert not dialog.relation.isVisible()
    type_into(qtbot, dialog.phone, "+7 903 000-00-01")
    click(qtbot, dialog.ok_button)
    assert column_texts(tab.view, 1) == ["+7 903 000-00-01"]

    select_row(qtbot, tab.view, 0)
    click(qtbot, tab.delete_button)
    assert "Дети останутся в списке" in boxes.questions[0]
    assert tab.model.rowCount() == 0
    assert kindergarten.people.list_students()[0].guardians == ()


def test_changes_in_one_tab_refresh_the_others_by_signal(qtbot, kindergarten):
    signals = DataSignals()
    students = _tab(qtbot, StudentsTab, kindergarten, signals)
    guardians = _tab(qtbot, GuardiansTab, kindergarten, signals)
    kindergarten.people.save_student(StudentInput("Ёлкин Лев", guardians=[
        GuardianInput("Ёлкина Мария", "mother")]))
    assert students.model.rowCount() == 0  # nothing polls
    signals.changed.emit("people")
    assert students.model.rowCount() == 1 and guardians.model.rowCount() == 1


def test_the_unit_filter_lists_units_and_filters(qtbot, kindergarten):
    first = kindergarten.structure.save_unit("Ромашка").id
    second = kindergarten.structure.save_unit("Радуга").id
    kindergarten.people.save_student(StudentInput("Ёлкин Лев", unit_id=first))
    kindergarten.people.save_student(StudentInput("Жуков Иван", unit_id=second))
    tab = _tab(qtbot, StudentsTab, kindergarten)
    items = [tab.unit_filter.itemText(i) for i in range(tab.unit_filter.count())]
    assert items == ["Все группы", "Радуга (1)", "Ромашка (1)"]
    choose(qtbot, tab.unit_filter, "Ромашка")
    assert column_texts(tab.view) == ["Ёлкин Лев"]
    click(qtbot, tab.add_button)
    assert tab.active_dialog.unit.currentText() == "Ромашка"  # a new pupil goes there
    click(qtbot, tab.active_dialog.cancel_button)


def test_an_edit_saved_meanwhile_elsewhere_is_refused_and_the_list_reloads(qtbot, school,
                                                                          boxes):
    created = school.people.save_staff(StaffInput("Петрова Ольга Ивановна", "Учитель"))
    tab = _tab(qtbot, StaffTab, school)
    double_click_row(qtbot, tab.view, 0)
    dialog = tab.active_dialog
    # Another PC saves the same card while this dialog is open.
    school.people.save_staff(StaffInput("Петрова Ольга Ивановна", "Завуч"), created.id,
                             expected_version=created.version)
    type_into(qtbot, dialog.position, "Директор")
    click(qtbot, dialog.ok_button)
    assert boxes.errors == [("Запись изменена на другом компьютере: обновите список и "
                             "повторите правку.")]
    assert tab.active_dialog is None
    assert column_texts(tab.view, 1) == ["Завуч"]  # the list shows what is saved now


def test_one_edit_shows_in_place_without_reloading_the_list(qtbot, kindergarten, monkeypatch):
    # #17: a saved edit reloaded the whole list (1 s with 20,000 parents): the row is put in
    # place; a rename (it may move in the list) still reloads it all.
    for name, phone in (("Ёлкина Мария", "+79161234567"), ("Иванова Анна", "+79161234568"),
                        ("Яковлева Ольга", "+79161234569")):
        kindergarten.people.save_student(StudentInput(f"{name.split()[0][:-1]} Лев", guardians=[
            GuardianInput(name, "mother", phone)]))
    tab = _tab(qtbot, GuardiansTab, kindergarten)
    loads: list[int] = []
    original = type(kindergarten.people).list_guardians
    monkeypatch.setattr(type(kindergarten.people), "list_guardians",
                        lambda self: loads.append(1) or original(self))
    double_click_row(qtbot, tab.view, 1)
    type_into(qtbot, tab.active_dialog.phone, "+7 903 000-00-01")
    click(qtbot, tab.active_dialog.ok_button)
    assert column_texts(tab.view, 1) == ["+7 916 123-45-67", "+7 903 000-00-01",
                                         "+7 916 123-45-69"]
    tab.search.setText("89030000001")
    assert column_texts(tab.view, 0) == ["Иванова Анна"]  # found by the new phone
    tab.search.clear()
    assert loads == []

    double_click_row(qtbot, tab.view, 0)
    type_into(qtbot, tab.active_dialog.full_name, "Юдина Мария")
    click(qtbot, tab.active_dialog.ok_button)
    assert loads == [1]
    assert column_texts(tab.view, 0) == ["Иванова Анна", "Юдина Мария", "Яковлева Ольга"]
