"""«Справка» → «Руководство пользователя» (F1): the Russian guide, shipped with the program
(resources/help/guide.html with its screenshots) and shown offline in a QTextBrowser."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from sferum_desk.resources_path import resource
from sferum_desk.ui.geometry import FitOnShow

HELP_FOLDER = resource("help")
GUIDE = HELP_FOLDER / "guide.html"


class HelpDialog(FitOnShow, QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Руководство пользователя Sferum Desk")
        self.browser = QTextBrowser(objectName="guide")
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)  # offline: nothing leaves the program
        self.browser.setSearchPaths([str(HELP_FOLDER)])
        self.browser.setSource(QUrl.fromLocalFile(str(GUIDE)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(820, 680)


def show_help(window) -> HelpDialog:
    dialog = HelpDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()  # not modal: the guide stays open beside the work
    return dialog
