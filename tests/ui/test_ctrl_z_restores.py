"""Ctrl+Z after deleting rows in a table puts them back during the session: the pupil with
the guardians who went with them, the staff member as the unit's curator again."""

from __future__ import annotations

from gui_support import click, column_texts, select_row, show_active, type_into
from PySide6.QtCore import Qt

from sferum_desk.services.dto import GuardianInput, StaffInput, StudentInput
from sferum_desk.ui import table_menu
from sferum_desk.ui.signals import DataSignals
from sferum_desk.ui.tabs import GuardiansTab, StaffTab, StudentsTab


def _tab(qtbot, cls, services, signals):
    tab = cls(services, signals)
    qtbot.addWidget(tab)
    show_active(qtbot, tab)
    return tab


def _ctrl_z(qtbot, widget):
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_z_restores_a_deleted_pupil_with_their_guardian(qtbot, kindergarten, boxes):
    unit = kindergarten.structure.save_unit("Ромашка").id
    mother = GuardianInput(full_name="Ёлкина Мария", relation="mother", phone="+79160000001")
    kindergarten.people.save_student(StudentInput("Ёлкин Лев", birth_date="05.03.2019",
                                                  unit_id=unit, guardians=[mother]))
    kindergarten.people.save_student(StudentInput("Жуков Иван", unit_id=unit))
    signals = DataSignals()
    pupils = _tab(qtbot, StudentsTab, kindergarten, signals)
    guardians = GuardiansTab(kindergarten, signals)
    qtbot.addWidget(guardians)
    shown = column_texts(pupils.view, 3)
    select_row(qtbot, pupils.view, 0)
    boxes.answer = True
    qtbot.keyClick(pupils.view, Qt.Key.Key_Delete)
    assert "Ctrl+Z" in boxes.questions[-1]  # the question says the delete can be undone
    assert column_texts(pupils.view) == ["Жуков Иван"]
    assert kindergarten.people.list_guardians() == []

    _ctrl_z(qtbot, pupils.view)
    assert column_texts(pupils.view) == ["Ёлкин Лев", "Жуков Иван"]
    assert column_texts(pupils.view, 3) == shown
    assert [r.full_name for r in pupils.selected_rows()] == ["Ёлкин Лев"]
    lev = kindergarten.people.list_students()[0]
    assert [(g.full_name, g.relation) for g in lev.guardians] == [("Ёлкина Мария", "mother")]
    guardians.refresh()
    assert column_texts(guardians.view) == ["Ёлкина Мария"]
    _ctrl_z(qtbot, pupils.view)  # nothing more to undo: nothing happens
    assert len(kindergarten.people.list_students()) == 2 and not boxes.errors


def test_ctrl_z_restores_a_deleted_staff_member_as_curator(qtbot, school, boxes):
    teacher = school.people.save_staff(StaffInput("Петрова Ольга Ивановна", "Учитель"))
    unit = school.structure.save_unit("5А", curator_id=teacher.id)
    tab = _tab(qtbot, StaffTab, school, DataSignals())
    select_row(qtbot, tab.view, 0)
    boxes.answer = True
    click(qtbot, tab.delete_button)
    assert tab.model.rowCount() == 0
    assert table_menu.build_menu(tab.view).findChild(object, "menu_undo") is not None

    _ctrl_z(qtbot, tab.view)
    assert column_texts(tab.view) == ["Петрова Ольга Ивановна"]
    assert school.structure.get(unit.id).curator_id == teacher.id


def test_ctrl_z_in_the_search_box_undoes_typing_not_a_delete(qtbot, school, boxes):
    school.people.save_staff(StaffInput("Петрова Ольга Ивановна", "Учитель"))
    school.people.save_staff(StaffInput("Сидоров Олег Павлович", "Учитель"))
    tab = _tab(qtbot, StaffTab, school, DataSignals())
    select_row(qtbot, tab.view, 0)
    boxes.answer = True
    click(qtbot, tab.delete_button)
    type_into(qtbot, tab.search, "Сид")
    _ctrl_z(qtbot, tab.search)
    assert len(school.people.list_staff()) == 1  # the search box took the key
    menu = table_menu.build_menu(tab.view)
    back = menu.findChild(object, "menu_undo")
    assert back.text() == "Вернуть удалённое"
    back.trigger()
    assert len(school.people.list_staff()) == 2
    assert table_menu.build_menu(tab.view).findChild(object, "menu_undo") is None


def test_ctrl_z_restores_a_deleted_unit(qtbot, school, boxes):
    from sferum_desk.ui.tabs import StructureTab

    school.structure.save_unit("7В")
    tab = _tab(qtbot, StructureTab, school, DataSignals())
    names = column_texts(tab.view)
    select_row(qtbot, tab.view, names.index("7В"))
    boxes.answer = True
    click(qtbot, tab.delete_button)
    assert "7В" not in column_texts(tab.view)
    _ctrl_z(qtbot, tab.view)
    assert column_texts(tab.view) == names
    assert [r.name for r in tab.selected_rows()] == ["7В"]
