"""The print and list dialogs are built from their forms/*.ui: the widgets the code works
with are the form's, Tab follows the order the .ui sets, captions have their buddies."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from gui_support import click
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from sferum_desk.services.acknowledgements import ActInput
from sferum_desk.services.dto import StaffInput
from sferum_desk.ui.acknowledgements.pending_dialog import PendingPeopleDialog
from sferum_desk.ui.acknowledgements.print_dialog import PrintDialog
from sferum_desk.ui.invitations.joined import JoinedNamesDialog
from sferum_desk.ui.invitations.print_dialog import PrintSlipsDialog
from sferum_desk.ui.ui_files import form_path


@pytest.fixture
def office(school):
    school.people.save_staff(StaffInput("Петрова Ольга Игоревна", "Учитель"))
    unit = school.structure.create_unit("1А")
    act = school.acknowledgements.add_act(ActInput("Положение", "О защите персональных данных",
                                                   "12", "01.09.2025"))
    return school, unit, act


def build(name, services, unit, act):
    return {
        "slips": lambda: PrintSlipsDialog(services, [unit.id], "parents"),
        "sheet_print": lambda: PrintDialog(act, "Должность"),
        "joined_names": lambda: JoinedNamesDialog(services, unit.id, "parents", "1А"),
        "pending_people": lambda: PendingPeopleDialog(services),
    }[name]()


CODE_MADE = {"pending_people": ["pending_people"]}  # the table, made in code, comes first


def tabstops(name: str) -> list[str]:
    return [t.text for t in ET.parse(form_path(name)).getroot().iter("tabstop")]


def focus_chain(dialog) -> list[QWidget]:
    chain, widget = [], dialog.nextInFocusChain()
    while widget is not dialog and len(chain) < 500:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


@pytest.mark.parametrize("name", ["slips", "sheet_print", "joined_names", "pending_people"])
def test_the_dialog_is_its_form(qtbot, office, name):
    services, unit, act = office
    dialog = build(name, services, unit, act)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.focusWidget() is not None)
    root = ET.parse(form_path(name)).getroot().find("widget").get("name")
    assert dialog.findChild(QWidget, root) is not None, "the body comes from the .ui"
    fields = [n for n in tabstops(name) if n != "buttons"] + CODE_MADE.get(name, [])
    assert dialog.focusWidget().objectName() == fields[0]  # the cursor starts in the first
    chain = focus_chain(dialog)
    start = [w.objectName() for w in chain].index(fields[0])
    chain = chain[start:] + chain[:start]  # the chain is a ring: Tab on from there
    named = [w.objectName() for w in chain]
    assert [n for n in named if n in fields] == fields  # Tab: the .ui's order
    buttons = dialog.findChild(QDialogButtonBox, "buttons").buttons()
    first_button = min(i for i, w in enumerate(chain) if w in buttons)
    assert all(named.index(n) < first_button for n in fields)  # then the buttons
    for caption in dialog.findChildren(QLabel):
        if caption.objectName().startswith("caption_"):
            assert caption.buddy() is not None, caption.objectName()


def test_the_slips_form_keeps_its_behaviour(qtbot, office):
    services, unit, _act = office
    dialog = PrintSlipsDialog(services, [unit.id], "parents")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.findChild(QLabel, "caption_units").text() == "Классы:"
    assert not dialog.blank_count.isEnabled()
    click(qtbot, dialog.blank)
    assert dialog.blank_count.isEnabled() and not dialog.named.isChecked()
    dialog.layout_choice.setCurrentIndex(dialog.layout_choice.findData(0))  # a poster
    assert not dialog.start.isEnabled()
    assert dialog.request().poster and dialog.request().blank_per_unit == 30
    assert dialog.save_button.text() == "Сохранить PDF…"


def test_the_sheet_form_keeps_its_behaviour(qtbot, office):
    _services, _unit, act = office
    dialog = PrintDialog(act, "Должность")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.everyone.isChecked() and dialog.open_after.isChecked()
    assert dialog.extra_column.text() == "добавить столбец «Должность»"
    click(qtbot, dialog.date_fixed)
    assert not dialog.date_empty.isChecked()
    options = dialog.options()
    assert options.date_mode == "fixed" and not options.pending_only

