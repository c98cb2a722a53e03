"""Where the act of destruction of personal data is saved: asked before an erasure."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from sferum_desk.services import Services
from sferum_desk.ui import acknowledgement_print as files


def ask_act_path(parent: QWidget | None, services: Services) -> Path | None:
    """The file for the act (None: the user cancelled, so nothing is erased)."""
    return files.ask_save_path(parent, "Сохранить акт об уничтожении персональных данных",
                               services.destruction.suggested_name(), "PDF (*.pdf)")
