"""«Структура»: create, rename and delete units by clicking and typing."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from gui_support import choose, click, column_texts, select_row, show_active, type_into

from sferum_desk.services.dto import StaffInput, StudentInput
from sferum_desk.ui.signals import DataSignals
from sferum_desk.ui.tabs import StructureTab


def _tab(qtbot, services) -> StructureTab:
    tab = StructureTab(services, DataSignals())
    qtbot.addWidget(tab)
    show_active(qtbot, tab)
    return tab


def _row_of(tab: StructureTab, name: str) -> int:
    return column_texts(tab.view).index(name)


def test_the_staff_room_is_there_from_the_start(qtbot, kindergarten):
    tab = _tab(qtbot, kindergarten)
    assert column_texts(tab.view) == ["Учительская"]
    assert tab.add_button.text() == "Создать…"
    assert tab.add_button.toolTip() == "Создать: группа (Ins)"


def test_a_unit_is_created_with_a_curator_chosen_from_staff(qtbot, kindergarten):
    kindergarten.people.save_staff(StaffInput("Орлова Алиса Сергеевна", "Воспитатель"))
    tab = _tab(qtbot, kindergarten)
    click(qtbot, tab.add_button)
    dialog = tab.active_dialog
    assert dialog.form.labels["curator"].text() == "Воспитатель:"
    type_into(qtbot, dialog.name, "Ромашка")
    choose(qtbot, dialog.curator, "Орлова")
    click(qtbot, dialog.ok_button)

    assert tab.active_dialog is None
    row = _row_of(tab, "Ромашка")
    assert column_texts(tab.view, 1)[row] == "Орлова Алиса Сергеевна"
    assert column_texts(tab.view, 2)[row] == "0"
    assert tab.selected_rows()[0].name == "Ромашка"  # the new unit is selected


def test_a_duplicate_name_is_refused_next_to_the_name(qtbot, kindergarten):
    kindergarten.structure.save_unit("Ромашка")
    tab = _tab(qtbot, kindergarten)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert)  # Ins opens the same dialog
    dialog = tab.active_dialog
    type_into(qtbot, dialog.name, "ромашка")
    click(qtbot, dialog.ok_button)
    assert dialog.form.error_text("name") == "«ромашка» уже есть: выберите другое название."
    assert dialog.isVisible()


def test_a_unit_is_renamed_by_editing_it(qtbot, kindergarten):
    kindergarten.structure.save_unit("Ромашка")
    tab = _tab(qtbot, kindergarten)
    select_row(qtbot, tab.view, _row_of(tab, "Ромашка"))
    click(qtbot, tab.edit_button)
    type_into(qtbot, tab.active_dialog.name, "Ромашки")
    click(qtbot, tab.active_dialog.ok_button)
    assert column_texts(tab.view) == ["Учительская", "Ромашки"]


def test_deleting_an_empty_unit_asks_first(qtbot, kindergarten, boxes):
    kindergarten.structure.save_unit("Ромашка")
    tab = _tab(qtbot, kindergarten)
    select_row(qtbot, tab.view, _row_of(tab, "Ромашка"))

    boxes.answer = False
    click(qtbot, tab.delete_button)
    assert boxes.questions == ["Удалить «Ромашка» из структуры? Сотрудники останутся в списке."]
    assert "Ромашка" in column_texts(tab.view)

    boxes.answer = True
    select_row(qtbot, tab.view, _row_of(tab, "Ромашка"))  # the table has the focus again
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert len(boxes.questions) == 2
    assert column_texts(tab.view) == ["Учительская"]


def test_deleting_a_unit_with_pupils_shows_the_refusal(qtbot, kindergarten, boxes):
    unit = kindergarten.structure.save_unit("Ромашка")
    kindergarten.people.save_student(StudentInput("Жуков Иван", unit_id=unit.id))
    tab = _tab(qtbot, kindergarten)
    select_row(qtbot, tab.view, _row_of(tab, "Ромашка"))
    click(qtbot, tab.delete_button)
    assert boxes.questions == []  # nothing to confirm: the service refuses
    assert boxes.errors == [("В «Ромашка» ещё 1 чел.: сначала переведите или удалите их, "
                             "потом удалите подразделение.")]
    assert "Ромашка" in column_texts(tab.view)


def test_a_school_class_gets_subject_teachers(qtbot, school):
    math = school.people.save_staff(StaffInput("Гусев Олег Петрович", "Учитель математики"))
    school.people.save_staff(StaffInput("Белова Анна Ивановна", "Учитель музыки"))
    tab = _tab(qtbot, school)
    click(qtbot, tab.add_button)
    dialog = tab.active_dialog
    assert dialog.form.labels["curator"].text() == "Классный руководитель:"
    type_into(qtbot, dialog.name, "5А")
    teachers = dialog.teachers
    item = teachers.findItems("Гусев Олег Петрович", Qt.MatchFlag.MatchExactly)[0]
    rect = teachers.visualItemRect(item)
    qtbot.mouseClick(teachers.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.topLeft() + QPoint(10, rect.height() // 2))
    assert item.checkState() == Qt.CheckState.Checked
    click(qtbot, dialog.ok_button)
    unit = next(u for u in school.structure.list_units() if u.name == "5А")
    assert unit.teacher_ids == (math.id,)
    assert column_texts(tab.view, 4)[_row_of(tab, "5А")] == "Гусев Олег Петрович"
