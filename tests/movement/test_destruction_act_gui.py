"""The GUI's erasure asks where to save the act; without an act nothing is erased."""

from __future__ import annotations

import pytest
from gui_support import click, record_boxes, show_tab

from sferum_desk.ui import file_dialogs
from sferum_desk.ui.app import make_application
from sferum_desk.ui.signals import DataSignals
from sferum_desk.ui.movement.tab import MovementTab


@pytest.fixture
def boxes(monkeypatch, tmp_path, qapp):
    make_application()
    return record_boxes(monkeypatch, tmp_path)


@pytest.fixture
def tab(built, qtbot, boxes):
    services, _sch = built
    return show_tab(qtbot, MovementTab(services, DataSignals()))


def test_erasure_saves_its_act_where_the_user_chose(tab, built, qtbot, boxes, tmp_path,
                                                     monkeypatch):
    services, sch = built
    caretaker = sch.staff["завхоз"]
    services.movement.leave(caretaker, "01.02.2020")
    click(qtbot, tab.buttons["erase"])
    dialog = tab.active_dialog
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *_a: None)
    click(qtbot, dialog.ok_button)
    assert "без акта" in dialog.form.general_error.text()
    assert services.movement.describe(caretaker).full_name == "Завхозова Нина Павловна"

    asked = []

    def ask(_parent, _kind, title, suggested, name_filter):
        asked.append((title, suggested, name_filter))
        return tmp_path / suggested

    monkeypatch.setattr(file_dialogs, "ask_save_path", ask)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: tab.active_dialog is None)
    title, suggested, name_filter = asked[0]
    assert "акт" in title.lower() and suggested.startswith("Акт уничтожения ПД № 1")
    act = tmp_path / suggested
    assert act.exists() and act.read_bytes().startswith(b"%PDF")
    assert "Акт № 1 сохранён" in tab.status_line.text()
    assert [a.people for a in services.destruction.list_acts()] == [1]
