"""Printing a familiarisation list: the options dialog, and long jobs off the GUI thread.

`ask_save_path` and `open_path` are the only places that open a file dialog or another
program, so tests replace them.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sferum_desk.domain.errors import UserError
from sferum_desk.paths import exports_dir
from sferum_desk.printing.official import Cancelled
from sferum_desk.services.acknowledgements import ActRow, SheetOptions
from sferum_desk.ui.geometry import FitOnShow

PDF_FILTER = "PDF (*.pdf)"
XLSX_FILTER = "Книга Excel (*.xlsx)"
EML_FILTER = "Письмо (*.eml)"


def ask_save_path(parent: QWidget | None, title: str, suggested: str,
                  name_filter: str) -> Path | None:
    """Where to save a new file; None when the user cancels. A name typed without an
    extension gets the filter's (the services refuse a file name without one)."""
    start = str(exports_dir() / suggested)
    name, _ = QFileDialog.getSaveFileName(parent, title, start, name_filter)
    if not name:
        return None
    path = Path(name)
    extension = re.search(r"\*(\.\w+)", name_filter)
    if not path.suffix and extension:
        path = path.with_name(path.name + extension.group(1))
    return path


def ask_open_path(parent: QWidget | None, title: str, name_filter: str) -> Path | None:
    """An existing file to read; None when the user cancels."""
    name, _ = QFileDialog.getOpenFileName(parent, title, "", name_filter)
    return Path(name) if name else None


def open_path(path: Path) -> None:
    """Open a saved file in the program the system uses for it (PDF viewer, mail…)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def file_name_for(act: ActRow, prefix: str, suffix: str) -> str:
    """«Лист ознакомления — Положение № 236-а.pdf», safe on Windows."""
    name = f"{prefix} — {act.doc_type}" + (f" № {act.number}" if act.number else "")
    return re.sub(r'[\\/:*?"<>|]+', "-", name) + suffix


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
        caption = QLabel(f"<b>{act.reference}</b><br>{act.audience_text}: ознакомлены "
                         f"{act.signed} из {act.total}")
        caption.setWordWrap(True)
        layout.addWidget(caption)

        who = QGroupBox("Кого печатать")
        box = QVBoxLayout(who)
        self.everyone = QRadioButton(f"всех из списка ({act.total})")
        self.everyone.setObjectName("print_everyone")
        self.pending_only = QRadioButton(f"только не ознакомленных ({act.pending})")
        self.pending_only.setObjectName("print_pending_only")
        (self.pending_only if act.signed and act.pending else self.everyone).setChecked(True)
        for button in (self.everyone, self.pending_only):
            box.addWidget(button)
        layout.addWidget(who)

        dates = QGroupBox("Столбец «Дата»")
        box = QVBoxLayout(dates)
        self.date_empty = QRadioButton("пустой — даты впишут от руки")
        self.date_empty.setObjectName("date_empty")
        self.date_signed = QRadioButton("даты уже отмеченных ознакомлений")
        self.date_signed.setObjectName("date_signed")
        self.date_fixed = QRadioButton("одна дата для всех:")
        self.date_fixed.setObjectName("date_fixed")
        self.fixed_date = date_picker()
        self.fixed_date.setObjectName("fixed_date")
        self.date_empty.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.date_empty, self.date_signed, self.date_fixed):
            group.addButton(button)
        box.addWidget(self.date_empty)
        box.addWidget(self.date_signed)
        row = QHBoxLayout()
        row.addWidget(self.date_fixed)
        row.addWidget(self.fixed_date)
        row.addStretch(1)
        box.addLayout(row)
        layout.addWidget(dates)

        self.extra_column = QCheckBox(f"добавить столбец «{extra_title}»")
        self.extra_column.setObjectName("extra_column")
        layout.addWidget(self.extra_column)
        self.open_after = QCheckBox("открыть файл после сохранения")
        self.open_after.setObjectName("open_after")
        self.open_after.setChecked(True)
        layout.addWidget(self.open_after)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Сохранить PDF…")
        self.ok_button.setObjectName("ok_button")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

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
