"""«Импорт из Excel»: file → columns → dry run → import, and the menu actions around it.

1. The file and what it holds (pupils with parents, or staff); a template can be saved.
2. The columns: each file column with a sample value and the field it goes to (changeable);
   a preview of the first rows; the unit for rows that name none (columns_page.py).
3. The dry run: how many will be added, updated, left as they are, and every problem by
   sheet and row; rows the program merged by a loose rule can be marked «разные люди».
4. The import in a worker thread with a progress bar and «Отменить» (the database then
   stays as it was).

The frame and each page are designed in forms/import_*.ui; this module fills and drives them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QLabel, QLineEdit, QProgressBar, QPushButton, QRadioButton,
    QStackedWidget, QTableView, QWidget,
)

from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.importers import STAFF, STUDENTS
from sferum_desk.services.roster_import import ImportPlan, ImportPreview
from sferum_desk.ui import dialogs, signals
from sferum_desk.ui.designed import chain_tabs, child, load_into, load_page
from sferum_desk.ui import file_dialogs
from sferum_desk.ui.import_roster.columns_page import MUTED, ColumnsPage, _escape
from sferum_desk.ui.import_roster.job import ImportJob
from sferum_desk.ui.import_roster.review import ReviewPanel
from sferum_desk.ui.import_roster.tables import CHANGE_COLUMNS, MERGE_COLUMNS, PROBLEM_COLUMNS
from sferum_desk.ui.table_model import RowTableModel
from sferum_desk.ui.geometry import FitOnShow

FILE_FILTER = ("Таблицы (*.xlsx *.xlsm *.xls *.ods *.csv *.txt);;Все файлы (*)")
PAGE_FILE, PAGE_COLUMNS, PAGE_PLAN, PAGE_RUN = range(4)


# ---- small functions the tests replace -------------------------------------------------------
def ask_open_path(parent: QWidget | None) -> Path | None:
    return file_dialogs.ask_open_path(parent, file_dialogs.IMPORT, "Выберите файл со списком",
                                      FILE_FILTER)


def ask_save_path(parent: QWidget | None, title: str, suggested: str) -> Path | None:
    path = file_dialogs.ask_save_path(parent, file_dialogs.WORKBOOK, title, suggested,
                                      file_dialogs.XLSX_FILTER)
    if path is None:
        return None
    return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")


def _counts_line(title: str, counts) -> str:
    return (f"<b>{title}</b>: добавить {counts.created}, обновить {counts.updated}, "
            f"без изменений {counts.unchanged}")


# ---- the wizard ----------------------------------------------------------------------------------
class ImportWizard(ColumnsPage, FitOnShow, QDialog):
    def __init__(self, services, data_signals: signals.DataSignals | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.data_signals = data_signals
        self.vocabulary: Vocabulary = services.organization.vocabulary()
        self.preview: ImportPreview | None = None
        self.plan: ImportPlan | None = None
        self.outcome: ImportPlan | None = None
        self.job: ImportJob | None = None
        self.field_boxes: list[QComboBox] = []
        self.progress_timer = QTimer(self)
        self.progress_timer.setInterval(100)
        self.progress_timer.timeout.connect(self._show_progress)
        self.setWindowTitle("Импорт списка из Excel")
        self.resize(940, 640)
        # the pages first, then the frame (forms/import_wizard.ui): Tab goes through the
        # page's fields, then the buttons
        pages = [self._file_page(), self._columns_page(), self._plan_page(), self._run_page()]
        frame = load_into(self, "import_wizard")
        self.pages = child(frame, QStackedWidget, "pages")
        for page in pages:
            self.pages.addWidget(page)
        self.back_button = child(frame, QPushButton, "back_button")
        self.next_button = child(frame, QPushButton, "next_button")
        self.close_button = child(frame, QPushButton, "close_button")
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.close_button.clicked.connect(self.close_or_cancel)
        self._show_page(PAGE_FILE)

    # ---- page 1: the file --------------------------------------------------------------------
    def _file_page(self) -> QWidget:
        page = load_page("import_source", self)
        self.kind_students = child(page, QRadioButton, "kind_students")
        self.kind_students.setText(f"{self.vocabulary.students} с родителями "
                                   "(законными представителями)")
        self.kind_staff = child(page, QRadioButton, "kind_staff")
        self.path_edit = child(page, QLineEdit, "path")
        self.path_edit.textChanged.connect(lambda _: self._update_buttons())
        child(page, QPushButton, "browse_button").clicked.connect(self.browse)
        self.template_button = child(page, QPushButton, "template_button")
        self.template_button.clicked.connect(self.save_template)
        self.file_error = child(page, QLabel, "error_path")
        return page

    def kind(self) -> str:
        return STAFF if self.kind_staff.isChecked() else STUDENTS

    def browse(self) -> None:
        path = ask_open_path(self)
        if path is not None:
            self.path_edit.setText(str(path))

    def save_template(self) -> None:
        suggested = "Шаблон — сотрудники.xlsx" if self.kind() == STAFF else \
            f"Шаблон — {self.vocabulary.students.lower()}.xlsx"
        path = ask_save_path(self, "Сохранить шаблон списка", suggested)
        if path is None:
            return
        try:
            self.services.roster.save_template(path, self.kind())
        except UserError as error:
            dialogs.show_error(self, error.message)
            return
        file_dialogs.file_saved(self, file_dialogs.WORKBOOK, path)
        dialogs.show_info(self, f"Шаблон сохранён: {path}\nЗаполните его и загрузите здесь же.")

    def read_file(self) -> bool:
        """Read and analyse the file in a worker (a file that fails to read is a sentence,
        never a dead window); on a bad file say why and stay on the page."""
        path, kind = Path(self.path_edit.text().strip().strip('"')), self.kind()
        self.file_error.hide()
        job = self.job = ImportJob(
            lambda progress, cancelled: self.services.roster.inspect(path, kind), self)
        self._update_buttons()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            job.run_and_wait()
        finally:
            QGuiApplication.restoreOverrideCursor()
            self.job = None
            self._update_buttons()
        if job.error or job.result is None:
            self.file_error.setText(job.error or "Файл не удалось прочитать: выберите другой.")
            self.file_error.show()
            return False
        self.preview = job.result
        self._fill_columns_page()
        return True

    # ---- page 3: the dry run -------------------------------------------------------------------
    def _plan_page(self) -> QWidget:
        page = load_page("import_plan", self)
        self.plan_summary = child(page, QLabel, "plan_summary")
        self.problems_title = child(page, QLabel, "problems_title")
        self.problems_model = RowTableModel(PROBLEM_COLUMNS, parent=self)
        self.problems_view = child(page, QTableView, "problems_view")
        self.problems_view.setModel(self.problems_model)
        self.changes_title = child(page, QLabel, "changes_title")
        self.changes_model = RowTableModel(CHANGE_COLUMNS, parent=self)
        self.changes_view = child(page, QTableView, "changes_view")
        self.changes_view.setModel(self.changes_model)
        self.review = ReviewPanel(self.vocabulary.unit, self)
        self.review.replan.connect(self.start_plan)
        child(page, QWidget, "review_box").layout().addWidget(self.review)
        self.merges_title = child(page, QLabel, "merges_title")
        self.merges_model = RowTableModel(MERGE_COLUMNS, parent=self)
        self.merges_view = child(page, QTableView, "merges_view")
        self.merges_view.setModel(self.merges_model)
        self.not_duplicate_button = child(page, QPushButton, "not_duplicate_button")
        self.not_duplicate_button.clicked.connect(self.mark_not_duplicate)
        self.accept_skips = child(page, QCheckBox, "accept_skips")
        self.accept_skips.toggled.connect(lambda _: self._update_buttons())
        self.plan_busy = child(page, QLabel, "plan_busy")
        # the panel is made after the page's form: Tab reaches it after the changes
        chain_tabs(self.changes_view, *self.review.tab_widgets(), self.merges_view)
        return page

    def start_plan(self) -> None:
        preview = self.preview
        preview.default_unit = self.default_unit.currentText().strip()
        self._show_page(PAGE_PLAN)
        self.plan = None
        self._fill_plan(None)
        self._start_job(lambda progress, cancelled: self.services.roster.plan(preview, progress),
                        self._plan_done)

    def _plan_done(self, job: ImportJob) -> None:
        if job.error:
            self._show_page(PAGE_COLUMNS)
            self.columns_error.setText(job.error)
            self.columns_error.show()
            return
        if job.result is not None:
            self.plan = job.result
            self._fill_plan(self.plan)
            self._focus_page()

    def _fill_plan(self, plan: ImportPlan | None) -> None:
        busy = plan is None
        self.review.show_plan(plan, self.preview)
        self.plan_busy.setVisible(busy)
        for widget in (self.plan_summary, self.problems_title, self.problems_view):
            widget.setVisible(not busy)
        if busy:
            for widget in (self.changes_title, self.changes_view, self.merges_title,
                           self.merges_view, self.not_duplicate_button, self.accept_skips):
                widget.hide()
            self._update_buttons()
            return
        lines = []
        if plan.kind == STAFF:
            lines.append(_counts_line("Сотрудники", plan.staff))
        else:
            lines.append(_counts_line(self.vocabulary.students, plan.students))
            lines.append(_counts_line("Родители", plan.guardians))
        if plan.units_created:
            lines.append(f"Новые подразделения ({self.vocabulary.units.lower()}): "
                         + ", ".join(_escape(u) for u in plan.units_created))
        skipped = len(plan.skipped)
        lines.append(f"Прочитано строк: {plan.rows_read}; пропущено: {skipped}; "
                     f"значений не записано: {len(plan.warnings)}.")
        lines.extend(f"<span style='{MUTED}'>{_escape(n)}</span>" for n in plan.notes)
        if not plan.created and not plan.updated:
            lines.append("<b>Всё уже есть в программе: импорт ничего не изменит.</b>")
        self.plan_summary.setText("<br>".join(lines))
        self.problems_title.setText("Замечания по строкам:" if plan.problems else
                                    "Замечаний нет: все строки в порядке.")
        self.problems_view.setVisible(bool(plan.problems))
        self.problems_model.set_rows(plan.problems)
        self.changes_model.set_rows(plan.changes)
        self.merges_model.set_rows(plan.merges)
        for widget in (self.changes_title, self.changes_view):
            widget.setVisible(bool(plan.changes))
        for widget in (self.merges_title, self.merges_view, self.not_duplicate_button):
            widget.setVisible(bool(plan.merges))
        self.accept_skips.setChecked(False)
        self.accept_skips.setVisible(bool(skipped))
        self.problems_view.resizeColumnsToContents()
        self._update_buttons()

    def mark_not_duplicate(self) -> None:
        rows = self.merges_view.selectionModel().selectedRows()
        if not rows:
            dialogs.show_info(self, "Выберите строку в списке похожих людей.")
            return
        merge = self.merges_model.row_at(rows[0].row())
        if merge.action != "merged":
            dialogs.show_info(self, "Эти люди и так загрузятся как разные: данные не сходятся.")
            return
        self.services.roster.mark_not_duplicate(merge.key_a, merge.key_b)
        self.start_plan()

    # ---- page 4: the import --------------------------------------------------------------------
    def _run_page(self) -> QWidget:
        page = load_page("import_run", self)
        self.run_label = child(page, QLabel, "run_label")
        self.progress = child(page, QProgressBar, "progress")
        self.result_label = child(page, QLabel, "result_label")
        return page

    def start_import(self) -> None:
        preview = self.preview
        self._show_page(PAGE_RUN)
        self.progress.setValue(0)
        self.result_label.clear()
        self.run_label.setText("Сохраняю резервную копию базы…")
        self._start_job(lambda progress, cancelled: self.services.roster.apply(
            preview, progress, cancelled), self._import_done)

    def _import_done(self, job: ImportJob) -> None:
        if job.was_cancelled:
            self.run_label.setText("Импорт отменён: база данных осталась как была.")
            self.progress.setValue(0)
        elif job.error:
            self.run_label.setText(job.error)
        else:
            self.outcome = plan = job.result
            self.progress.setValue(100)
            self.run_label.setText("Импорт завершён.")
            self.result_label.setText(
                f"Добавлено: {plan.created}, обновлено: {plan.updated}, без изменений: "
                f"{plan.unchanged}, пропущено строк: {len(plan.skipped)}."
                + ("<br>Если что-то не так, выберите «Файл → Отменить последний импорт»."
                   if plan.batch_id else ""))
            if self.data_signals is not None:
                self.data_signals.changed.emit(signals.ALL)
        self._update_buttons()

    # ---- jobs and navigation -------------------------------------------------------------------
    def _start_job(self, work, on_done) -> None:
        job = self.job = ImportJob(work, self)
        job.finished.connect(lambda: self._job_finished(job, on_done))
        job.start()
        self.progress_timer.start()
        self._update_buttons()

    def _job_finished(self, job: ImportJob, on_done) -> None:
        self._show_progress()
        if self.job is job:
            self.job = None
            self.progress_timer.stop()
        on_done(job)
        self._update_buttons()

    def _show_progress(self) -> None:
        if self.job is None:
            return
        done, total, stage = self.job.state
        if self.pages.currentIndex() == PAGE_RUN and stage:
            self.progress.setValue(int(100 * done / max(total, 1)))
            self.run_label.setText(f"{stage}…")

    def running(self) -> bool:
        """A job in flight, until its outcome is shown (the thread may have stopped a moment
        before its `finished` reaches this window)."""
        return self.job is not None

    def go_next(self) -> None:
        page = self.pages.currentIndex()
        if page == PAGE_FILE and self.read_file():
            self._show_page(PAGE_COLUMNS)
        elif page == PAGE_COLUMNS:
            self.start_plan()
        elif page == PAGE_PLAN and self.plan is not None:
            self.start_import()
        elif page == PAGE_RUN:
            self.accept()

    def go_back(self) -> None:
        page = self.pages.currentIndex()
        if page in (PAGE_COLUMNS, PAGE_PLAN) and not self.running():
            self._show_page(page - 1)

    def close_or_cancel(self) -> None:
        """While importing: cancel (the job rolls back); otherwise close."""
        if self.running():
            self.job.cancel()
            self.run_label.setText("Отменяю: база данных останется как была…")
            self.close_button.setEnabled(False)
            return
        self.reject()

    def reject(self) -> None:
        if self.running():  # Esc or the window's cross while a job runs: cancel first
            self.close_or_cancel()
            return
        super().reject()

    def closeEvent(self, event) -> None:
        if self.running():
            self.close_or_cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self._update_buttons()
        self._focus_page()

    def _focus_page(self) -> None:
        """The cursor in the page's first field (the dry run's appear when it is done)."""
        first = self._first_field(self.pages.currentWidget())
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    @staticmethod
    def _first_field(page: QWidget) -> QWidget | None:
        widget = page.nextInFocusChain()
        while widget is not page and page.isAncestorOf(widget):
            if widget.isVisibleTo(page) and widget.isEnabled() and \
                    widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                return widget
            widget = widget.nextInFocusChain()
        return None

    def _update_buttons(self) -> None:
        page, busy = self.pages.currentIndex(), self.running()
        self.back_button.setVisible(page in (PAGE_COLUMNS, PAGE_PLAN))
        self.back_button.setEnabled(not busy)
        self.close_button.setEnabled(not (busy and self.job.is_cancel_requested()))
        if page == PAGE_FILE:
            self.next_button.setText("Далее >")
            self.next_button.setEnabled(bool(self.path_edit.text().strip()))
        elif page == PAGE_COLUMNS:
            self.next_button.setText("Проверить >")
            self.next_button.setEnabled(not busy)
        elif page == PAGE_PLAN:
            plan = self.plan
            self.next_button.setText("Загрузить")
            self.next_button.setEnabled(
                not busy and plan is not None and bool(plan.created or plan.updated)
                and (not plan.skipped or self.accept_skips.isChecked()))
        else:
            self.next_button.setText("Готово")
            self.next_button.setEnabled(not busy)
        finished = page == PAGE_RUN and not busy
        # after the import one way out: «Готово» when done, «Закрыть» when cancelled or refused
        self.next_button.setVisible(not finished or self.outcome is not None)
        self.close_button.setVisible(not finished or self.outcome is None)
        self.close_button.setText("Отменить импорт" if page == PAGE_RUN and busy else
                                  "Закрыть" if page == PAGE_RUN else "Отмена")


# ---- the «Файл» menu's actions ---------------------------------------------------------------
def open_import(window) -> ImportWizard:
    """«Импорт из Excel…»: the wizard, modal to the main window (not blocking the caller)."""
    wizard = ImportWizard(window.services, getattr(window, "signals", None), window)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard


def undo_last_import(window) -> bool:
    """«Отменить последний импорт», after saying what it will do."""
    services = window.services
    info = services.roster.last_batch()
    if info is None:
        dialogs.show_info(window, "Нет импорта, который можно отменить.")
        return False
    text = (f"Отменить импорт файла «{info.source_name}» от {info.created_at:%d.%m.%Y %H:%M}? "
            f"Добавленные им люди ({info.created}) будут удалены, изменённые данные "
            f"({info.updated}) вернутся к прежним. Перед отменой сохранится резервная копия.")
    if not dialogs.confirm(window, text, yes="Отменить импорт"):
        return False
    try:
        services.roster.undo_last()
    except UserError as error:
        dialogs.show_error(window, error.message)
        return False
    data_signals = getattr(window, "signals", None)
    if data_signals is not None:
        data_signals.changed.emit(signals.ALL)
    dialogs.show_info(window, f"Импорт «{info.source_name}» отменён.")
    return True


def export_students(window) -> Path | None:
    vocabulary = window.services.organization.vocabulary()
    return _export(window, file_dialogs.suggested_name(f"{vocabulary.students} и родители",
                                                       suffix=".xlsx"),
                   window.services.roster.export_students)


def export_staff(window) -> Path | None:
    return _export(window, file_dialogs.suggested_name("Сотрудники", suffix=".xlsx"),
                   window.services.roster.export_staff)


def _export(window, suggested: str, write) -> Path | None:
    path = ask_save_path(window, "Выгрузить список в Excel", suggested)
    if path is None:
        return None
    try:
        count = write(path)
    except UserError as error:
        dialogs.show_error(window, error.message)
        return None
    file_dialogs.file_saved(window, file_dialogs.WORKBOOK, path)
    dialogs.show_info(window, f"Сохранено: {path} ({count} чел.)")
    return path
