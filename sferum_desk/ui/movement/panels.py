"""Parts of the «Движение» tab: the «Сделать в Сферуме» list with ticks, and one person's
platform status (joined, teacher verified, additional administrator, required chats)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from sferum_desk.domain.dates import format_date
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.names import fold
from sferum_desk.domain.platform import CHAT_ROLE_TITLES
from sferum_desk.services import Services
from sferum_desk.services.platform import PlatformStatus, TaskRow
from sferum_desk.ui import dialogs
from sferum_desk.ui import file_dialogs as files
from sferum_desk.ui.acknowledgements.print_dialog import BackgroundJob, run_with_progress
from sferum_desk.ui.table_model import TitledTableModel
from sferum_desk.ui.word_filter import WordFilterProxy


# ---- the to-do list --------------------------------------------------------------------------
class TodoModel(TitledTableModel):
    """Сделано (a tick) | Что сделать | Подробно | Подразделение | Добавлено."""

    DONE, KIND, TEXT, UNIT, CREATED = range(5)
    headers = ("Сделано", "Что сделать", "Подробно", "Подразделение", "Добавлено")
    toggled = Signal(int, bool)  # task id, done

    def __init__(self, parent=None):
        super().__init__(parent)
        self.tasks: list[TaskRow] = []

    def set_tasks(self, tasks: list[TaskRow]) -> None:
        self.beginResetModel()
        self.tasks = tasks
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.tasks)

    def flags(self, index: QModelIndex):
        flags = super().flags(index)
        if index.column() == self.DONE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        task, col = self.tasks[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == self.DONE:
            return Qt.CheckState.Checked if task.done else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.UserRole:  # sort and search
            return {self.DONE: task.done, self.CREATED: task.created_at.isoformat()}.get(
                col, fold(self._text(task, col)))
        if role == Qt.ItemDataRole.ToolTipRole and col == self.TEXT:
            return task.description
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(task, col)
        return None

    def _text(self, task: TaskRow, col: int) -> str:
        return {self.DONE: format_date(task.done_at.date()) if task.done_at else "",
                self.KIND: task.kind_title, self.TEXT: task.description, self.UNIT: task.unit,
                self.CREATED: format_date(task.created_at.date())}[col]

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != self.DONE:
            return False
        done = Qt.CheckState(value) == Qt.CheckState.Checked
        self.toggled.emit(self.tasks[index.row()].id, done)
        return True


class TodoFilter(WordFilterProxy):
    """Search over the kind, the text and the unit; sorted by the model's keys."""

    def __init__(self, source: TodoModel, parent=None):
        super().__init__(parent)
        self.setSourceModel(source)

    def row_text(self, row: int) -> str:
        task = self.sourceModel().tasks[row]
        return f"{task.kind_title} {task.description} {task.unit}"


class TodoPanel(QWidget):
    """The list «Сделать в Сферуме»: tick what is done, print or export what is open."""

    changed = Signal()  # a task was ticked: the tab title's count changes

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.show_done = QCheckBox("Показать сделанные")
        self.show_done.setObjectName("show_done")
        self.show_done.toggled.connect(self.refresh)
        bar.addWidget(self.show_done)
        self.search = QLineEdit()
        self.search.setObjectName("todo_search")
        self.search.setPlaceholderText("Поиск по задачам")
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 1)
        self.print_button = QPushButton("Печать (PDF)…")
        self.print_button.setObjectName("todo_pdf")
        self.print_button.clicked.connect(lambda: self.export(".pdf"))
        self.excel_button = QPushButton("В Excel…")
        self.excel_button.setObjectName("todo_xlsx")
        self.excel_button.clicked.connect(lambda: self.export(".xlsx"))
        bar.addWidget(self.print_button)
        bar.addWidget(self.excel_button)
        layout.addLayout(bar)
        self.hint = QLabel("Отметьте задачу, когда сделаете её на платформе. Подтверждённый "
                           "статус педагога и аннулированная ссылка запоминаются.")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.model = TodoModel(self)
        self.model.toggled.connect(self._toggle)
        self.proxy = TodoFilter(self.model, self)
        self.search.textChanged.connect(self.proxy.set_query)
        self.view = QTableView()
        self.view.setObjectName("todo")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)  # one line a task; the full text is in the tooltip
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setSectionResizeMode(TodoModel.TEXT,
                                                          QHeaderView.ResizeMode.Stretch)
        unit = self.view.fontMetrics().averageCharWidth()
        for column, chars in ((TodoModel.DONE, 11), (TodoModel.KIND, 26), (TodoModel.UNIT, 14),
                              (TodoModel.CREATED, 11)):
            self.view.setColumnWidth(column, unit * chars + 16)
        layout.addWidget(self.view, 1)
        self.job = None

    def refresh(self) -> None:
        self.services.platform.reconcile_tasks()
        self.model.set_tasks(self.services.platform.list_tasks(self.show_done.isChecked()))

    def open_count(self) -> int:
        return sum(1 for t in self.model.tasks if not t.done)

    def _toggle(self, task_id: int, done: bool) -> None:
        try:
            self.services.platform.set_task_done(task_id, done)
        except UserError as error:
            dialogs.show_error(self, error.message)
        self.refresh()
        self.changed.emit()

    def export(self, suffix: str) -> None:
        name_filter = files.PDF_FILTER if suffix == ".pdf" else files.XLSX_FILTER
        path = files.ask_save_path(self, files.REPORT, "Сохранить список «Сделать в Сферуме»",
                                   files.suggested_name("Сделать в Сферуме", suffix=suffix),
                                   name_filter)
        if path is None:
            return
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self.job = BackgroundJob(lambda _progress: self.services.platform.export_tasks(
            path), self)
        self.job.succeeded.connect(self._saved)
        self.job.failed.connect(lambda message: dialogs.show_error(self, message))
        run_with_progress(self, "Сохраняю список…", self.job)

    def _saved(self, path) -> None:
        files.file_saved(self, files.REPORT, path)
        files.open_path(path)


