"""The status bar's «Сохранено: …  Открыть · Показать в папке» after a PDF or workbook is
saved (see `file_dialogs.file_saved`). The opener is injected, so tests record the URLs
instead of starting a viewer; no shell command is ever run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

Opener = Callable[[QUrl], object]


class SavedFileNotice(QWidget):
    """Hidden until a file is saved; then names it and offers to open it or its folder."""

    def __init__(self, opener: Opener | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("saved_notice")
        self.opener: Opener = opener or QDesktopServices.openUrl
        self.path: Path | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.label = QLabel(objectName="saved_label")
        self.open_button = self._button("Открыть", "open_saved_button", self.open_file)
        self.folder_button = self._button("Показать в папке", "show_folder_button",
                                          self.show_folder)
        layout.addWidget(self.label)
        layout.addWidget(self.open_button)
        layout.addWidget(self.folder_button)
        self.hide()

    def _button(self, text: str, name: str, slot) -> QToolButton:
        button = QToolButton(self, objectName=name, text=text, autoRaise=True)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def show_file(self, path: Path) -> None:
        self.path = path
        self.label.setText(f"Сохранено: {path.name}")
        self.label.setToolTip(str(path))
        self.open_button.setToolTip(f"Открыть «{path.name}»")
        self.folder_button.setToolTip(f"Открыть папку {path.parent}")
        self.show()

    def open_file(self) -> None:
        if self.path is not None:
            self.opener(QUrl.fromLocalFile(str(self.path)))

    def show_folder(self) -> None:
        if self.path is not None:
            self.opener(QUrl.fromLocalFile(str(self.path.parent)))
