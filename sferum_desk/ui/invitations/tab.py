"""«Приглашения»: coverage per unit and audience, the people of one with their slips and
join marks, the links, the printed batches and the links to annul.
The tables are in tables.py, what the buttons do in actions.py.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.services.invitations import CoverageRow
from sferum_desk.ui.invitations.actions import InvitationActions
from sferum_desk.ui.invitations.tables import (
    PeopleModel,
    PeopleProxy,
    _button,
    _button_bar,
    _Table,
    _table_page,
    annul_columns,
    batch_columns,
    coverage_columns,
    link_columns,
)
from sferum_desk.ui.signals import INVITATIONS, PEOPLE, STRUCTURE, DataSignals, RefreshOnChange

AREAS = (INVITATIONS, PEOPLE, STRUCTURE)


# ---- the tab -------------------------------------------------------------------------------------
class InvitationsTab(InvitationActions, RefreshOnChange, QWidget):
    areas = AREAS

    def __init__(self, services, signals: DataSignals, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.signals = services, signals
        self.vocabulary: Vocabulary | None = None
        self.active_dialog = None
        self._building = True
        self._build()
        signals.changed.connect(self._on_changed)
        self._building = False
        self.refresh()

    @staticmethod
    def tab_title(vocabulary: Vocabulary) -> str:
        return "Приглашения"

    # ---- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(_button_bar(
            _button("Добавить ссылку…", "add_link_button", self.add_link,
                    "Сохранить ссылку-приглашение из платформы"),
            _button("Вставить много ссылок…", "paste_links_button", self.paste_links,
                    "Строки вида «5А родители https://…» или файл Excel"),
            _button("Печать карточек…", "print_button", self.print_slips,
                    "Карточки-приглашения с QR-кодом: именные или пустые")))
        self.pages = QTabWidget(objectName="pages")
        self.pages.addTab(self._coverage_page(), "Охват и люди")
        self.pages.addTab(self._links_page(), "Ссылки")
        self.pages.addTab(self._annul_page(), "К аннулированию")
        self.pages.addTab(self._batches_page(), "Напечатанные пачки")
        layout.addWidget(self.pages, 1)

    def _coverage_page(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.coverage = _Table(coverage_columns, self, "coverage")
        self.coverage.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.coverage.view.selectionModel().selectionChanged.connect(
            lambda *_: self._load_people())
        # A few dozen units at most: fitting the columns to their contents is cheap and
        # leaves the people list the room its names need.
        self.coverage.view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        splitter.addWidget(self.coverage.view)
        splitter.addWidget(self._people_panel())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        unit = self.fontMetrics().averageCharWidth()
        splitter.setSizes([unit * 77, unit * 109])
        layout.addWidget(splitter)
        return page

    def _people_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 0, 0, 0)
        self.people_title = QLabel(objectName="people_title")
        self.people_title.setStyleSheet("font-weight: bold")
        layout.addWidget(self.people_title)
        row = QHBoxLayout()
        self.people_search = QLineEdit(objectName="people_search")
        self.people_search.setPlaceholderText("Поиск по ФИО")
        self.people_search.setClearButtonEnabled(True)
        row.addWidget(self.people_search, 1)
        row.addWidget(_button("Отметить всех", "tick_all_button",
                              lambda: self.people_model.tick_all(True)))
        row.addWidget(_button("Снять отметки", "untick_button",
                              lambda: self.people_model.tick_all(False)))
        layout.addLayout(row)
        self.date = QDateEdit(QDate.currentDate(), objectName="date", calendarPopup=True)
        self.date.setDisplayFormat("dd.MM.yyyy")
        self.date.setToolTip("Дата, которой отмечаются «выдана» и «вступил»")
        layout.addLayout(_button_bar(
            QLabel("Дата:"), self.date,
            _button("Вступили", "mark_joined_button", self.mark_joined,
                    "Отмеченные галочкой вступили в «Сферум» в эту дату"),
            _button("Все вступили", "all_joined_button", self.mark_all_joined,
                    "Все в этом подразделении вступили"),
            _button("Выдана", "handed_button", self.mark_handed, "Отмеченным выдана карточка"),
            _button("Все выданы", "all_handed_button", self.mark_all_handed,
                    "Все напечатанные карточки этого подразделения выданы"),
            _button("Список вступивших…", "names_button", self.joined_names,
                    "Вставить список участников из платформы и сопоставить"),
            _button("Отказ…", "decline_button", self.decline,
                    "Отмеченные отказались от платформы: связь другим способом"),
            _button("Снять отказ", "undecline_button", self.undecline)))
        layout.addLayout(_button_bar(
            _button("Печать: отмеченным…", "print_ticked_button", self.print_ticked),
            _button("Повторно: всем, кто не вступил…", "reprint_button", self.reprint,
                    "Именные карточки только тем, кто ещё не вступил")))
        self.people_model = PeopleModel(self)
        self.people_proxy = PeopleProxy(self)
        self.people_proxy.setSourceModel(self.people_model)
        self.people_search.textChanged.connect(self.people_proxy.set_query)
        self.people_view = QTableView(objectName="people")
        self.people_view.setModel(self.people_proxy)
        self.people_view.setSortingEnabled(True)
        self.people_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.people_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people_view.setAlternatingRowColors(True)
        self.people_view.verticalHeader().hide()
        self.people_view.verticalHeader().setDefaultSectionSize(
            self.people_view.fontMetrics().height() + 10)
        header = self.people_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PeopleModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(24)
        unit = self.people_view.fontMetrics().averageCharWidth()
        for column, chars in enumerate((2, 30, 15, 16, 12, 12)):
            self.people_view.setColumnWidth(column, unit * chars + 12)
        self.people_model.handed_toggled.connect(self._handed_toggled)
        self.people_model.joined_toggled.connect(self._joined_toggled)
        layout.addWidget(self.people_view, 1)
        return panel

    def _links_page(self) -> QWidget:
        buttons = [_button("Аннулировать выбранные", "annul_selected_button",
                           self.annul_selected),
                   _button("Домены платформы…", "domains_button", self.edit_domains)]
        self.links = _Table(link_columns, self, "links")
        return _table_page(buttons, self.links)

    def _annul_page(self) -> QWidget:
        self.annul_all_button = _button("Аннулировать все", "annul_all_button", self.annul_all)
        buttons = [self.annul_all_button,
                   _button("Экспорт в Excel…", "annul_export_button", self.export_annul)]
        self.annul = _Table(annul_columns, self, "annul")
        return _table_page(buttons, self.annul, note=(
            "Действующие ссылки, которые пора аннулировать в платформе: все вступили, срок "
            "истёк или есть более новая ссылка. Аннулируйте их в платформе и здесь — "
            "аннулированные ссылки больше не печатаются."))

    def _batches_page(self) -> QWidget:
        buttons = [_button("Выдана вся пачка", "batch_handed_button", self.batch_handed,
                           "Отметить все карточки выбранной пачки выданными (дата — "
                           "на вкладке «Охват и люди»)")]
        self.batches = _Table(batch_columns, self, "batches")
        return _table_page(buttons, self.batches)

    # ---- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._stale = False
        if not self.services.organization.exists():
            return
        vocabulary = self.services.organization.vocabulary()
        if vocabulary != self.vocabulary:
            self.vocabulary = vocabulary
            for table in (self.coverage, self.links, self.annul, self.batches):
                table.set_vocabulary(vocabulary)
        inv = self.services.invitations
        coverage = inv.coverage()
        self.coverage.set_rows(coverage)
        if not self.coverage.selected():
            self.coverage.select_first()
        self.links.set_rows(inv.list_links())
        candidates = inv.links_to_annul(coverage=coverage)  # coverage computed once
        self.annul.set_rows(candidates)
        self.annul_all_button.setText(f"Аннулировать все ({len(candidates)})")
        self.annul_all_button.setEnabled(bool(candidates))
        self.pages.setTabText(2, f"К аннулированию ({len(candidates)})" if candidates
                              else "К аннулированию")
        self.batches.set_rows(inv.list_batches())
        self._load_people()

    def current_group(self) -> CoverageRow | None:
        rows = self.coverage.selected()
        return rows[0] if rows else None

    def _load_people(self) -> None:
        group = self.current_group()
        if group is None:
            self.people_model.set_people([], "")
            self.people_title.setText("Выберите слева подразделение")
            return
        detail = {"parents": "Ребёнок", "staff": "Должность", "students": ""}[group.audience]
        self.people_model.set_people(
            self.services.invitations.audience_people(group.unit_id, group.audience), detail)
        self.people_title.setText(
            f"{group.unit_name} — {group.audience_title}: {group.size} чел., выдано карточек "
            f"{group.handed_out}, вступили {group.joined} ({group.percent:.0f} %); ссылка: "
            f"{group.link_status_title}")

    def _changed(self) -> None:
        self.signals.changed.emit(INVITATIONS)
        if not self.isVisible():
            self.refresh()
