"""Restoring from a backup, checking the database, and a person's data on request.

At start (`open_or_recover`): a damaged file is reported in Russian and the backups are
offered, newest good one first; the damaged file is kept aside, never overwritten. From the
«Файл» menu: «Восстановить из копии…», «Проверить базу», «Сведения о человеке…».
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QWidget,
)

from sferum_desk.db.engine import Database, open_database
from sferum_desk.domain.errors import DatabaseDamaged, UserError
from sferum_desk.services.personal_data import PersonalDataService
from sferum_desk.services.safety import (
    BackupInfo, SafetyService, backups_for, restore_database,
)
from sferum_desk.ui import dialogs, file_dialogs
from sferum_desk.ui.table_model import Column, RowTableModel, SearchProxy
from sferum_desk.ui.table_tab import apply_widths, make_table_view, run_safely
from sferum_desk.ui.designed import child, load_into, ok_cancel_buttons
from sferum_desk.ui.geometry import FitOnShow

RESTORE_TITLE = "Восстановить из копии"
NO_BACKUPS = ("Резервных копий этой базы пока нет: программа делает их сама перед импортом, "
              "удалением и другими крупными изменениями.")


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


COLUMNS = [
    Column("Когда сделана", lambda b: f"{b.taken_at:%d.%m.%Y %H:%M}",
           sort=lambda b: b.taken_at, chars=16),
    Column("Почему", lambda b: b.reason, chars=26),
    Column("Подразделений", lambda b: _count(b.units), sort=lambda b: b.units or 0, chars=13,
           align_right=True),
    Column("Людей", lambda b: _count(b.people), sort=lambda b: b.people or 0, chars=8,
           align_right=True),
    Column("Состояние", lambda b: "исправна" if b.ok else "повреждена", chars=11),
    Column("Файл", lambda b: b.path.name, chars=40),
]


class RestoreDialog(FitOnShow, QDialog):
    """The backups with their dates and counts; the newest good one is chosen."""

    def __init__(self, backups: list[BackupInfo], intro: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(RESTORE_TITLE)
        body = load_into(self, "restore")  # forms/restore.ui; the table is made here
        child(body, QLabel, "intro").setText(intro)
        self.model = RowTableModel(COLUMNS, parent=self)
        self.model.set_rows(backups)
        self.proxy = SearchProxy(self.model, self)
        self.view = make_table_view(self.proxy, self)
        self.view.setObjectName("backups_view")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setTabKeyNavigation(False)  # Tab leaves the list for the buttons
        self.view.setMinimumWidth(min(apply_widths(self.view, COLUMNS) + 24, 1000))
        self.view.doubleClicked.connect(lambda _index: self.accept())
        child(body, QWidget, "backups_box").layout().addWidget(self.view)
        buttons = child(body, QDialogButtonBox, "buttons")
        self.ok_button = ok_cancel_buttons(buttons, "Восстановить", "ok_button",
                                           self.accept, self.reject)
        QWidget.setTabOrder(self.view, buttons)  # the table, made after the form, comes first
        self.view.setFocus()
        self.view.selectionModel().selectionChanged.connect(self._update)
        good = next((b for b in backups if b.ok), None)
        if good is not None:
            self.view.selectRow(self.proxy.proxy_row_of_id(good.id))
        self._update()
        self.resize(self.sizeHint().width(), 420)

    def chosen(self) -> BackupInfo | None:
        rows = {index.row() for index in self.view.selectionModel().selectedRows()}
        return self.proxy.row_at(rows.pop()) if rows else None

    def _update(self, *_args) -> None:
        chosen = self.chosen()
        self.ok_button.setEnabled(chosen is not None and chosen.ok)


def choose_backup(parent: QWidget | None, backups: list[BackupInfo], intro: str) -> Path | None:
    """Ask which backup to restore (tests replace this function)."""
    dialog = RestoreDialog(backups, intro, parent)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
        return None
    return dialog.chosen().path


def _restored_note(restored) -> str:
    aside = (f" Прежний файл сохранён рядом под именем «{restored.kept_aside.name}»."
             if restored.kept_aside else "")
    return f"База восстановлена из копии «{restored.backup.name}».{aside}"


# ---- at start ---------------------------------------------------------------------------------
def open_or_recover(target: Path | str, parent: QWidget | None = None) -> Database:
    """Open the database; a damaged file is offered a restore. Raises UserError when the
    user declines or there is nothing to restore from (the file stays as it is)."""
    try:
        return open_database(target)
    except DatabaseDamaged as damaged:
        if not offer_restore(parent, damaged):
            raise
    return open_database(target)


def offer_restore(parent: QWidget | None, damaged: DatabaseDamaged) -> bool:
    path = Path(damaged.path)
    backups = backups_for(path)
    if not any(b.ok for b in backups):
        raise UserError(f"{damaged.message[:-1]}, но исправных резервных копий рядом с ней нет: "
                        "файл оставлен как есть — откройте другую базу или обратитесь к тому, "
                        "кто обслуживает компьютер.") from damaged
    intro = (f"{damaged.message}\n\nВыберите копию (самая свежая исправная уже выбрана). "
             f"Повреждённый файл не будет перезаписан: он останется рядом под именем "
             f"«{path.stem}-damaged-…{path.suffix}».")
    while True:
        chosen = choose_backup(parent, backups, intro)
        if chosen is None:
            return False
        try:
            restored = restore_database(path, chosen)
        except UserError as error:
            dialogs.show_error(parent, error.message)
            continue
        dialogs.show_info(parent, _restored_note(restored))
        return True


# ---- the «Файл» menu ------------------------------------------------------------------------
def restore_from_menu(window) -> None:
    """Replace the open database with a backup; the window is rebuilt over it."""
    safety = SafetyService(window.services.db)
    backups = safety.backups()
    path = window.services.db.path
    if path is None:
        dialogs.show_error(window, "Восстановление из копии работает для файла базы: общую "
                                   "базу на сервере восстанавливает её администратор.")
        return
    if not backups:
        dialogs.show_info(window, NO_BACKUPS)
        return
    intro = ("Выберите копию, к которой вернуть базу. Всё, что сделано после неё, пропадёт "
             f"из списков; текущий файл не удаляется — он останется рядом под именем "
             f"«{path.stem}-before-restore-…{path.suffix}».")
    chosen = choose_backup(window, backups, intro)
    if chosen is None:
        return
    info = next(b for b in backups if b.path == chosen)
    if not dialogs.confirm(window, f"Вернуть базу к копии от {info.taken_at:%d.%m.%Y %H:%M}?",
                           yes="Восстановить"):
        return
    restored = []
    if run_safely(window, lambda: restored.append(safety.restore(chosen))):
        dialogs.show_info(window, _restored_note(restored[0]))
        window.open_requested.emit(path)  # a fresh window over the restored file


def check_from_menu(window) -> None:
    findings: list = []
    if not run_safely(window, lambda: findings.extend(SafetyService(window.services.db)
                                                      .check())):
        return
    if not findings:
        dialogs.show_info(window, "База в порядке: ошибок не найдено.")
        return
    dialogs.show_error(window, "Проверка базы нашла:\n\n" + "\n\n".join(
        f"• {f.text}" for f in findings))


def ask_export_path(parent: QWidget | None, suggested: str) -> Path | None:
    """The «Сохранить как» dialog for the statement (tests replace this function)."""
    return file_dialogs.ask_save_path(parent, file_dialogs.PAPERS,
                                      "Сведения о персональных данных", suggested,
                                      "Документ PDF (*.pdf);;Книга Excel (*.xlsx)")


def export_person_from_menu(window) -> None:
    """Everything about the person selected in the current list, as PDF or Excel."""
    from sferum_desk.ui.tabs.people import PeopleTab

    tab = window.tabs.currentWidget()
    row = tab.current_row() if isinstance(tab, PeopleTab) else None
    person_id, name = getattr(row, "id", None), getattr(row, "full_name", "")
    if not isinstance(person_id, int) or not name:
        dialogs.show_info(window, "Выберите человека в списке сотрудников, обучающихся или "
                                  "родителей и повторите.")
        return
    path = ask_export_path(window, file_dialogs.suggested_name(f"Сведения — {name}",
                                                               suffix=".pdf"))
    if path is None:
        return
    if path.suffix.lower() not in (".pdf", ".xlsx"):
        path = path.with_name(path.name + ".pdf")
    saved: list[Path] = []
    if run_safely(window, lambda: saved.append(
            PersonalDataService(window.services.db).export(person_id, path))):
        file_dialogs.file_saved(window, file_dialogs.PAPERS, saved[0])
        dialogs.show_info(window, f"Сведения сохранены:\n{saved[0]}")
