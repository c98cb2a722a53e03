"""Refusals in the window: tick parents, «Отказ…», the list and the reports tab show it."""

from __future__ import annotations

import pytest
from gui_support import click, type_into, use_settings_folder
from inv_helpers import CLASS_5A
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from test_invitations_gui import click_check, select_group

from sferum_desk.services.invitations import DECLINED
from sferum_desk.ui import dialogs
from sferum_desk.ui.invitations.refusal_dialog import RefusalDialog
from sferum_desk.ui.signals import DataSignals
from sferum_desk.ui.invitations.tab import InvitationsTab, PeopleModel
from sferum_desk.ui.tabs.reports import ReportsTab

PARENTS_5A = sorted((p for _, ps in CLASS_5A for p in ps), key=lambda n: n.replace("ё", "е"))


@pytest.fixture(autouse=True)
def gui(qapp, tmp_path, monkeypatch):
    from sferum_desk.ui.app import make_application

    make_application()
    use_settings_folder(tmp_path / "settings")
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text: errors.append(text))
    monkeypatch.setattr(dialogs, "show_info", lambda _p, text: None)
    return errors


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


def test_decline_from_the_people_list_then_reports(qtbot, roster, gui):
    services, _units = roster
    tab = shown(qtbot, InvitationsTab(services, DataSignals()))
    select_group(qtbot, tab, "5А")
    click_check(qtbot, tab, 0, PeopleModel.TICK)
    click(qtbot, tab.findChild(object, "decline_button"))
    dialog = tab.active_dialog
    assert isinstance(dialog, RefusalDialog)
    assert any(PARENTS_5A[0] in label.text() for label in dialog.findChildren(QLabel))
    assert dialog.family.isVisibleTo(dialog)  # parents: the family option is offered
    dialog.channel.setCurrentText("")
    click(qtbot, dialog.ok_button)
    assert "связывается" in dialog.form.general_error.text() + dialog.form.error_text(
        "channel")
    dialog.channel.lineEdit().clear()
    type_into(qtbot, dialog.channel.lineEdit(), "звонок классного руководителя")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: tab.active_dialog is None)
    statuses = {p.full_name: p.status for p in tab.people_model.people}
    assert statuses[PARENTS_5A[0]] == DECLINED
    [row] = services.refusals.list_refusals()
    assert row.channel == "звонок классного руководителя"

    reports = shown(qtbot, ReportsTab(services, DataSignals()))
    headers = [reports.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(reports.model.columnCount())]
    assert "Отказались" in headers
    column = headers.index("Отказались")
    rows = [reports.proxy.index(r, 0).data() for r in range(reports.proxy.rowCount())]
    five_a = rows.index("5А")
    assert reports.proxy.index(five_a, column).data() == "1"
    parents = headers.index("Родители, все")
    assert reports.proxy.index(five_a, parents).data() == "0 из 4 (0 %)"
    services.invitations.set_joined([p.person_id for p in tab.people_model.people
                                     if p.full_name == PARENTS_5A[1]])
    reports.refresh()
    assert reports.proxy.index(five_a, parents).data() == "1 из 4 (25 %)"
    click(qtbot, reports.without_declined)
    assert reports.proxy.index(five_a, parents).data() == "1 из 3 (33 %)"

    # «Снять отказ» on the same parent.
    tab.refresh()
    select_group(qtbot, tab, "5А")
    row = next(i for i, p in enumerate(tab.people_model.people)
               if p.full_name == PARENTS_5A[0])
    click_check(qtbot, tab, tab.people_proxy.mapFromSource(
        tab.people_model.index(row, 0)).row(), PeopleModel.TICK)
    click(qtbot, tab.findChild(object, "undecline_button"))
    assert services.refusals.list_refusals() == [] and not gui
