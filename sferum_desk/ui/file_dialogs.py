"""Every «Сохранить как» and «Открыть» of the app, the names they suggest, and what happens
after a file is saved.

Each kind of file (slips, a familiarisation sheet, a report, an Excel export, an import
source…) remembers the folder it was last saved to or opened from, in the app's QSettings
under `last_folder/<kind>`; the first time it is the user's Documents folder, never the
hidden data folder. Suggested names carry the unit and the date and never hold a character
Windows refuses. `file_saved` is the one step after a PDF or workbook is written: the folder
is remembered and the main window's status bar offers «Открыть» and «Показать в папке».

Tests replace `ask_save_path`, `ask_open_path` and `open_path` here: nothing else in the GUI
opens a file dialog or another program for a file.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMainWindow, QWidget

from sferum_desk.paths import data_dir

# ---- kinds of file: each remembers its own folder ----------------------------------------
SLIPS = "slips"  # PDF of invitation slips
SHEET = "sheet"  # PDF familiarisation list
REPORT = "report"  # coverage report, the «Сделать в Сферуме» list
WORKBOOK = "workbook"  # Excel exports of lists and states
PAPERS = "papers"  # registration order, letter and e-mail; destruction act; personal data
IMPORT = "import"  # rosters, link tables, member lists, names files read in
ATTACHMENT = "attachment"  # the document file of a local act
DATABASE = "database"  # another database file to open

PDF_FILTER = "PDF (*.pdf)"
XLSX_FILTER = "Книга Excel (*.xlsx)"
EML_FILTER = "Письмо (*.eml)"

_ILLEGAL = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}


def settings_key(kind: str) -> str:
    return f"last_folder/{kind}"


# ---- folders ------------------------------------------------------------------------------
def documents_folder() -> Path:
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


def _in_data_folder(folder: Path) -> bool:
    """The app's own (hidden) folder is no place to offer for the user's files."""
    try:
        return folder.resolve().is_relative_to(data_dir().resolve())
    except OSError:
        return False


def last_folder(kind: str) -> Path:
    """Where the dialog for this kind of file opens: the folder used last, else Documents."""
    saved = QSettings().value(settings_key(kind), "", str)
    if saved and Path(saved).is_dir() and not _in_data_folder(Path(saved)):
        return Path(saved)
    return documents_folder()


def remember_folder(kind: str, path: Path | str) -> None:
    """Remember the folder of `path` (a file) for the next dialog of this kind."""
    QSettings().setValue(settings_key(kind), str(Path(path).parent))


# ---- names --------------------------------------------------------------------------------
def safe_file_name(text: str) -> str:
    """`text` as a file name Windows accepts: its forbidden characters removed, spaces
    folded, no trailing dot or space, no device name (CON, NUL…)."""
    name = re.sub(r"\s+", " ", _ILLEGAL.sub("", text)).strip().rstrip(". ")
    if name.split(".")[0].upper() in _RESERVED:
        name = f"_{name}"
    return name or "файл"


def suggested_name(*parts: str, suffix: str, day: dt.date | None = None) -> str:
    """«Карточки 5А родители 2026-12-02.pdf»: the non-empty parts, the date, the suffix."""
    words = [part.strip() for part in parts if part and part.strip()]
    stem = " ".join([*words, f"{day or dt.date.today():%Y-%m-%d}"])
    return safe_file_name(stem) + suffix


def _with_filter_suffix(path: Path, name_filter: str) -> Path:
    """A name typed without an extension gets the filter's (the services refuse it)."""
    extension = re.search(r"\*(\.\w+)", name_filter)
    if not path.suffix and extension:
        return path.with_name(path.name + extension.group(1))
    return path


# ---- the dialogs --------------------------------------------------------------------------
def ask_save_path(parent: QWidget | None, kind: str, title: str, suggested: str,
                  name_filter: str) -> Path | None:
    """Where to save a new file, offered in this kind's last folder; None when cancelled."""
    start = last_folder(kind) / safe_file_name(suggested)
    name, _ = QFileDialog.getSaveFileName(parent, title, str(start), name_filter)
    return _with_filter_suffix(Path(name), name_filter) if name else None


def ask_open_path(parent: QWidget | None, kind: str, title: str,
                  name_filter: str) -> Path | None:
    """An existing file to read, looked for in this kind's last folder (remembered)."""
    name, _ = QFileDialog.getOpenFileName(parent, title, str(last_folder(kind)), name_filter)
    if not name:
        return None
    remember_folder(kind, name)
    return Path(name)


def ask_database_path(parent: QWidget | None) -> Path | None:
    """A database file to open, or a new name to create a fresh one."""
    dialog = QFileDialog(parent, "Открыть базу данных", str(last_folder(DATABASE)))
    dialog.setNameFilters(["База Sferum Desk (*.sqlite3 *.sqlite *.db)", "Все файлы (*)"])
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "Открыть")
    dialog.setLabelText(QFileDialog.DialogLabel.Reject, "Отмена")
    if dialog.exec() and dialog.selectedFiles():
        remember_folder(DATABASE, dialog.selectedFiles()[0])
        return Path(dialog.selectedFiles()[0])
    return None


# ---- after saving -------------------------------------------------------------------------
def open_path(path: Path | str) -> None:
    """Open a file in the program the system uses for it (PDF viewer, Excel, mail)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def main_window_of(widget: QWidget | None) -> QMainWindow | None:
    while widget is not None:
        if isinstance(widget, QMainWindow):
            return widget
        widget = widget.parentWidget()
    return None


def file_saved(widget: QWidget | None, kind: str, path: Path | str) -> None:
    """A file of this kind was written: remember its folder, and say so in the main
    window's status bar with «Открыть» and «Показать в папке»."""
    remember_folder(kind, path)
    window = main_window_of(widget)
    notice = getattr(window, "saved_notice", None)
    if notice is not None:
        notice.show_file(Path(path))
