"""«Ознакомление»: the register of local acts and, below it, who has signed the chosen one.

Also the registration papers for the platform (the appointment order, the letter to
support, the e-mail draft) and the state of the application.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
)

from sferum_desk.domain.dates import format_date
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.services.acknowledgements import ActRow
from sferum_desk.services.registration import STATUSES
from sferum_desk.ui import dialogs
from sferum_desk.ui import file_dialogs as files
from sferum_desk.ui.acknowledgements.act_dialog import ADD, EDIT, NEW_EDITION, ActDialog
from sferum_desk.ui.acknowledgements.pending_dialog import PendingPeopleDialog
from sferum_desk.ui.acknowledgements.people import ActPeoplePanel
from sferum_desk.ui.acknowledgements.print_dialog import (
    BackgroundJob, PrintDialog, file_name_for, run_with_progress,
)
from sferum_desk.ui.signals import ACKNOWLEDGEMENTS, ORGANIZATION, PEOPLE, STRUCTURE
from sferum_desk.ui.table_model import Column, date_sort
from sferum_desk.ui.table_tab import TableTab, open_dialog, run_safely

CURRENT, HISTORY, OVERDUE = "current", "history", "overdue"


def signed_text(act: ActRow) -> str:
    return f"{act.signed} из {act.total}"


def deadline_text(act: ActRow) -> str:
    if not act.deadline:
        return ""
    return format_date(act.deadline) + (" — прошёл" if act.overdue else "")


def edition_text(act: ActRow) -> str:
    if not act.is_current:
        return "прежняя редакция"
    return "новая редакция" if act.replaces_id else "действует"


class AcknowledgementsTab(TableTab):
    areas = (ACKNOWLEDGEMENTS, PEOPLE, STRUCTURE, ORGANIZATION)
    emits = ACKNOWLEDGEMENTS
    search_placeholder = "Поиск по виду, названию, номеру (Ctrl+F)"

    sheet_saved = Signal(object)  # the path of a familiarisation list just written

    def __init__(self, services, signals, parent=None):
        self.panel: ActPeoplePanel | None = None
        self._job: BackgroundJob | None = None
        self.progress_dialog = None
        super().__init__(services, signals, parent)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._build_more()
        self.proxy.set_predicate(lambda act: act.is_current)
        self.refresh()

    @staticmethod
    def tab_title(vocabulary: Vocabulary) -> str:
        return "Ознакомление"

    def button_texts(self, vocabulary: Vocabulary) -> tuple[str, str]:
        return "Новый акт…", "Зарегистрировать локальный акт (Ins)"

    def columns(self, vocabulary: Vocabulary) -> list[Column]:
        return [
            Column("Вид", lambda a: a.doc_type, chars=12),
            Column("Название", lambda a: a.title, chars=34, tooltip=lambda a: a.reference),
            Column("№", lambda a: a.number, chars=10),
            Column("Дата", lambda a: format_date(a.issued_on),
                   sort=lambda a: date_sort(a.issued_on), chars=10, searchable=False),
            Column("Кого касается", lambda a: a.audience_text, chars=22,
                   tooltip=lambda a: a.audience_text),
            Column("Ознакомлены", signed_text, sort=lambda a: (a.signed / a.total
                                                               if a.total else 1.0),
                   chars=11, align_right=True, searchable=False),
            Column("Срок", deadline_text, sort=lambda a: date_sort(a.deadline), chars=19,
                   searchable=False),
            Column("Редакция", edition_text, chars=14),
        ]

    # ---- layout ----------------------------------------------------------------------
    def _build_more(self) -> None:
        layout = self.layout()
        top_bar = layout.itemAt(0).layout()
        self.edition_button = QPushButton("Новая редакция…")
        self.edition_button.setObjectName("new_edition_button")
        self.edition_button.setToolTip("Новая редакция акта: новый круг подписей, прежние "
                                       "подписи останутся в истории")
        self.edition_button.clicked.connect(self.new_edition)
        top_bar.insertWidget(2, self.edition_button)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Показать:"))
        self.act_filter = QComboBox()
        self.act_filter.setObjectName("act_filter")
        self.act_filter.addItem("Действующие акты", CURRENT)
        self.act_filter.addItem("Все редакции (с историей)", HISTORY)
        self.act_filter.addItem("С прошедшим сроком", OVERDUE)
        self.act_filter.currentIndexChanged.connect(self._filter_acts)
        bar.addWidget(self.act_filter)
        self.overdue_label = QLabel()
        self.overdue_label.setObjectName("overdue_label")
        self.overdue_label.setStyleSheet("color: #c62828;")
        bar.addWidget(self.overdue_label)
        bar.addStretch(1)
        self.pending_people_button = QPushButton("Кто не ознакомлен…")
        self.pending_people_button.setObjectName("pending_people_button")
        self.pending_people_button.setToolTip("Каждый человек и акты, с которыми он ещё не "
                                              "ознакомлен")
        self.pending_people_button.clicked.connect(self.show_pending_people)
        bar.addWidget(self.pending_people_button)
        self.summary_button = QPushButton("Сводная в Excel…")
        self.summary_button.setObjectName("summary_button")
        self.summary_button.setToolTip("Для руководителя: люди × действующие акты, даты "
                                       "ознакомления")
        self.summary_button.clicked.connect(self.export_summary)
        bar.addWidget(self.summary_button)
        bar.addSpacing(16)
        bar.addWidget(self._registration_button())
        self.registration_status = QComboBox()
        self.registration_status.setObjectName("registration_status")
        self.registration_status.setToolTip("Состояние заявки на регистрацию в «Сферуме»")
        self.registration_status.addItem("Заявка не подготовлена", "")
        for key, title in STATUSES.items():
            self.registration_status.addItem(title, key)
        self.registration_status.activated.connect(self._status_chosen)
        bar.addWidget(self.registration_status)
        layout.insertLayout(1, bar)

        layout.removeWidget(self.view)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(self.view)
        self.panel = ActPeoplePanel(self.services, self)
        self.panel.changed.connect(self._people_changed)
        self.panel.print_requested.connect(self.print_sheet)
        self.panel.export_requested.connect(self.export_status)
        self.panel.names_file_requested.connect(self.mark_from_file)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout.addWidget(self.splitter, 1)
        # A click sets the current row before it selects it: follow both.
        self.view.selectionModel().currentRowChanged.connect(self._act_chosen)
        self.view.selectionModel().selectionChanged.connect(self._act_chosen)

    def _registration_button(self) -> QToolButton:
        button = QToolButton()
        button.setObjectName("registration_button")
        button.setText("Регистрация в «Сферуме» ▾")
        button.setToolTip("Приказ о назначении администратора, письмо в поддержку и "
                          "письмо для отправки")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        self.order_action = menu.addAction("Приказ о назначении администратора (PDF)…",
                                           self.save_order)
        self.letter_action = menu.addAction("Письмо в поддержку на бланке (PDF)…",
                                            self.save_letter)
        self.email_action = menu.addAction("Письмо «СФЕРУМ:Регистрация организации» "
                                           "(.eml)…", self.save_email)
        button.setMenu(menu)
        return button

    # ---- data ------------------------------------------------------------------------------
    def load_rows(self) -> list:
        acks = self.services.acknowledgements
        acks.sync_pending()  # newcomers and leavers since the last look
        return acks.list_acts()

    def refresh(self) -> None:
        super().refresh()
        if self.panel is None:
            return  # still being built
        overdue = sum(1 for act in self.model.rows() if act.overdue)
        self.overdue_label.setText(f"Срок прошёл: {overdue}" if overdue else "")
        status = self.services.registration.status() if self.services.organization.exists() \
            else None
        self.registration_status.setCurrentIndex(
            max(self.registration_status.findData(status.status if status else ""), 0))
        self._act_chosen(force=True)

    def _filter_acts(self, *_args) -> None:
        mode = self.act_filter.currentData()
        if mode == HISTORY:
            self.proxy.set_predicate(None)
        elif mode == OVERDUE:
            self.proxy.set_predicate(lambda act: act.overdue)
        else:
            self.proxy.set_predicate(lambda act: act.is_current)
        self._update_count()

    def chosen_act(self) -> ActRow | None:
        return self.current_row()

    def _act_chosen(self, *_args, force: bool = False) -> None:
        if self.panel is None:
            return
        act = self.chosen_act()
        if not force and act == self.panel.act:
            return  # the same act, unchanged: keep the list (and its ticks) as it is
        extra = "Должность"
        if act is not None and act.audience_kind != "staff":
            extra = (self.vocabulary.unit if self.vocabulary else "Подразделение")
        self.panel.show_act(act, extra)
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        super()._update_buttons()
        act = self.current_row() if self.panel is not None else None
        if self.panel is not None:
            self.edition_button.setEnabled(act is not None and act.is_current)

    def _people_changed(self) -> None:
        self.signals.changed.emit(self.emits)
        if not self.isVisible():
            self.refresh()

    # ---- acts ------------------------------------------------------------------------------
    def add_row(self) -> None:
        if not self.services.organization.exists():
            dialogs.show_error(self, "Сначала заполните карточку организации.")
            return
        self._open_act_dialog(ADD, None)

    def edit_row(self, row: ActRow) -> None:
        if not row.is_current:
            dialogs.show_error(self, "Это прежняя редакция: её сведения и подписи хранятся "
                                     "как история и не меняются.")
            return
        self._open_act_dialog(EDIT, row.id)

    def new_edition(self) -> None:
        act = self.current_row()
        if act is not None:
            self._open_act_dialog(NEW_EDITION, act.id)

    def _open_act_dialog(self, mode: str, act_id: int | None) -> None:
        try:
            dialog = ActDialog(self.services, self.vocabulary, mode, act_id, self)
        except UserError as error:
            dialogs.show_error(self, error.message)
            return
        dialog.saved.connect(self.after_save)
        open_dialog(self, dialog)

    def delete_rows(self, rows: list) -> None:
        act = rows[0]
        question = (f"Удалить «{act.reference}» вместе с отметками об ознакомлении "
                    f"({act.signed} из {act.total})? Перед удалением будет сделана "
                    "резервная копия.")
        if dialogs.confirm(self, question):
            self.run_delete(lambda: self.services.acknowledgements.delete_act(act.id))

    # ---- paper -------------------------------------------------------------------------------
    can_print = True

    def print_selected(self) -> None:
        self.print_sheet()

    def print_sheet(self) -> None:
        act = self.panel.act
        if act is None:
            return
        dialog = PrintDialog(act, self.panel.model.columns()[1].title, self)
        dialog.accepted.connect(lambda: self._print_with(act, dialog.options(),
                                                         dialog.open_after.isChecked()))
        open_dialog(self, dialog)

    def _print_with(self, act: ActRow, options, open_after: bool) -> None:
        path = files.ask_save_path(self, files.SHEET, "Сохранить лист ознакомления",
                                   file_name_for(act, "Лист ознакомления", ".pdf"),
                                   files.PDF_FILTER)
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(".pdf")
        acks = self.services.acknowledgements
        try:
            data = acks.sheet_data(act.id, options)  # the database is read here, in the GUI
        except UserError as error:
            dialogs.show_error(self, error.message)
            return
        job = BackgroundJob(lambda progress: acks.write_sheet(data, path, progress), self)
        job.succeeded.connect(lambda saved: self._sheet_done(Path(saved), open_after))
        job.failed.connect(lambda message: dialogs.show_error(self, message))
        self._job = job
        self.progress_dialog = run_with_progress(
            self, f"Готовится лист ознакомления ({len(data.rows)} чел.).", job)

    def _sheet_done(self, path: Path, open_after: bool) -> None:
        self._job = None
        files.file_saved(self, files.SHEET, path)
        if open_after:
            files.open_path(path)
        self.sheet_saved.emit(path)

    def export_status(self) -> None:
        act = self.panel.act
        if act is None:
            return
        self._save_with(lambda path: self.services.acknowledgements.export_status(act.id, path),
                        files.WORKBOOK, "Сохранить состояние ознакомления",
                        file_name_for(act, "Ознакомление", ".xlsx"), files.XLSX_FILTER)

    def export_summary(self) -> None:
        self._save_with(self.services.acknowledgements.export_summary, files.WORKBOOK,
                        "Сохранить сводную таблицу",
                        files.suggested_name("Ознакомление — сводная", suffix=".xlsx"),
                        files.XLSX_FILTER)

    def mark_from_file(self) -> None:
        act = self.panel.act
        if act is None:
            return
        path = files.ask_open_path(self, files.IMPORT, "Файл со списком ознакомившихся",
                                   "Текст (*.txt *.csv);;Все файлы (*)")
        if path is None:
            return
        try:
            count = self.services.acknowledgements.mark_signed_from_file(
                act.id, path, self.panel.sign_day())
        except UserError as error:
            dialogs.show_error(self, error.message)
            return
        dialogs.show_info(self, f"Отмечено ознакомленных: {count}.")
        self._people_changed()

    def show_pending_people(self) -> None:
        open_dialog(self, PendingPeopleDialog(self.services, self))

    # ---- registration papers -------------------------------------------------------------------
    def save_order(self) -> None:
        self._save_with(self.services.registration.save_order, files.PAPERS,
                        "Сохранить приказ о назначении администратора",
                        files.suggested_name("Приказ о назначении администратора",
                                             suffix=".pdf"),
                        files.PDF_FILTER, open_after=True)

    def save_letter(self) -> None:
        self._save_with(self.services.registration.save_letter, files.PAPERS,
                        "Сохранить письмо о регистрации",
                        files.suggested_name("Письмо о регистрации организации", suffix=".pdf"),
                        files.PDF_FILTER, open_after=True)

    def save_email(self) -> None:
        if self._save_with(self.services.registration.save_email, files.PAPERS,
                           "Сохранить письмо для отправки",
                           files.suggested_name("СФЕРУМ - Регистрация", suffix=".eml"),
                           files.EML_FILTER, open_after=True):
            self.signals.changed.emit(ORGANIZATION)  # the application is now «prepared»
            self.refresh()

    def _status_chosen(self, index: int) -> None:
        status = self.registration_status.itemData(index)
        if not status:
            self.refresh()  # «not prepared» is where it starts, not a state one sets
            return
        if run_safely(self, lambda: self.services.registration.set_status(status)):
            self.signals.changed.emit(ORGANIZATION)

    def _save_with(self, save, kind: str, title: str, suggested: str, name_filter: str,
                   open_after: bool = False) -> bool:
        path = files.ask_save_path(self, kind, title, suggested, name_filter)
        if path is None:
            return False
        try:
            saved = save(path)
        except UserError as error:
            dialogs.show_error(self, error.message)
            return False
        files.file_saved(self, kind, saved)
        if open_after:
            files.open_path(saved)
        else:
            dialogs.show_info(self, f"Сохранено: {saved}")
        return True
