"""Small modal helpers: every question and message box of the app goes through here.

Tests monkeypatch these functions instead of fighting blocking `exec()` calls.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from sferum_desk.ui import file_dialogs

APP_TITLE = "Sferum Desk"


def confirm(parent: QWidget | None, text: str, yes: str = "Удалить") -> bool:
    """Ask before something that cannot be undone; «Отмена» is the default button."""
    box = QMessageBox(QMessageBox.Icon.Question, APP_TITLE, text, parent=parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("Отмена", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is yes_button


def show_error(parent: QWidget | None, text: str) -> None:
    QMessageBox.warning(parent, APP_TITLE, text)


def show_info(parent: QWidget | None, text: str) -> None:
    QMessageBox.information(parent, APP_TITLE, text)


def show_crash(parent: QWidget | None, text: str, details: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, APP_TITLE, text, parent=parent)
    box.setDetailedText(details)
    box.exec()


def ask_database_path(parent: QWidget | None) -> Path | None:
    """A file to open, or a new name to create a fresh database."""
    return file_dialogs.ask_database_path(parent)


SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_save_changes(parent: QWidget | None, text: str = "Сохранить изменения?") -> str:
    """Unsaved input is about to be closed: SAVE, DISCARD or CANCEL (the default, Esc)."""
    box = QMessageBox(QMessageBox.Icon.Question, APP_TITLE, text, parent=parent)
    save = box.addButton("Сохранить", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Не сохранять", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("Отмена", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return SAVE if clicked is save else DISCARD if clicked is discard else CANCEL
