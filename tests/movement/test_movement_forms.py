"""The movement dialogs are designed in forms/movement_*.ui: each is built from its file (the
object names and the tab order come from there), opens with the cursor in its first field,
and Tab walks the fields in the file's order, then the buttons."""

from __future__ import annotations


import pytest
from gui_support import click, form_tabstops, key_clicks, shown_dialog, type_into
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QWidget

from sferum_desk.ui.movement import dialogs as mv
from sferum_desk.ui.movement.new_year import NewYearDialog


tabstops = form_tabstops


shown = shown_dialog


def chain_names(dialog) -> list[str]:
    return [w.objectName() for w in dialog.tab_chain()]


def tab_walk(qtbot, dialog, steps: int) -> list[str]:
    """Where Tab really takes the cursor, from the first field on."""
    names = [QApplication.focusWidget().objectName()]
    for _ in range(steps):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        names.append(QApplication.focusWidget().objectName())
    return names


@pytest.fixture
def pupil(built):
    services, sch = built
    pupil_id = sch.pupils["5А"][0]
    return next(p for p in services.movement.list_people() if p.id == pupil_id)


def build(kind: str, services, pupil):
    words = services.organization.vocabulary()
    return {"transfer": lambda: mv.TransferDialog(services, words, pupil),
            "leave": lambda: mv.LeaveDialog(services, pupil),
            "guardian": lambda: mv.GuardianChangeDialog(services, pupil, True),
            "hire": lambda: mv.HireDialog(services, words),
            "erase": lambda: mv.EraseDialog(services)}[kind]()


@pytest.mark.parametrize("kind", ["transfer", "leave", "guardian", "hire", "erase"])
def test_each_movement_dialog_is_its_ui_file_with_its_tab_order(qtbot, built, pupil, kind):
    services, _sch = built
    dialog = shown(qtbot, build(kind, services, pupil))
    form = f"movement_{kind}"
    assert dialog.form.body.objectName() == form
    stops = tabstops(form)
    # the check boxes of the roles stand for their box, «platform_roles»
    inputs = ["platform_roles" if n.startswith("role_") else n for n in chain_names(dialog)]
    assert [n for n in dict.fromkeys(inputs) if n in stops] == stops  # the file's order
    assert QApplication.focusWidget() is dialog.form.fields[stops[0]]  # cursor in field one
    for name in stops:
        caption = dialog.form.labels.get(name)
        assert caption is None or caption.buddy() is dialog.form.fields[name]


def test_tab_goes_through_the_transfer_fields_then_the_buttons(qtbot, built, pupil):
    services, _sch = built
    dialog = shown(qtbot, build("transfer", services, pupil))
    assert tab_walk(qtbot, dialog, 3) == ["unit", "date", "ok_button", "cancel_button"]
    assert dialog.form.labels["unit"].text() == "Класс:"  # the organisation's word


def test_a_new_guardian_is_typed_in_the_designed_form(qtbot, built, pupil):
    services, sch = built
    dialog = shown(qtbot, mv.GuardianChangeDialog(services, pupil, replace=False))
    assert dialog.old is None and not dialog.form.fields["old_guardian"].isVisibleTo(dialog)
    # not the hidden row «Кого заменить» (a field in a hidden row is no first field)
    assert dialog.first_field() is dialog.full_name
    assert QApplication.focusWidget() is dialog.full_name
    key_clicks(dialog.full_name, "Орлова Вера Петровна")
    dialog.relation.setCurrentIndex(dialog.relation.findData("father"))
    type_into(qtbot, dialog.phone, "8 916 000-11-22")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    names = [g.full_name for g in services.people.get_student(pupil.id).guardians]
    assert "Орлова Вера Петровна" in names


def test_a_hire_typed_at_once_goes_into_the_name(qtbot, built):
    services, _sch = built
    dialog = shown(qtbot, build("hire", services, None))
    key_clicks(QApplication.focusWidget(), "Новикова Ирина Львовна")
    type_into(qtbot, dialog.position, "Учитель")
    dialog.roles.boxes["teacher"].setChecked(True)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    staff = {s.full_name: s for s in services.people.list_staff()}
    assert staff["Новикова Ирина Львовна"].position == "Учитель"
    assert "teacher" in staff["Новикова Ирина Львовна"].platform_roles


def test_the_new_year_dialog_is_its_form_and_starts_at_the_final_grade(qtbot, built):
    services, _sch = built
    dialog = shown(qtbot, NewYearDialog(services, services.organization.vocabulary()))
    assert dialog.findChild(QWidget, "new_year") is not None
    assert tabstops("new_year") == ["final_grade", "plan", "buttons"]
    assert dialog.findChild(QLabel, "final_grade_label").text() == "Выпускной (класс с номером):"
    assert dialog.findChild(QLabel, "final_grade_label").buddy() is dialog.final_grade
    assert QApplication.focusWidget() is dialog.final_grade
    qtbot.keyClick(dialog.final_grade, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.view
    assert dialog.model.rowCount() == 4 and dialog.view.editTriggers() == \
        QAbstractItemView.EditTrigger.AllEditTriggers
