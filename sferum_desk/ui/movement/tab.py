"""«Движение»: transfers, departures, guardians, new staff and the new academic year, with
each person's history and platform status, and the list «Сделать в Сферуме»."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
    QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from sferum_desk.domain.dates import format_date
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.services.movement import Change, PersonRow
from sferum_desk.ui import dialogs
from sferum_desk.ui.movement.dialogs import (
    EraseDialog, GuardianChangeDialog, HireDialog, LeaveDialog, TransferDialog,
)
from sferum_desk.ui.movement.new_year import NewYearDialog
from sferum_desk.ui.movement.panels import StatusPanel, TodoPanel
from sferum_desk.ui.signals import ALL, INVITATIONS, PEOPLE, STRUCTURE, DataSignals, RefreshOnChange
from sferum_desk.ui.table_model import Column, RowTableModel, SearchProxy, date_sort
from sferum_desk.ui.table_tab import apply_widths, make_table_view, open_dialog

AREAS = (PEOPLE, STRUCTURE, INVITATIONS)


@dataclass(frozen=True)
class _HistoryLine:
    id: int
    on: object
    what: str


def _people_columns(vocabulary: Vocabulary) -> list[Column]:
    return [
        Column("ФИО", lambda r: r.full_name, chars=28),
        Column("Кто", lambda r: r.role, chars=12),
        Column(f"{vocabulary.unit} / должность", lambda r: r.unit, chars=18),
        Column("В Сферуме с", lambda r: format_date(r.joined_on),
               sort=lambda r: date_sort(r.joined_on), chars=11, searchable=False),
        Column("Выбыл(а)", lambda r: format_date(r.left_on),
               sort=lambda r: date_sort(r.left_on), chars=11, searchable=False),
    ]


HISTORY_COLUMNS = [
    Column("Дата", lambda r: format_date(r.on), sort=lambda r: date_sort(r.on), chars=11,
           searchable=False),
    Column("Что было", lambda r: r.what, chars=60),
]


class MovementTab(RefreshOnChange, QWidget):
    """See the tab contract in ui/tabs/__init__.py."""

    areas = AREAS

    def __init__(self, services, signals: DataSignals, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.signals = signals
        self.vocabulary: Vocabulary | None = None
        self.active_dialog = None
        self._build()
        signals.changed.connect(self._on_changed)
        self.refresh()

    @staticmethod
    def tab_title(vocabulary: Vocabulary) -> str:
        return "Движение"

    # ---- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot, tip in (
                ("transfer", "Перевести…", self.transfer, "Перевести в другое подразделение"),
                ("leave", "Выбытие…", self.leave, "Оформить выбытие или увольнение"),
                ("replace_guardian", "Заменить родителя…", self.replace_guardian, ""),
                ("add_guardian", "Добавить родителя…", self.add_guardian, ""),
                ("hire", "Новый сотрудник…", self.hire, ""),
                ("new_year", "Новый учебный год…", self.new_year,
                 "Перевести всех в следующий год по предпросмотру"),
                ("erase", "Стереть выбывших…", self.erase,
                 "Стереть навсегда данные тех, кто выбыл давно")):
            button = QPushButton(text)
            button.setObjectName(f"{name}_button")
            button.setToolTip(tip)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[name] = button
        bar.addStretch(1)
        layout.addLayout(bar)
        self.pages = QTabWidget()
        self.pages.setObjectName("pages")
        self.pages.addTab(self._people_page(), "Люди и история")
        self.todo = TodoPanel(self.services)
        self.todo.changed.connect(self._update_todo_title)
        self.pages.addTab(self.todo, "Сделать в Сферуме")
        layout.addWidget(self.pages, 1)
        self.status_line = QLabel()
        self.status_line.setObjectName("status_line")
        self.status_line.setWordWrap(True)
        layout.addWidget(self.status_line)

    def _people_page(self) -> QWidget:
        page = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Поиск: ФИО, класс, должность")
        self.search.setClearButtonEnabled(True)
        filters.addWidget(self.search, 1)
        self.show_left = QCheckBox("с выбывшими")
        self.show_left.setObjectName("show_left")
        self.show_left.toggled.connect(self.refresh)
        filters.addWidget(self.show_left)
        column.addLayout(filters)
        self.people_model = RowTableModel()
        self.people = SearchProxy(self.people_model, self)
        self.search.textChanged.connect(self.people.set_query)
        self.people_view = make_table_view(self.people, left)
        self.people_view.setObjectName("people")
        self.people_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.people_view.selectionModel().currentRowChanged.connect(self._show_person)
        column.addWidget(self.people_view, 1)
        page.addWidget(left)

        right = QWidget()
        details = QVBoxLayout(right)
        details.setContentsMargins(0, 0, 0, 0)
        self.person_title = QLabel("Выберите человека слева")
        self.person_title.setObjectName("person_title")
        self.person_title.setWordWrap(True)
        details.addWidget(self.person_title)
        self.status_panel = StatusPanel(self.services)
        self.status_panel.changed.connect(lambda: self.signals.changed.emit(PEOPLE))
        details.addWidget(self.status_panel)
        details.addWidget(QLabel("<b>История</b>"))
        self.history_model = RowTableModel(HISTORY_COLUMNS)
        self.history = SearchProxy(self.history_model, self)
        self.history_view = make_table_view(self.history, right)
        self.history_view.setObjectName("history")
        self.history_view.setWordWrap(True)
        apply_widths(self.history_view, HISTORY_COLUMNS)
        self.history_view.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        self.history_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        details.addWidget(self.history_view, 1)
        page.addWidget(right)
        page.setStretchFactor(0, 3)
        page.setStretchFactor(1, 2)
        return page

    # ---- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._stale = False
        vocabulary = self.services.organization.vocabulary()
        if vocabulary != self.vocabulary:
            self.vocabulary = vocabulary
            self.people_model.set_columns(_people_columns(vocabulary))
            apply_widths(self.people_view, self.people_model.columns())
        current = self.selected_person()
        self.people_model.set_rows(self.services.movement.list_people(
            include_left=self.show_left.isChecked()))
        if current is not None:
            self.select_person(current.id)
        self._show_person()
        self.todo.refresh()
        self._update_todo_title()

    def _update_todo_title(self) -> None:
        count = self.todo.open_count()
        self.pages.setTabText(1, f"Сделать в Сферуме ({count})" if count else
                              "Сделать в Сферуме")

    # ---- the selected person -----------------------------------------------------------------
    def selected_person(self) -> PersonRow | None:
        index = self.people_view.currentIndex()
        return self.people.row_at(index.row()) if index.isValid() else None

    def select_person(self, person_id: int) -> None:
        row = self.people.proxy_row_of_id(person_id)
        if row >= 0:
            self.people_view.selectRow(row)
            self.people_view.setCurrentIndex(self.people.index(row, 0))

    def _show_person(self, *_args) -> None:
        person = self.selected_person()
        active = person is not None and person.left_on is None
        self.buttons["transfer"].setEnabled(active and person.is_student)
        self.buttons["leave"].setEnabled(active)
        self.buttons["replace_guardian"].setEnabled(active and person.is_student)
        self.buttons["add_guardian"].setEnabled(active and person.is_student)
        if person is None:
            self.person_title.setText("Выберите человека слева")
            self.status_panel.show_status(None)
            self.history_model.set_rows([])
            return
        try:
            history = self.services.movement.history(person.id)
            status = self.services.platform.status(person.id)
        except UserError:  # removed meanwhile (another PC): the list reloads on the signal
            return
        self.person_title.setText(f"<b>{history.full_name}</b><br>{history.description}")
        self.status_panel.show_status(status)
        self.history_model.set_rows(_HistoryLine(i, r.on, r.what)
                                    for i, r in enumerate(history.rows))
        self.history_view.resizeRowsToContents()

    # ---- actions ----------------------------------------------------------------------------
    def _open(self, dialog) -> None:
        dialog.saved.connect(self._after_change)
        open_dialog(self, dialog)

    def _after_change(self, change: Change | None, area: str = PEOPLE) -> None:
        if change is not None:
            tasks = (f" В «Сделать в Сферуме» добавлено задач: {change.tasks_added}."
                     if change.tasks_added else "")
            self.status_line.setText(change.summary + tasks)
        self.signals.changed.emit(area)
        if not self.isVisible():
            self.refresh()

    def transfer(self) -> None:
        person = self.selected_person()
        if person is not None:
            self._open(TransferDialog(self.services, self.vocabulary, person, self))

    def leave(self) -> None:
        person = self.selected_person()
        if person is not None:
            self._open(LeaveDialog(self.services, person, self))

    def replace_guardian(self) -> None:
        person = self.selected_person()
        if person is not None:
            self._open(GuardianChangeDialog(self.services, person, True, self))

    def add_guardian(self) -> None:
        person = self.selected_person()
        if person is not None:
            self._open(GuardianChangeDialog(self.services, person, False, self))

    def hire(self) -> None:
        self._open(HireDialog(self.services, self.vocabulary, self))

    def new_year(self) -> None:
        try:
            dialog = NewYearDialog(self.services, self.vocabulary, self)
        except UserError as error:
            dialogs.show_error(self, error.message)
            return
        dialog.saved.connect(lambda change: self._after_change(change, ALL))
        open_dialog(self, dialog)

    def erase(self) -> None:
        self._open(EraseDialog(self.services, self))
