"""Printing a familiarisation list: the options dialog, and long jobs off the GUI thread.

The file dialogs are `ui.file_dialogs`' (tests replace them there).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sferum_desk.domain.errors import UserError
from sferum_desk.printing.official import Cancelled
from sferum_desk.services.acknowledgements import ActRow, SheetOptions
from sferum_desk.ui.file_dialogs import suggested_name
from sferum_desk.ui.designed import ok_cancel_buttons
from sferum_desk.ui.geometry import FitOnShow
from sferum_desk.ui.ui_files import load_form


def file_name_for(act: ActRow, prefix: str, suffix: str) -> str:
    """«Лист ознакомления Положение № 236-а 2026-12-02.pdf», safe on Windows."""
    return suggested_name(prefix, act.doc_type, f"№ {act.number}" if act.number else "",
                          suffix=suffix)


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def date_picker(day: dt.date | None = None) -> QDateEdit:
    edit = QDateEdit(to_qdate(day or dt.date.today()))
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setCalendarPopup(True)
    return edit


class PrintDialog(FitOnShow, QDialog):
    """Everyone or only those pending; the date column empty, the marked dates, or one date;
    the optional Должность / unit column."""

    def __init__(self, act: ActRow, extra_title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Печать листа ознакомления")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        layout = QVBoxLayout(self)
        body = load_form("sheet_print", self)  # forms/sheet_print.ui
        layout.addWidget(body)
        body.findChild(QLabel, "caption").setText(
            f"<b>{act.reference}</b><br>{act.audience_text}: ознакомлены "
            f"{act.signed} из {act.total}")
        self.everyone = body.findChild(QRadioButton, "print_everyone")
        self.everyone.setText(f"всех из списка ({act.total})")
        self.pending_only = body.findChild(QRadioButton, "print_pending_only")
        self.pending_only.setText(f"только не ознакомленных ({act.pending})")
        (self.pending_only if act.signed and act.pending else self.everyone).setChecked(True)
        self.date_empty = body.findChild(QRadioButton, "date_empty")
        self.date_signed = body.findChild(QRadioButton, "date_signed")
        self.date_fixed = body.findChild(QRadioButton, "date_fixed")
        self.fixed_date = body.findChild(QDateEdit, "fixed_date")
        self.fixed_date.setDate(to_qdate(dt.date.today()))
        self.extra_column = body.findChild(QCheckBox, "extra_column")
        self.extra_column.setText(f"добавить столбец «{extra_title}»")
        self.open_after = body.findChild(QCheckBox, "open_after")
        buttons = body.findChild(QDialogButtonBox, "buttons")
        self.ok_button = ok_cancel_buttons(buttons, "Сохранить PDF…", "ok_button",
                                           self.accept, self.reject)

    def options(self) -> SheetOptions:
        mode = ("fixed" if self.date_fixed.isChecked() else
                "signed" if self.date_signed.isChecked() else "empty")
        return SheetOptions(pending_only=self.pending_only.isChecked(),
                            extra_column=self.extra_column.isChecked(), date_mode=mode,
                            fixed_date=from_qdate(self.fixed_date.date()))


class BackgroundJob(QThread):
    """Runs `work(progress)` off the GUI thread. `progress(done, total)` raises Cancelled
    after `cancel()`, so the work stops and writes nothing."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, work: Callable[[Callable[[int, int], None]], object],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._work = work
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def _progress(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise Cancelled
        self.progressed.emit(done, total)

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except Cancelled:
            self.cancelled.emit()
        except UserError as error:
            self.failed.emit(error.message)
        except Exception as error:  # noqa: BLE001 - shown to the user, never a traceback
            self.failed.emit(f"Не удалось подготовить файл ({type(error).__name__}): "
                             "попробуйте ещё раз или выберите другую папку.")
        else:
            self.succeeded.emit(result)


def run_with_progress(parent: QWidget, label: str, job: BackgroundJob) -> QProgressDialog:
    """A progress dialog with «Отмена» over a background job; it closes itself."""
    dialog = QProgressDialog(label, "Отмена", 0, 0, parent)
    dialog.setWindowTitle("Sferum Desk")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)  # a quick job never flashes a window
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def show_progress(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        dialog.setLabelText(f"{label} Страница {done} из примерно {total}.")

    job.progressed.connect(show_progress)
    dialog.canceled.connect(job.cancel)
    job.finished.connect(dialog.close)
    job.finished.connect(job.deleteLater)
    job.start()
    return dialog
