"""The main window: tabs titled by the kind, counts, settings, menus, demo data."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel
from gui_support import choose, click, type_into

from sferum_desk import __version__
from sferum_desk.domain.errors import UserError
from sferum_desk.services.dto import StudentInput
from sferum_desk.ui import menus
from sferum_desk.ui.app import open_services, report_exception
from sferum_desk.ui.crash import crash_message
from sferum_desk.ui.main_window import MainWindow
from sferum_desk.ui.menus import MenuAction
from sferum_desk.ui.tabs import (
    TAB_CLASSES, GuardiansTab, OrganizationTab, StaffTab, StructureTab, StudentsTab,
)


def _titles(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_tabs_follow_the_contract_and_the_kind_words(kindergarten, open_window):
    window = open_window(kindergarten)
    assert TAB_CLASSES[:5] == [OrganizationTab, StructureTab, StaffTab, StudentsTab,
                               GuardiansTab]
    assert _titles(window)[:5] == ["Организация", "Структура", "Сотрудники", "Воспитанники",
                                   "Родители"]
    assert window.windowTitle() == "МБДОУ «Детский сад № 5» — Sferum Desk"
    assert "Воспитанники: 0" in window.counts_label.text()


def test_changing_the_kind_retitles_tabs_columns_and_counts(qtbot, kindergarten, open_window):
    window = open_window(kindergarten)
    kindergarten.structure.save_unit("Ромашка")
    window.signals.changed.emit("structure")
    tab = window.tab(OrganizationTab)
    window.tabs.setCurrentWidget(tab)

    choose(qtbot, tab.form.kind, "Школа")
    click(qtbot, tab.save_button)

    assert tab.status.text() == "Сохранено."
    assert _titles(window)[3] == "Ученики"
    assert "Ученики: 0" in window.counts_label.text()
    assert "Классы: 1" in window.counts_label.text()
    structure = window.tab(StructureTab)
    window.tabs.setCurrentWidget(structure)
    headers = [structure.model.headerData(i, Qt.Orientation.Horizontal)
               for i in range(structure.model.columnCount())]
    assert headers[:3] == ["Класс", "Классный руководитель", "Ученики"]
    assert headers[-1] == "Учителя-предметники"  # a school has subject teachers
    students = window.tab(StudentsTab)
    window.tabs.setCurrentWidget(students)
    assert students.unit_filter.itemText(0) == "Все классы"


def test_an_override_of_a_word_retitles_the_pupils_tab(qtbot, kindergarten, open_window):
    window = open_window(kindergarten)
    tab = window.tab(OrganizationTab)
    assert tab.form.words["students"].placeholderText() == "Воспитанники"
    type_into(qtbot, tab.form.words["students"], "Дети")
    click(qtbot, tab.save_button)
    assert _titles(window)[3] == "Дети"
    assert kindergarten.organization.vocabulary().students == "Дети"


def test_an_invalid_card_keeps_its_message_next_to_the_field(qtbot, kindergarten, open_window):
    window = open_window(kindergarten)
    tab = window.tab(OrganizationTab)
    type_into(qtbot, tab.form.admin_email, "директор")
    click(qtbot, tab.save_button)
    assert "не похоже на адрес электронной почты" in tab.form.error_text("admin_email")
    assert tab.status.text().startswith("Не сохранено")


def test_the_window_reopens_on_the_last_tab_with_its_size(qtbot, kindergarten, open_window):
    window = open_window(kindergarten)
    window.resize(760, 560)  # the offscreen screen is 800 × 600 (wider tabs may widen it)
    size = window.size()
    window.tabs.setCurrentIndex(window.tab_index(StaffTab))
    window.close()

    again = open_window(kindergarten)
    assert again.tabs.currentWidget() is again.tab(StaffTab)
    assert again.size() == size and size.height() == 560
    assert QSettings().value("main_window/last_tab") == "StaffTab"


def test_demo_opens_with_120_pupils_in_6_groups(qtbot, open_window):
    services, close_services = open_services(None, demo=True)
    try:
        window = open_window(services)
        tab = window.tab(StudentsTab)
        window.tabs.setCurrentWidget(tab)
        assert tab.model.rowCount() == 120
        assert "Воспитанники: 120" in window.counts_label.text()
        assert "Группы: 6" in window.counts_label.text()
        assert tab.count_label.text() == "Всего: 120"
        assert tab.unit_filter.count() == 7  # «Все группы» and the six groups
        choose(qtbot, tab.unit_filter, "Ромашка")
        assert tab.proxy.rowCount() == 20
        assert {row.unit for row in tab.proxy.visible_rows()} == {"Ромашка"}
        assert tab.count_label.text() == "Найдено: 20 из 120"
        window.tabs.setCurrentWidget(window.tab(GuardiansTab))
        assert window.tab(GuardiansTab).model.rowCount() == services.people.stats().guardians
        assert window.windowTitle().endswith("Sferum Desk")
    finally:
        window.close()
        close_services()


def test_a_registered_menu_item_appears_and_gets_the_window(kindergarten, open_window,
                                                            monkeypatch):
    seen = []
    monkeypatch.setattr(menus, "MENU_ACTIONS", [
        MenuAction("Файл", "Импорт из Excel…", seen.append, shortcut="Ctrl+I"),
        MenuAction("Отчёты", "Охват", "builtins:print")])
    window = open_window(kindergarten)
    action = window.menu_action("Файл", "Импорт из Excel…")
    action.trigger()
    assert seen == [window]
    assert window.menu_action("Отчёты", "Охват")
    texts = [a.text() for a in window.menuBar().actions()]
    assert texts == ["Файл", "Отчёты", "Справка"]


def test_backup_now_reports_where_the_copy_is(kindergarten, open_window, boxes):
    window = open_window(kindergarten)
    window.menu_action("Файл", "Сохранить резервную копию").trigger()
    assert len(boxes.infos) == 1 and boxes.infos[0].startswith("Резервная копия сохранена")
    assert any(kindergarten.db.backups_dir.iterdir())


def test_about_names_the_version(kindergarten, open_window, boxes):
    window = open_window(kindergarten)
    window.menu_action("Справка", "О программе").trigger()
    assert f"Sferum Desk {__version__}" in window.about_dialog.findChild(QLabel, "title").text()


def test_opening_another_database_swaps_the_window(qtbot, kindergarten, school, tmp_path):
    """«Открыть базу данных…» with an existing file shows that organisation."""
    from sferum_desk.db.engine import open_database
    from sferum_desk.services import Services
    from sferum_desk.services.dto import OrganizationData
    from sferum_desk.ui.app import GuiSession

    other_path = tmp_path / "other.sqlite3"
    other = Services.over(open_database(other_path))
    other.organization.save(OrganizationData(kind="college", full_name="ГБПОУ «Колледж»"))
    other.people.save_student(StudentInput("Жуков Иван"))
    other.db.close()

    session = GuiSession()
    first = session.show(kindergarten, lambda: None)
    qtbot.addWidget(first)
    first.open_requested.emit(other_path)
    second = session.window
    qtbot.addWidget(second)
    assert second is not first and not first.isVisible()
    assert _titles(second)[3] == "Студенты"
    assert second.services.people.stats().students == 1
    session.close()


def test_an_unexpected_error_shows_a_russian_dialog(boxes, monkeypatch, tmp_path):
    logged = []
    monkeypatch.setattr("sferum_desk.ui.app.log_exception",
                        lambda *exc, where: logged.append(exc[1]) or tmp_path / "x.log")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        report_exception(*sys.exc_info())
    assert boxes.crashes == [crash_message(tmp_path / "x.log")]
    assert "непредвиденная ошибка" in boxes.crashes[0] and "x.log" in boxes.crashes[0]
    assert str(logged[0]) == "boom"


def test_a_refusal_that_reaches_the_event_loop_is_shown_as_it_is(boxes):
    try:
        raise UserError("Сначала заполните карточку организации.")
    except UserError:
        report_exception(*sys.exc_info())
    assert boxes.errors == ["Сначала заполните карточку организации."] and not boxes.crashes


def test_hidden_tabs_are_not_loaded_at_start(school, open_window, monkeypatch):
    # #17: every tab loaded its data while the window was built (coverage twice, 6 s on a
    # large school); now only the shown tab is made, the others on first view.
    from sferum_desk.services.invitations import InvitationService
    from sferum_desk.services.people import PeopleService
    from sferum_desk.ui.tabs import InvitationsTab

    calls: list[str] = []
    for service, names in ((InvitationService, ("coverage", "list_links")),
                           (PeopleService, ("list_students", "list_guardians", "list_staff"))):
        for name in names:
            original = getattr(service, name)
            monkeypatch.setattr(service, name, lambda self, *a, _o=original, _n=name, **k:
                                calls.append(_n) or _o(self, *a, **k))
    window = open_window(school)
    assert [type(t) for t in window.tab_widgets] == [OrganizationTab]
    assert window.tabs.currentWidget() is window.tab_widgets[0]
    assert calls == []

    window.tabs.setCurrentIndex(window.tab_index(StudentsTab))  # as a click on the tab does
    assert isinstance(window.tabs.currentWidget(), StudentsTab)
    assert calls == ["list_students"]
    assert _titles(window)[3] == "Ученики"

    window.tabs.setCurrentIndex(window.tab_index(InvitationsTab))
    assert "coverage" in calls
    assert "list_guardians" not in calls and "list_staff" not in calls


def test_heavy_tabs_are_imported_on_first_view_and_titled_before(kindergarten, open_window):
    # #17: the papers' tabs pull reportlab in; the window paints first, without them.
    import subprocess

    code = ("import sys\n"
            "from sferum_desk.ui import main_window\n"
            "print(sorted(m for m in ('sferum_desk.ui.acknowledgements.tab',"
            " 'sferum_desk.ui.invitations.tab', 'sferum_desk.ui.movement.tab',"
            " 'sferum_desk.ui.tabs.reports', 'reportlab') if m in sys.modules))\n")
    root = Path(__file__).resolve().parents[2]  # `-c` finds the package in its folder
    imported = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, cwd=root).stdout.strip()
    assert imported == "[]"

    from sferum_desk.ui.tabs import LazyTab, tab_class

    window = open_window(kindergarten)
    vocabulary = kindergarten.organization.vocabulary()
    lazy = [(i, e) for i, e in enumerate(TAB_CLASSES) if isinstance(e, LazyTab)]
    assert lazy  # the titles shown before the import are the classes' own
    for index, entry in lazy:
        assert window.tabs.tabText(index) == tab_class(entry).tab_title(vocabulary)
        window.tabs.setCurrentIndex(index)
        assert isinstance(window.tabs.currentWidget(), tab_class(entry))
        assert window.tab(tab_class(entry)) is window.tabs.currentWidget()
