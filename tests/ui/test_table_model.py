"""The one table model behind every list: 10,000 rows, search, filters, sorting."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from gui_support import key_clicks, type_into

from sferum_desk.domain.names import fold, sort_key
from sferum_desk.services.dto import GuardianBrief, StudentRow
from sferum_desk.ui.signals import DataSignals
from sferum_desk.ui.table_model import SORT_ROLE, Column, RowTableModel, SearchProxy
from sferum_desk.ui.tabs import StudentsTab

SURNAMES = ["Ёлкин", "Елисеев", "Жуков", "Ефимов", "Иванов", "Семёнов", "Семенов", "Абрамов"]
FIRST = ["Лев", "Иван", "Пётр", "Артём", "Олег", "Ян"]


def _rows(count: int) -> list[StudentRow]:
    rng = random.Random(7)
    rows = []
    for pid in range(1, count + 1):
        name = f"{rng.choice(SURNAMES)} {rng.choice(FIRST)}"
        born = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3000))
        unit_id = rng.randrange(1, 31)
        guardians = (GuardianBrief(count + pid, f"Мама{pid} Анна", "mother",
                                   f"+7916{pid:07d}"),) if pid % 3 == 0 else ()
        rows.append(StudentRow(pid, name, born, unit_id, f"{unit_id}А", guardians))
    return rows


def _tab(qtbot, services) -> StudentsTab:
    tab = StudentsTab(services, DataSignals())
    qtbot.addWidget(tab)
    tab.show()
    return tab


def test_ten_thousand_pupils_filter_by_typed_words(qtbot, kindergarten):
    rows = _rows(10_000)
    tab = _tab(qtbot, kindergarten)
    tab.model.set_rows(rows)
    assert tab.count_label.text() == "Всего: 10000"

    key_clicks(tab.search, "ёлкин пётр")  # typed letter by letter, filtered each time
    expected = {r.id for r in rows if r.full_name == "Ёлкин Пётр"}
    assert {r.id for r in tab.proxy.visible_rows()} == expected and expected
    assert tab.count_label.text() == f"Найдено: {len(expected)} из 10000"

    type_into(qtbot, tab.search, "семенов")  # ё and е are one letter for the search
    expected = {r.id for r in rows if fold(r.full_name).startswith("семенов")}
    assert {r.id for r in tab.proxy.visible_rows()} == expected
    assert {r.full_name.split()[0] for r in tab.proxy.visible_rows()} == {"Семёнов", "Семенов"}

    type_into(qtbot, tab.search, "9160000999")  # a guardian's phone digits
    assert [r.id for r in tab.proxy.visible_rows()] == [999]

    tab.search.clear()
    tab.proxy.set_predicate(lambda row: row.unit_id == 5)  # what the unit filter does
    assert {r.id for r in tab.proxy.visible_rows()} == {r.id for r in rows if r.unit_id == 5}


def test_ten_thousand_pupils_sort_by_name_and_date(qtbot, kindergarten):
    rows = _rows(10_000)
    tab = _tab(qtbot, kindergarten)
    tab.model.set_rows(rows)
    tab.view.selectRow(0)
    chosen = tab.selected_rows()[0]

    tab.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    names = [r.full_name for r in tab.proxy.visible_rows()]
    assert names == sorted(names, key=sort_key)
    assert names.index("Ёлкин Лев") > names.index("Елисеев Ян")
    assert names.index("Ёлкин Лев") < names.index("Жуков Артём")
    assert tab.selected_rows() == [chosen]  # the selection follows its row

    tab.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    dates = [r.birth_date for r in tab.proxy.visible_rows()]
    assert dates == sorted(dates, reverse=True)

    key_clicks(tab.search, "жуков")  # sorting and filtering together
    dates = [r.birth_date for r in tab.proxy.visible_rows()]
    assert dates == sorted(dates, reverse=True) and len(dates) > 100


def test_the_model_exposes_sort_keys_and_keeps_sorting_after_reload(qtbot):
    model = RowTableModel([
        Column("ФИО", lambda r: r.full_name),
        Column("Дата", lambda r: r.birth_date.strftime("%d.%m.%Y"), sort=lambda r: r.birth_date),
    ])
    proxy = SearchProxy(model)
    rows = _rows(50)
    model.set_rows(rows)
    assert model.index(0, 1).data(SORT_ROLE) == rows[0].birth_date
    assert model.index(0, 0).data(SORT_ROLE) == sort_key(rows[0].full_name)

    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    model.set_rows(list(reversed(rows)))  # a refresh keeps the user's chosen order
    dates = [proxy.row_at(i).birth_date for i in range(proxy.rowCount())]
    assert dates == sorted(dates)


def _proxy_over(rows) -> tuple[RowTableModel, SearchProxy]:
    model = RowTableModel([Column("ФИО", lambda r: r.full_name),
                           Column("Класс", lambda r: r.unit)])
    proxy = SearchProxy(model)
    model.set_rows(rows)
    return model, proxy


def test_typing_on_and_back_finds_what_a_fresh_search_finds(qtbot):
    # #17: a longer query searches only the last result; a shorter or other one all rows.
    rows = _rows(3_000)
    _model, proxy = _proxy_over(rows)

    def fresh(text: str) -> set[int]:
        words = fold(text).split()
        return {r.id for r in rows if all(w in fold(f"{r.full_name} {r.unit}") for w in words)}

    for text in ("е", "ел", "ёлк", "ёлкин", "ёлкин л", "ёлкин", "лев ёлкин", "лев", "",
                 "ян 5а", "ян 5", "ян"):
        proxy.set_query(text)
        assert {r.id for r in proxy.visible_rows()} == fresh(text), text


def test_an_edited_row_leaves_or_joins_the_search_result(qtbot):
    rows = _rows(100)
    model, proxy = _proxy_over(rows)
    proxy.set_query("ёлкин")
    first = proxy.row_at(0)
    model.replace_row(replace(first, unit="99Я"))  # still found by the name
    assert proxy.row_at(0).unit == "99Я"

    proxy.set_query("99я")
    assert [r.id for r in proxy.visible_rows()] == [first.id]
    model.replace_row(replace(proxy.row_at(0), unit="98Я"))  # no longer matches: it leaves
    assert proxy.rowCount() == 0
    model.replace_row(replace(first, unit="99Я"))  # and comes back
    assert [r.id for r in proxy.visible_rows()] == [first.id]


def test_the_selection_follows_its_row_through_the_search(qtbot, kindergarten):
    rows = _rows(2_000)
    tab = _tab(qtbot, kindergarten)
    tab.model.set_rows(rows)
    target = next(r for r in rows if r.full_name.startswith("Жуков"))
    tab.select_id(target.id)
    key_clicks(tab.search, "жуков")
    assert tab.selected_rows() == [target]  # still shown, still chosen
    type_into(qtbot, tab.search, "ёлкин")
    assert tab.selected_rows() == []  # hidden: nothing is chosen
    tab.search.clear()
    tab.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    tab.select_id(target.id)
    tab.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert tab.selected_rows() == [target]


def test_a_long_list_makes_the_texts_of_the_painted_rows_only(qtbot, kindergarten):
    # #17: the first paint of 10,000 rows does not wait for 10,000 rows' texts; the search
    # and sorting make them all when they need them.
    made: list[int] = []
    model = RowTableModel([Column("ФИО", lambda r: made.append(r.id) or r.full_name)])
    proxy = SearchProxy(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.resize(600, 400)
    view.show()
    rows = _rows(10_000)
    model.set_rows(rows)
    qtbot.waitExposed(view)
    view.grab()  # paints the rows in sight
    assert 0 < len(made) < 200
    proxy.set_query("ёлкин")
    assert {r.id for r in proxy.visible_rows()} == {
        r.id for r in rows if r.full_name.startswith("Ёлкин")}
    assert len(set(made)) == 10_000



def test_the_idle_warm_up_makes_what_search_and_sort_would(qtbot):
    # #17: the search strings and sort keys are made a few rows at a time while idle; an
    # edit in the middle of it starts it again, so nothing stale is kept.
    rows = _rows(5_000)
    model, _proxy = _proxy_over(rows)
    assert model.warm_up() and model.warm_up()  # part of the way
    edited = replace(rows[10], unit="77Я")
    assert model.replace_row(edited)
    steps = 0
    while model.warm_up():
        steps += 1
    assert steps > 2
    fresh, _ = _proxy_over([edited if r.id == edited.id else r for r in rows])
    assert model.search_strings() == fresh.search_strings()
    assert [model._column_keys(c) for c in (0, 1)] == [fresh._column_keys(c) for c in (0, 1)]
    assert "77я" in model.search_strings()[10]
