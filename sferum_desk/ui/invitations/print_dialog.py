"""«Печать карточек»: choose units, audience, named or blank, layout and start position; the
links are checked before the save dialog opens (an annulled or missing link is refused
first); the PDF is drawn off the GUI thread with a progress dialog and «Отмена», saved where
the user last saved slips, announced in the status bar and opened in the system viewer."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sferum_desk.domain.errors import UserError
from sferum_desk.services.invitations import SlipRequest, SlipResult, SlipsCancelled
from sferum_desk.ui import dialogs, file_dialogs
from sferum_desk.ui.designed import ok_cancel_buttons
from sferum_desk.ui.geometry import FitOnShow
from sferum_desk.ui.ui_files import load_form

LAST_FOLDER_KEY = file_dialogs.settings_key(file_dialogs.SLIPS)
LAYOUTS = [(8, "8 карточек на листе A4"), (6, "6 карточек на листе"),
           (4, "4 карточки на листе"), (2, "2 карточки на листе"), (1, "1 карточка на листе"),
           (0, "Плакат на дверь: 1 на лист, крупно")]
POSTER = 0


# ---- the background job ----------------------------------------------------------------------
class SlipsJob(QThread):
    """Draws and saves the slips in a worker thread; the service call is the whole job.

    The outcome is read on `finished`, in the GUI thread, once the thread has stopped, so
    closing the dialog afterwards can never destroy a running thread.
    """

    progressed = Signal(int, int)

    def __init__(self, services, request: SlipRequest, out: Path, parent=None):
        super().__init__(parent)
        self.services, self.request, self.out = services, request, out
        self.result: SlipResult | None = None
        self.error = ""
        self.crash: tuple | None = None  # an unexpected error, reported in the GUI thread
        self.was_cancelled = False
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._stop.is_set()

    def run(self) -> None:
        try:
            self.result = self.services.invitations.print_slips(self.request, self.out,
                                                                progress=self._progress)
        except SlipsCancelled:
            self.was_cancelled = True
        except UserError as error:
            self.error = error.message
        except Exception:  # noqa: BLE001 - handed to the app's crash handler on `finished`
            self.crash = sys.exc_info()


def start_print(parent: QWidget, services, request: SlipRequest, out: Path,
                on_done) -> SlipsJob:
    """Run the job with a progress dialog; `on_done(result)` runs on success (GUI thread)."""
    job = SlipsJob(services, request, out, parent)
    progress = QProgressDialog("Рисую карточки-приглашения…", "Отмена", 0, 0, parent)
    progress.setWindowTitle("Печать карточек")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.canceled.connect(job.cancel)

    def on_progress(done: int, total: int) -> None:
        progress.setMaximum(total)
        progress.setValue(done)
        progress.setLabelText(f"Рисую карточки-приглашения: лист {done} из {total}…")

    def on_finished() -> None:
        progress.close()
        progress.deleteLater()
        if job.crash is not None:
            sys.excepthook(*job.crash)
        elif job.error:
            dialogs.show_error(parent, job.error)
        elif job.result is not None:
            on_done(job.result)

    job.progressed.connect(on_progress)
    job.finished.connect(on_finished)
    job.start()
    return job


# ---- the dialog ----------------------------------------------------------------------------------
class PrintSlipsDialog(FitOnShow, QDialog):
    """Everything a print run needs. `person_ids` (ticked people) limits named slips."""

    printed = Signal(object)  # SlipResult, after the file is saved

    def __init__(self, services, unit_ids: list[int] | None = None, audience: str | None = None,
                 person_ids: list[int] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Печать карточек-приглашений")
        self.services = services
        self.person_ids = person_ids
        self.print_job: SlipsJob | None = None
        self._options = services.invitations.audience_options()
        self._titles = services.invitations.audience_titles()
        self._build()
        if audience:
            self.audience.setCurrentIndex(max(0, self.audience.findData(audience)))
        self._fill_units(set(unit_ids or ()))
        self._update()

    def _build(self) -> None:
        """The form is forms/slips.ui; here only what depends on the data."""
        layout = QVBoxLayout(self)
        body = load_form("slips", self)
        layout.addWidget(body)
        self.audience = body.findChild(QComboBox, "audience")
        for code in dict.fromkeys(o.audience for o in self._options):
            self.audience.addItem(self._titles[code], code)
        self.audience.currentIndexChanged.connect(lambda _: self._fill_units(self._checked()))
        self.units = body.findChild(QListWidget, "units")
        self.units.itemChanged.connect(lambda _: self._update())
        body.findChild(QLabel, "caption_units").setText(
            f"{self.services.organization.vocabulary().units}:")
        self.named = body.findChild(QRadioButton, "named")
        self.blank = body.findChild(QRadioButton, "blank")
        self.blank_count = body.findChild(QSpinBox, "blank_count")
        for button in (self.named, self.blank):
            button.toggled.connect(lambda _: self._update())
        self.only_ticked = body.findChild(QCheckBox, "only_ticked")
        self.only_ticked.setChecked(self.person_ids is not None)
        self.only_ticked.setVisible(self.person_ids is not None)
        self.only_ticked.setText(f"Только отмеченные в списке: {len(self.person_ids or ())} чел.")
        self.family = body.findChild(QCheckBox, "family")
        self.family.toggled.connect(lambda _: self._update())
        self.include_declined = body.findChild(QCheckBox, "include_declined")
        self.layout_choice = body.findChild(QComboBox, "layout")
        for per_page, title in LAYOUTS:
            self.layout_choice.addItem(title, per_page)
        self.layout_choice.currentIndexChanged.connect(lambda _: self._update())
        self.start = body.findChild(QSpinBox, "start")
        self.summary = body.findChild(QLabel, "summary")
        buttons = body.findChild(QDialogButtonBox, "buttons")
        self.save_button = ok_cancel_buttons(buttons, "Сохранить PDF…", "save_button",
                                             self.save, self.reject)

    def _fill_units(self, checked: set[int]) -> None:
        audience = self.audience.currentData()
        self.units.blockSignals(True)
        self.units.clear()
        for option in self._options:
            if option.audience != audience:
                continue
            item = QListWidgetItem(option.unit_name)
            item.setData(Qt.ItemDataRole.UserRole, option.unit_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if option.unit_id in checked
                               else Qt.CheckState.Unchecked)
            self.units.addItem(item)
        self.units.blockSignals(False)
        self._update()

    def _checked(self) -> set[int]:
        return {self.units.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.units.count())
                if self.units.item(i).checkState() == Qt.CheckState.Checked}

    def set_units(self, names: list[str]) -> None:
        for i in range(self.units.count()):
            item = self.units.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in names
                               else Qt.CheckState.Unchecked)

    def _update(self) -> None:
        per_page = self.layout_choice.currentData()
        self.start.setEnabled(per_page not in (POSTER, 1))
        self.start.setMaximum(max(1, per_page or 1))
        self.blank_count.setEnabled(self.blank.isChecked())
        self.only_ticked.setEnabled(self.named.isChecked())
        self.include_declined.setEnabled(self.named.isChecked())
        family_ok = self.named.isChecked() and self.audience.currentData() == "parents"
        self.family.setEnabled(family_ok)
        by_family = family_ok and self.family.isChecked()
        self.layout_choice.setEnabled(not by_family)  # a family's sheet is a whole A4
        if by_family:
            self.start.setEnabled(False)
        units = len(self._checked())
        what = ("именные карточки тем, кто ещё не вступил" if self.named.isChecked()
                else f"по {self.blank_count.value()} пустых карточек")
        self.summary.setText(f"Выбрано подразделений: {units}; {what}. Аннулированные и "
                             "просроченные ссылки не печатаются.")
        self.save_button.setEnabled(units > 0)

    def request(self) -> SlipRequest:
        per_page = self.layout_choice.currentData()
        ticked = self.person_ids if self.only_ticked.isChecked() and self.named.isChecked() \
            else None
        return SlipRequest(
            unit_ids=[self.units.item(i).data(Qt.ItemDataRole.UserRole)
                      for i in range(self.units.count())
                      if self.units.item(i).checkState() == Qt.CheckState.Checked],
            audience=self.audience.currentData(), named=self.named.isChecked(),
            blank_per_unit=self.blank_count.value() if self.blank.isChecked() else 0,
            per_page=per_page or 1, poster=per_page == POSTER,
            start_position=self.start.value() if self.start.isEnabled() else 1,
            person_ids=ticked, include_declined=self.include_declined.isChecked(),
            family=self.family.isEnabled() and self.family.isChecked())

    def suggested_name(self, request: SlipRequest) -> str:
        """«Карточки 5А родители 2026-12-02.pdf» (three units by name, more counted)."""
        names = [self.units.item(i).text() for i in range(self.units.count())
                 if self.units.item(i).data(Qt.ItemDataRole.UserRole) in request.unit_ids]
        units = ", ".join(names) if len(names) <= 3 else \
            f"{names[0]} и ещё {len(names) - 1}"
        kind = "Плакаты" if request.poster else "Карточки"
        return file_dialogs.suggested_name(kind, units, self._titles[request.audience].lower(),
                                           suffix=".pdf")

    def save(self) -> None:
        request = self.request()
        check = self.services.invitations.check_slips_printable(request)
        if not check.ok:  # refused before a file is chosen, not after
            dialogs.show_error(self, check.message)
            return
        out = file_dialogs.ask_save_path(self, file_dialogs.SLIPS, "Сохранить карточки",
                                         self.suggested_name(request), file_dialogs.PDF_FILTER)
        if out is None:
            return
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        self.save_button.setEnabled(False)
        self.print_job = start_print(self, self.services, request, out, self._done)
        self.print_job.finished.connect(lambda: self.save_button.setEnabled(True))

    def _done(self, result: SlipResult) -> None:
        file_dialogs.file_saved(self, file_dialogs.SLIPS, result.path)
        self.printed.emit(result)
        file_dialogs.open_path(result.path)
        self.accept()
