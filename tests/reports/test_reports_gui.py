"""The «Отчёты» tab: the coverage table with bars, a click shows who is missing, the
audiences and the files saved off the GUI thread."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from gui_support import click, click_cell, column_texts, record_boxes, show_tab, tick
from rp_helpers import pdf_text

from sferum_desk.ui.app import make_application
from sferum_desk.ui.reports_widgets import PERCENT_ROLE
from sferum_desk.ui.signals import PEOPLE, DataSignals
from sferum_desk.ui.tabs.reports import ReportsTab


@pytest.fixture
def boxes(monkeypatch, tmp_path, qapp):
    make_application()
    return record_boxes(monkeypatch, tmp_path)


@pytest.fixture
def tab(joined, qtbot, boxes):
    services, _ = joined
    widget = ReportsTab(services, DataSignals())
    return show_tab(qtbot, widget)


def headers_of(tab) -> list[str]:
    return [tab.model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(tab.model.columnCount())]


def row_of(tab, name: str) -> int:
    return column_texts(tab.table, 0).index(name)


def test_table_shows_the_figures_with_bars(tab):
    headers = headers_of(tab)
    assert headers == ["Класс", "Охват", "Сотрудники", "Ученики", "Родители, все",
                       "Семьи с родителем", "Карточки", "Ждут подписи"]
    assert column_texts(tab.table, 0) == ["Учительская", "5А", "5Б", "9А", "11А", "Итого"]
    five_a = row_of(tab, "5А")
    assert [tab.proxy.index(five_a, c).data() for c in range(3, 8)] == [
        "3 из 4 (75 %)", "3 из 6 (50 %)", "3 из 4 (75 %)", "2", "0"]
    assert tab.proxy.index(five_a, 1).data(PERCENT_ROLE) == 60.0
    total = row_of(tab, "Итого")
    assert tab.proxy.index(total, 2).data() == "2 из 5 (40 %)"
    tab.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # by share: «Итого» stays last
    assert column_texts(tab.table, 0)[-1] == "Итого"
    assert column_texts(tab.table, 0)[0] == "5А"  # 60 %, the highest share
    assert tab.growth.points and tab.growth.points[-1].total == 13
    tab.grab()  # paints the bar delegate and the growth chart without errors


def test_click_a_unit_to_see_who_is_missing(tab, joined, qtbot):
    _, sch = joined
    click_cell(qtbot, tab.table, row_of(tab, "5А"), 0)
    assert "«5А»" in tab.missing_title.text() and "4 чел." in tab.missing_title.text()
    names = column_texts(tab.missing_view, 0)
    assert sch.names[sch.pupils["5А"][3]] in names
    assert sch.names[sch.mothers[sch.pupils["5А"][1]]] in names
    assert sorted(column_texts(tab.missing_view, 4)) == ["выдана", "выдана", "нет", "нет"]
    click_cell(qtbot, tab.table, row_of(tab, "9А"), 0)
    assert column_texts(tab.missing_view, 1).count("обучающийся") == 4


def test_audience_choice_changes_the_columns(tab, joined, qtbot, boxes):
    services, _ = joined
    tick(qtbot, tab.audience_boxes["students"])
    tick(qtbot, tab.audience_boxes["staff"])
    assert services.reports.audiences() == ["parents"]
    assert "Ученики" not in headers_of(tab)
    assert "Учительская" not in column_texts(tab.table, 0)
    tick(qtbot, tab.audience_boxes["parents"])  # none left: refused, nothing changes
    assert boxes["errors"][-1].startswith("Выберите хотя бы одну аудиторию")
    assert tab.audience_boxes["parents"].isChecked()


def test_refreshes_on_a_change_elsewhere(tab, joined):
    services, sch = joined
    services.invitations.set_joined(sch.pupils["11А"])
    tab.signals.changed.emit(PEOPLE)
    assert tab.proxy.index(row_of(tab, "11А"), 3).data() == "4 из 4 (100 %)"


def test_pdf_and_excel_are_saved_off_the_gui_thread(tab, qtbot, boxes, tmp_path):
    click(qtbot, tab.pdf_button)
    qtbot.waitUntil(lambda: len(boxes["opened"]) == 1, timeout=20000)
    pdf = boxes["opened"][0]
    assert pdf.name == f"Отчёт об охвате Сферум {dt.date.today():%Y-%m-%d}.pdf"
    assert "5А 3/4 (75 %) 3/6 (50 %) 3/4 (75 %) 2 0" in pdf_text(pdf.read_bytes())
    click(qtbot, tab.xlsx_button)
    qtbot.waitUntil(lambda: len(boxes["opened"]) == 2, timeout=20000)
    assert boxes["opened"][1].suffix == ".xlsx" and boxes["opened"][1].stat().st_size > 3000
    assert boxes["errors"] == []