# ---- one person's platform status ---------------------------------------------------------
class StatusPanel(QGroupBox):
    """What the administrator keeps about a person on the platform; ticks save at once."""

    changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__("На платформе", parent)
        self.services = services
        self.status: PlatformStatus | None = None
        form = QFormLayout(self)
        self.joined = QLabel()
        self.joined.setObjectName("joined")
        form.addRow("Присоединился(ась):", self.joined)
        self.verified = QCheckBox("статус педагога подтверждён")
        self.verified.setObjectName("verified")
        self.verified.clicked.connect(self._set_verified)
        form.addRow(self.verified)
        self.admin = QCheckBox("дополнительный администратор")
        self.admin.setObjectName("extra_admin")
        self.admin.clicked.connect(self._set_admin)
        form.addRow(self.admin)
        self.chats_label = QLabel("Обязательные чаты:")
        self.chats_box = QVBoxLayout()
        form.addRow(self.chats_label, self.chats_box)
        self.chat_boxes: list[QWidget] = []
        self.show_status(None)

    def show_status(self, status: PlatformStatus | None) -> None:
        self.status = status
        for box in self.chat_boxes:
            box.setParent(None)
            box.deleteLater()
        self.chat_boxes = []
        if status is None:
            self.joined.setText("—")
            for box in (self.verified, self.admin):
                box.setChecked(False)
                box.setEnabled(False)
            self.chats_label.setText("Обязательные чаты:")
            return
        self.joined.setText(format_date(status.joined_on) if status.joined else "нет")
        self.joined.setToolTip("" if status.joined else
                               "Присоединение отмечают во вкладке «Приглашения»")
        is_staff = "staff" in status.roles
        self.verified.setChecked(status.teacher_verified)
        self.verified.setEnabled(status.joined and status.is_teacher)
        self.verified.setVisible(is_staff)
        self.admin.setChecked(status.extra_admin)
        self.admin.setEnabled(status.joined and status.is_teacher)
        self.admin.setVisible(is_staff)
        self.admin.setToolTip("Только для присоединившегося педагога с подтверждённым "
                              "статусом")
        roles = ", ".join(CHAT_ROLE_TITLES[r] for r in status.roles)
        self.chats_label.setText(f"Обязательные чаты ({roles}):" if roles else
                                 "Обязательные чаты:")
        if not status.chats:
            none = QLabel("нет")
            self.chats_box.addWidget(none)
            self.chat_boxes.append(none)
        for chat in status.chats:
            box = QCheckBox(f"«{chat.name}»")
            box.setObjectName(f"chat_{chat.name}")
            box.setChecked(chat.done)
            box.setEnabled(status.joined)
            box.clicked.connect(lambda checked, name=chat.name: self._set_chat(name, checked))
            self.chats_box.addWidget(box)
            self.chat_boxes.append(box)

    def _apply(self, action) -> None:
        try:
            status = action()
        except UserError as error:
            dialogs.show_error(self, error.message)
            status = self.services.platform.status(self.status.person_id)
        self.show_status(status)
        self.changed.emit()

    def _set_verified(self, checked: bool) -> None:
        self._apply(lambda: self.services.platform.set_teacher_verified(self.status.person_id,
                                                                        checked))

    def _set_admin(self, checked: bool) -> None:
        self._apply(lambda: self.services.platform.set_extra_admin(self.status.person_id,
                                                                   checked))

    def _set_chat(self, chat: str, checked: bool) -> None:
        self._apply(lambda: self.services.platform.set_chat_done(self.status.person_id, chat,
                                                                 checked))
