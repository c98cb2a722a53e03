"""«Печать карточек»: choose units, audience, named or blank, layout and start position; the
PDF is drawn off the GUI thread with a progress dialog and «Отмена», saved where the user
last saved one, and opened in the system viewer."""

from __future__ import annotations

import datetime as dt
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
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
from sferum_desk.ui import dialogs
from sferum_desk.ui.geometry import FitOnShow

LAST_FOLDER_KEY = "invitations/last_folder"
LAYOUTS = [(8, "8 карточек на листе A4"), (6, "6 карточек на листе"),
           (4, "4 карточки на листе"), (2, "2 карточки на листе"), (1, "1 карточка на листе"),
           (0, "Плакат на дверь: 1 на лист, крупно")]
POSTER = 0


# ---- files: small functions the tests replace ----------------------------------------------
def last_folder() -> Path:
    saved = QSettings().value(LAST_FOLDER_KEY, "", str)
    if saved and Path(saved).is_dir():
        return Path(saved)
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home())


def remember_folder(path: Path) -> None:
    QSettings().setValue(LAST_FOLDER_KEY, str(path.parent))


def ask_save_path(parent: QWidget | None, title: str, suggested_name: str,
                  file_filter: str) -> Path | None:
    """The standard «Сохранить как» dialog, opened in the last folder used."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(last_folder() / suggested_name),
                                          file_filter)
    return Path(name) if name else None


def open_file(path: Path) -> None:
    """Show the finished file in the system's viewer (a PDF reader, Excel)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def safe_file_name(text: str) -> str:
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in text).strip()


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
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.audience = QComboBox(objectName="audience")
        for code in dict.fromkeys(o.audience for o in self._options):
            self.audience.addItem(self._titles[code], code)
        self.audience.currentIndexChanged.connect(lambda _: self._fill_units(self._checked()))
        form.addRow("Кому:", self.audience)
        self.units = QListWidget(objectName="units")
        self.units.setMinimumHeight(140)
        self.units.itemChanged.connect(lambda _: self._update())
        form.addRow(f"{self.services.organization.vocabulary().units}:", self.units)

        kind = QHBoxLayout()
        self.named = QRadioButton("Именные — каждому, кто ещё не вступил", objectName="named")
        self.blank = QRadioButton("Пустые, по", objectName="blank")
        self.blank_count = QSpinBox(objectName="blank_count", minimum=1, maximum=500, value=30)
        self.blank_count.setSuffix(" на подразделение")
        group = QButtonGroup(self)
        for button in (self.named, self.blank):
            group.addButton(button)
            button.toggled.connect(lambda _: self._update())
        self.named.setChecked(True)
        kind.addWidget(self.named)
        kind.addSpacing(12)
        kind.addWidget(self.blank)
        kind.addWidget(self.blank_count)
        kind.addStretch(1)
        form.addRow("Карточки:", kind)
        self.only_ticked = QCheckBox(objectName="only_ticked")
        self.only_ticked.setChecked(self.person_ids is not None)
        self.only_ticked.setVisible(self.person_ids is not None)
        self.only_ticked.setText(f"Только отмеченные в списке: {len(self.person_ids or ())} чел.")
        form.addRow("", self.only_ticked)
        self.family = QCheckBox("Одна карточка на семью: все классы детей на одном листе",
                                objectName="family")
        self.family.setToolTip("Родителям: по листу на каждого, со ссылкой и QR-кодом "
                               "каждого класса (группы), где учатся его дети")
        self.family.toggled.connect(lambda _: self._update())
        form.addRow("", self.family)
        self.include_declined = QCheckBox("И тем, кто отказался от платформы",
                                          objectName="include_declined")
        self.include_declined.setToolTip("Обычно отказавшимся карточки не печатаются")
        form.addRow("", self.include_declined)

        self.layout_choice = QComboBox(objectName="layout")
        for per_page, title in LAYOUTS:
            self.layout_choice.addItem(title, per_page)
        self.layout_choice.currentIndexChanged.connect(lambda _: self._update())
        form.addRow("Раскладка:", self.layout_choice)
        self.start = QSpinBox(objectName="start", minimum=1, maximum=8)
        self.start.setToolTip("Если лист уже частично разрезан: с какого места начать "
                              "(места считаются слева направо, сверху вниз)")
        form.addRow("Начать с места:", self.start)
        layout.addLayout(form)
        self.summary = QLabel(objectName="summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Сохранить PDF…",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save_button")
        buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

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
        per_page = self.layout_choice.currentData() if hasattr(self, "layout_choice") else 8
        if not hasattr(self, "start"):
            return
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

    def _suggested_name(self, request: SlipRequest) -> str:
        names = [self.units.item(i).text() for i in range(self.units.count())
                 if self.units.item(i).data(Qt.ItemDataRole.UserRole) in request.unit_ids]
        units = names[0] if len(names) == 1 else f"{len(names)} подразделения"
        kind = "плакаты" if request.poster else "карточки"
        title = self._titles[request.audience].lower()
        return safe_file_name(f"{kind} {units} {title} {dt.date.today():%Y-%m-%d}.pdf")

    def save(self) -> None:
        request = self.request()
        out = ask_save_path(self, "Сохранить карточки", self._suggested_name(request),
                            "PDF (*.pdf)")
        if out is None:
            return
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        self.save_button.setEnabled(False)
        self.print_job = start_print(self, self.services, request, out, self._done)
        self.print_job.finished.connect(lambda: self.save_button.setEnabled(True))

    def _done(self, result: SlipResult) -> None:
        remember_folder(result.path)
        self.printed.emit(result)
        open_file(result.path)
        self.accept()
