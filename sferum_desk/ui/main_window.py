"""The main window: the tabs of `ui.tabs.TAB_CLASSES`, the menus, the status bar.

Tabs are built when first shown (or first asked for with `tab()`): at start only the shown
tab is made and loads its data, so a large school's window opens at once; a tab never seen
costs nothing, and loads fresh when it is. A `LazyTab` entry's module is imported only then.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QTabWidget, QWidget

from sferum_desk.services import Services
from sferum_desk.ui import dialogs
from sferum_desk.ui import menus as registered
from sferum_desk.ui.form_dialog import QUIT_KEYS
from sferum_desk.ui.geometry import initial_main_size
from sferum_desk.ui.menus import FILE_MENU, HELP_MENU, MenuAction
from sferum_desk.ui.saved_notice import Opener, SavedFileNotice
from sferum_desk.ui.signals import ALL, ORGANIZATION, PEOPLE, STRUCTURE, DataSignals
from sferum_desk.ui.table_tab import run_safely
from sferum_desk.ui.tabs import TAB_CLASSES, LazyTab, tab_class, tab_name

SETTINGS_GEOMETRY = "main_window/geometry"
SETTINGS_STATE = "main_window/state"
SETTINGS_LAST_TAB = "main_window/last_tab"


class MainWindow(QMainWindow):
    open_requested = Signal(Path)  # the user chose another database file

    def __init__(self, services: Services, signals: DataSignals | None = None,
                 settings: QSettings | None = None, demo: bool = False,
                 parent: QWidget | None = None, opener: Opener | None = None):
        super().__init__(parent)
        self.saved_notice = SavedFileNotice(opener)  # «Открыть» after a file is saved
        self.services = services
        self.signals = signals or DataSignals(self)
        self.settings = settings or QSettings()
        self.demo = demo
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tab_classes: list[type | LazyTab] = list(TAB_CLASSES)
        self._built: dict[int, QWidget] = {}  # tab index -> the tab, once made
        for _cls in self.tab_classes:
            self.tabs.addTab(QWidget(), "")  # a placeholder until the tab is first shown
        self.setCentralWidget(self.tabs)
        self._build_status_bar()
        self._build_menus()
        self.signals.changed.connect(self._on_changed)
        self.retitle()
        self.update_counts()
        self.restore_settings()
        self._build_tab(self.tabs.currentIndex())
        self._shown_tab = self.tabs.currentIndex()
        self.tabs.currentChanged.connect(self._tab_switched)
        self.setAcceptDrops(True)

    # ---- tabs --------------------------------------------------------------------------
    @property
    def tab_widgets(self) -> list[QWidget]:
        """The tabs made so far (a tab not yet shown is not made)."""
        return [self._built[i] for i in sorted(self._built)]

    def tab(self, cls: type) -> QWidget:
        """The tab of this class, made now if it was not yet."""
        return self._build_tab(self.tab_index(cls))

    def tab_index(self, cls: type) -> int:
        for index, entry in enumerate(self.tab_classes):
            if isinstance(entry, LazyTab):
                # Not imported yet: then `cls` (whose module is imported) cannot be it.
                if entry.module in sys.modules and issubclass(entry.load(), cls):
                    return index
            elif issubclass(entry, cls):
                return index
        raise LookupError(cls.__name__)

    def _build_tab(self, index: int) -> QWidget:
        """Make the tab at `index` in place of its placeholder (it loads its data)."""
        if index in self._built or index < 0:
            return self._built.get(index) or self.tabs.widget(index)
        tab = tab_class(self.tab_classes[index])(self.services, self.signals)
        self._built[index] = tab
        placeholder, title = self.tabs.widget(index), self.tabs.tabText(index)
        current = self.tabs.currentIndex()
        blocked = self.tabs.blockSignals(True)  # a swap, not a switch the user made
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, tab, title)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(blocked)
        placeholder.deleteLater()
        return tab

    def retitle(self) -> None:
        """Every kind-dependent word comes from the organisation's vocabulary."""
        vocabulary = self.services.organization.vocabulary()
        for index, cls in enumerate(self.tab_classes):
            self.tabs.setTabText(index, cls.tab_title(vocabulary))
        organization = self.services.organization.get()
        name = organization.short_name if organization else ""
        title = f"{name} — Sferum Desk" if name else "Sferum Desk"
        self.setWindowTitle(title + (" (демонстрация)" if self.demo else ""))

    def _tab_switched(self, index: int) -> None:
        left = self.tabs.widget(self._shown_tab)
        if index != self._shown_tab and not may_leave(left):
            self.tabs.blockSignals(True)  # «Отмена»: stay with the unsaved input
            self.tabs.setCurrentIndex(self._shown_tab)
            self.tabs.blockSignals(False)
            return
        self._shown_tab = index
        tab = self._build_tab(index)
        view = getattr(tab, "view", None)
        if view is not None:  # so that Ins, Del, Enter and Ctrl+F work at once
            view.setFocus(Qt.FocusReason.TabFocusReason)

    # ---- a roster dropped on the window ---------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if dropped_roster(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = dropped_roster(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.import_file(path)

    def import_file(self, path: Path):
        """The import wizard, with `path` filled in (the user still says staff or pupils)."""
        from sferum_desk.ui.import_roster.wizard import open_import

        wizard = open_import(self)
        wizard.path_edit.setText(str(path))
        return wizard

    # ---- status bar -----------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts_label")
        self.statusBar().addWidget(self.counts_label, 1)
        self.statusBar().addPermanentWidget(self.saved_notice)
        db = self.services.db
        database = QLabel(f"База: {db.path.name if db.path else db.location}")
        database.setToolTip(db.location)
        self.statusBar().addPermanentWidget(database)

    def update_counts(self) -> None:
        vocabulary = self.services.organization.vocabulary()
        stats = self.services.people.stats()
        self.counts_label.setText(
            f"{vocabulary.units}: {max(stats.units - 1, 0)}   ·   Сотрудники: {stats.staff}   ·   "
            f"{vocabulary.students}: {stats.students}   ·   Родители: {stats.guardians}")

    def _on_changed(self, area: str) -> None:
        if area in (ORGANIZATION, ALL):
            self.retitle()
        if area in (ORGANIZATION, STRUCTURE, PEOPLE, ALL):
            self.update_counts()

    # ---- menus -------------------------------------------------------------------------------
    def _action(self, menu: QMenu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menus: dict[str, QMenu] = {}
        file_menu = self.menus[FILE_MENU] = bar.addMenu(FILE_MENU)
        self._action(file_menu, "Открыть базу данных…", self.choose_database,
                     QKeySequence.StandardKey.Open, "Открыть другой файл базы или создать новый")
        extra = [a for a in registered.MENU_ACTIONS if a.menu == FILE_MENU]
        if extra:
            file_menu.addSeparator()
        for action in extra:
            self._add_registered(file_menu, action)
        file_menu.addSeparator()
        self._action(file_menu, "Сохранить резервную копию", self.backup_now, None,
                     "Сохранить копию базы рядом с ней, в папке backups")
        file_menu.addSeparator()
        self._action(file_menu, "Выход", self.close, QUIT_KEYS)
        for action in registered.MENU_ACTIONS:
            if action.menu not in (FILE_MENU, HELP_MENU):
                menu = self.menus.get(action.menu) or bar.addMenu(action.menu)
                self.menus[action.menu] = menu
                self._add_registered(menu, action)
        help_menu = self.menus[HELP_MENU] = bar.addMenu(HELP_MENU)
        self._action(help_menu, "Руководство пользователя", self.show_help,
                     QKeySequence.StandardKey.HelpContents, "Как работать с программой (F1)")
        for action in (a for a in registered.MENU_ACTIONS if a.menu == HELP_MENU):
            self._add_registered(help_menu, action)
        self._action(help_menu, "О программе", self.about)

    def _add_registered(self, menu: QMenu, action: MenuAction) -> None:
        if action.separator_before:
            menu.addSeparator()
        self._action(menu, action.text, lambda: action.run(self), action.shortcut or None,
                     action.tooltip)

    def menu_action(self, menu: str, text: str) -> QAction:
        """Find a menu item by its text (for tests and for other parts of the GUI)."""
        for action in self.menus[menu].actions():
            if action.text() == text:
                return action
        raise LookupError(text)

    def choose_database(self) -> None:
        path = dialogs.ask_database_path(self)
        if path is not None:
            self.open_requested.emit(path)

    def backup_now(self) -> None:
        saved: list[Path] = []
        if run_safely(self, lambda: saved.append(self.services.organization.backup_now())):
            dialogs.show_info(self, f"Резервная копия сохранена:\n{saved[0]}")

    def show_help(self):
        from sferum_desk.ui.help import show_help

        self.help_dialog = show_help(self)
        return self.help_dialog

    def about(self) -> None:
        from sferum_desk.ui.about import show_about

        show_about(self)

    # ---- settings ----------------------------------------------------------------------------
    def restore_settings(self) -> None:
        geometry = self.settings.value(SETTINGS_GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            if initial_main_size(self):
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        state = self.settings.value(SETTINGS_STATE)
        if state is not None:
            self.restoreState(state)
        last = self.settings.value(SETTINGS_LAST_TAB)
        for index, entry in enumerate(self.tab_classes):
            if tab_name(entry) == last:
                self.tabs.setCurrentIndex(index)

    def save_settings(self) -> None:
        self.settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        self.settings.setValue(SETTINGS_STATE, self.saveState())
        self.settings.setValue(SETTINGS_LAST_TAB,
                               tab_name(self.tab_classes[self.tabs.currentIndex()]))
        self.settings.sync()

    def closeEvent(self, event) -> None:
        if not all(may_leave(tab) for tab in self.tab_widgets):
            event.ignore()  # «Отмена» in «Сохранить изменения?»
            return
        self.save_settings()
        super().closeEvent(event)


ROSTER_SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")


def dropped_roster(mime) -> Path | None:
    """The one spreadsheet file being dropped, or None (several files, or another kind)."""
    urls = [url for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
    if len(urls) != 1:
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() in ROSTER_SUFFIXES else None


def may_leave(tab: QWidget | None) -> bool:
    """A tab with unsaved input (an open card, the organisation form) asks first; True when
    it is fine to switch away or quit."""
    dialog = getattr(tab, "active_dialog", None)
    if dialog is not None and dialog.isVisible():
        dialog.reject()  # asks «Сохранить изменения?» when something was typed
        if dialog.isVisible():
            return False
    leave = getattr(tab, "may_leave", None)
    return leave() if leave is not None else True
