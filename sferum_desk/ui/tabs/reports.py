"""«Отчёты»: coverage by unit and overall with bars, who is missing in a unit, the growth by
week, which audiences count, and the head's PDF or the Excel workbook (saved off the GUI
thread)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter,
    QTableView, QVBoxLayout, QWidget,
)

from sferum_desk.domain.coverage import PARENTS, STAFF, STUDENTS, CoverageReport
from sferum_desk.domain.dates import format_date
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.ui import dialogs
from sferum_desk.ui import file_dialogs as files
from sferum_desk.ui.acknowledgements.print_dialog import BackgroundJob, run_with_progress
from sferum_desk.ui.reports_widgets import (
    BarDelegate, CoverageModel, CoverageProxy, GrowthChart,
)
from sferum_desk.ui.signals import (
    ACKNOWLEDGEMENTS, INVITATIONS, ORGANIZATION, PEOPLE, STRUCTURE, DataSignals, RefreshOnChange,
)
from sferum_desk.ui.table_model import Column, RowTableModel, SearchProxy
from sferum_desk.ui.table_tab import apply_widths, make_table_view
from sferum_desk.ui.words import phone_text

AREAS = (PEOPLE, STRUCTURE, INVITATIONS, ACKNOWLEDGEMENTS, ORGANIZATION)
WHO = {STAFF: "сотрудник", STUDENTS: "обучающийся", PARENTS: "родитель"}
MISSING_COLUMNS = [
    Column("ФИО", lambda m: m.full_name, chars=27),
    Column("Кто", lambda m: WHO[m.audience], chars=9),
    Column("Должность / дети", lambda m: m.detail, chars=24),
    Column("Телефон", lambda m: phone_text(m.phone) if m.phone else "", chars=15),
    Column("Карточка", lambda m: "выдана" if m.slip_handed else "нет", chars=7),
]


class ReportsTab(RefreshOnChange, QWidget):
    """See the tab contract in ui/tabs/__init__.py."""

    areas = AREAS

    def __init__(self, services, signals: DataSignals, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.signals = signals
        self.report: CoverageReport | None = None
        self.job = None
        self._build()
        signals.changed.connect(self._on_changed)
        self.refresh()

    @staticmethod
    def tab_title(vocabulary: Vocabulary) -> str:
        return "Отчёты"

    # ---- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Учитывать:"))
        self.audience_boxes: dict[str, QCheckBox] = {}
        for audience, title in ((STAFF, "сотрудников"), (STUDENTS, "обучающихся"),
                                (PARENTS, "родителей")):
            box = QCheckBox(title)
            box.setObjectName(f"audience_{audience}")
            box.clicked.connect(self._audiences_changed)
            bar.addWidget(box)
            self.audience_boxes[audience] = box
        self.without_declined = QCheckBox("без отказавшихся", objectName="without_declined")
        self.without_declined.setToolTip("Считать охват без тех, кто отказался от платформы")
        self.without_declined.clicked.connect(self.refresh)
        bar.addWidget(self.without_declined)
        bar.addStretch(1)
        self.as_of = QLabel()
        self.as_of.setObjectName("as_of")
        bar.addWidget(self.as_of)
        self.pdf_button = QPushButton("Отчёт для руководителя (PDF)…")
        self.pdf_button.setObjectName("pdf_button")
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.xlsx_button = QPushButton("В Excel…")
        self.xlsx_button.setObjectName("xlsx_button")
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)
        layout.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = CoverageModel(self)
        self.proxy = CoverageProxy(self.model, self)
        self.table = QTableView()
        self.table.setObjectName("coverage")
        self.table.setModel(self.proxy)
        self.table.setItemDelegateForColumn(1, BarDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().currentRowChanged.connect(self._show_missing)
        splitter.addWidget(self.table)

        lower = QSplitter(Qt.Orientation.Horizontal)
        missing_box = QWidget()
        missing_layout = QVBoxLayout(missing_box)
        missing_layout.setContentsMargins(0, 0, 0, 0)
        self.missing_title = QLabel("Щёлкните строку таблицы, чтобы увидеть, кто ещё не "
                                    "присоединился.")
        self.missing_title.setObjectName("missing_title")
        missing_layout.addWidget(self.missing_title)
        self.missing_model = RowTableModel(MISSING_COLUMNS)
        self.missing = SearchProxy(self.missing_model, self)
        self.missing_view = make_table_view(self.missing, missing_box)
        self.missing_view.setObjectName("missing")
        apply_widths(self.missing_view, MISSING_COLUMNS)
        missing_layout.addWidget(self.missing_view, 1)
        lower.addWidget(missing_box)
        growth_box = QWidget()
        growth_layout = QVBoxLayout(growth_box)
        growth_layout.setContentsMargins(0, 0, 0, 0)
        self.growth_title = QLabel("<b>Рост по неделям</b> (присоединились, нарастающим "
                                   "итогом)")
        self.growth_title.setObjectName("growth_title")
        growth_layout.addWidget(self.growth_title)
        self.growth = GrowthChart()
        self.growth.setObjectName("growth")
        growth_layout.addWidget(self.growth, 1)
        lower.addWidget(growth_box)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

    # ---- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._stale = False
        try:
            report = self.services.reports.coverage()
        except UserError as error:  # no organisation yet
            self.as_of.setText(error.message)
            return
        selected = self._selected_unit_id()
        self.report = report
        for audience, box in self.audience_boxes.items():
            box.setChecked(audience in report.audiences)
        self.audience_boxes[STUDENTS].setText(report.students_word.lower())
        self.as_of.setText(f"на {format_date(report.as_of)}")
        self.model.set_report(report, self.without_declined.isChecked())
        self._fit_columns()
        last = report.growth[-1] if report.growth else None
        self.growth_title.setText("<b>Рост по неделям</b> (нарастающим итогом)" + (
            f": всего {last.total}, за эту неделю +{last.added}" if last else ""))
        self.growth.set_points(report.growth)
        if selected is not None:
            self.select_unit(selected)
        self._show_missing()

    def _fit_columns(self) -> None:
        """Wide enough for «128 из 216 (59 %)» and for each header; the bar takes the rest."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        bold = header.fontMetrics()
        for column in range(self.model.columnCount()):
            if column == 1:
                header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
                continue
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            texts = [self.model.data(self.model.index(r, column)) or ""
                     for r in range(self.model.rowCount())]
            widest = max([metrics.horizontalAdvance(t) for t in texts] + [0])
            self.table.setColumnWidth(column, max(widest, bold.horizontalAdvance(title)) + 24)

    def _audiences_changed(self) -> None:
        chosen = [a for a, box in self.audience_boxes.items() if box.isChecked()]
        try:
            self.services.reports.set_audiences(chosen)
        except UserError as error:
            dialogs.show_error(self, error.message)
        self.refresh()

    # ---- who is missing ---------------------------------------------------------------------
    def _selected_unit_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.line(self.proxy.mapToSource(index).row()).unit_id

    def select_unit(self, unit_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.line(row).unit_id == unit_id:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.setCurrentIndex(index)
                self.table.selectRow(index.row())
                return

    def _show_missing(self, *_args) -> None:
        unit_id = self._selected_unit_id()
        if unit_id is None:
            self.missing_title.setText("Щёлкните строку таблицы, чтобы увидеть, кто ещё не "
                                       "присоединился.")
            self.missing_model.set_rows([])
            return
        try:
            rows = self.services.reports.missing(unit_id)
        except UserError as error:
            self.missing_title.setText(error.message)
            return
        name = next(line.name for line in self.model.lines if line.unit_id == unit_id)
        self.missing_title.setText(f"<b>Не присоединились: «{name}»</b> — {len(rows)} чел."
                                   if rows else f"<b>«{name}»</b>: присоединились все.")
        self.missing_model.set_rows([_Missing(i, m) for i, m in enumerate(rows)])

    # ---- files ------------------------------------------------------------------------------
    def export(self, suffix: str) -> None:
        name_filter = files.PDF_FILTER if suffix == ".pdf" else files.XLSX_FILTER
        suggested = files.suggested_name(
            "Отчёт об охвате Сферум" if suffix == ".pdf" else "Охват Сферум", suffix=suffix)
        path = files.ask_save_path(self, files.REPORT, "Сохранить отчёт", suggested,
                                   name_filter)
        if path is None:
            return
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self.job = BackgroundJob(
            lambda progress: self.services.reports.export(path, progress=progress), self)
        self.job.succeeded.connect(self._saved)
        self.job.failed.connect(lambda message: dialogs.show_error(self, message))
        run_with_progress(self, "Готовлю отчёт…", self.job)

    def _saved(self, path) -> None:
        self.last_saved = path
        files.file_saved(self, files.REPORT, path)
        files.open_path(path)


class _Missing:
    """A missing person as a table row (the table model wants an `id`)."""

    __slots__ = ("_person", "id")

    def __init__(self, index: int, person):
        self.id = index
        self._person = person

    def __getattr__(self, name):
        return getattr(self._person, name)
