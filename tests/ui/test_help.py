"""F1: the Russian user guide opens inside the program, offline, with its screenshots."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument

from sferum_desk.resources_path import RESOURCES
from sferum_desk.ui.help import GUIDE, HelpDialog

JOBS = ["1. Карточка организации", "2. Структура", "3. Списки", "4. Приглашения",
        "5. Движение", "6. Ознакомление", "7. Отчёты"]


def test_f1_opens_the_guide_with_the_seven_jobs_and_their_pictures(qtbot, kindergarten,
                                                                    open_window):
    window = open_window(kindergarten)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.findChild(HelpDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    for job in JOBS:
        assert job in text
    document = dialog.browser.document()
    for picture in ("screenshot-main.png", "screenshot-invitations.png",
                    "screenshot-reports.png"):
        image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(picture))
        assert image is not None and not image.isNull(), picture
    assert GUIDE.is_file() and GUIDE.is_relative_to(RESOURCES)  # found by the one locator
    dialog.close()
