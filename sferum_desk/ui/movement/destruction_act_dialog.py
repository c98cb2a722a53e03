"""Where the act of destruction of personal data is saved: asked before an erasure."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from sferum_desk.services import Services
from sferum_desk.ui import file_dialogs


def ask_act_path(parent: QWidget | None, services: Services) -> Path | None:
    """The file for the act (None: the user cancelled, so nothing is erased)."""
    return file_dialogs.ask_save_path(parent, file_dialogs.PAPERS,
                                      "Сохранить акт об уничтожении персональных данных",
                                      services.destruction.suggested_name(),
                                      file_dialogs.PDF_FILTER)


def act_saved(parent: QWidget | None, path: Path) -> None:
    """The act is written: its folder is remembered and the status bar offers to open it."""
    file_dialogs.file_saved(parent, file_dialogs.PAPERS, path)
