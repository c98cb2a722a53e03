"""«Справка» → «Руководство пользователя» (F1): the Russian guide, shipped with the program
(resources/help/guide.html with its screenshots) and shown offline in a QTextBrowser."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QWidget

from sferum_desk.resources_path import resource
from sferum_desk.ui.designed import child, load_into
from sferum_desk.ui.geometry import FitOnShow

HELP_FOLDER = resource("help")
GUIDE = HELP_FOLDER / "guide.html"


class HelpDialog(FitOnShow, QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Руководство пользователя Sferum Desk")
        body = load_into(self, "help")  # forms/help.ui; external links stay off: offline
        self.browser = child(body, QTextBrowser, "guide")
        self.browser.setSearchPaths([str(HELP_FOLDER)])
        self.browser.setSource(QUrl.fromLocalFile(str(GUIDE)))
        buttons = child(body, QDialogButtonBox, "buttons")
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        self.resize(820, 680)


def show_help(window) -> HelpDialog:
    dialog = HelpDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()  # not modal: the guide stays open beside the work
    return dialog
