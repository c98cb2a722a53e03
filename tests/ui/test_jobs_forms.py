"""The restore, about and help dialogs are designed in forms/restore.ui, about.ui and help.ui:
each is built from its file, opens with the cursor in its first field, and Tab walks the
file's order, then the buttons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gui_support import form_tabstops, shown_dialog
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from sferum_desk.db.recovery import BackupInfo
from sferum_desk.ui.about import AboutDialog
from sferum_desk.ui.help import HelpDialog
from sferum_desk.ui.recovery import RestoreDialog


tabstops = form_tabstops


opened = shown_dialog


def tab_walk(qtbot, steps: int) -> list[QWidget]:
    seen = [QApplication.focusWidget()]
    for _ in range(steps):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def button_box(dialog) -> QDialogButtonBox:
    return dialog.findChild(QDialogButtonBox, "buttons")


def test_the_restore_dialog_is_its_form_and_starts_in_the_list(qtbot):
    backups = [BackupInfo(Path(f"b{i}.sqlite3"), dt.datetime(2026, 9, i + 1, 10, 0),
                          "перед импортом", 3, 40, True) for i in range(3)]
    dialog = opened(qtbot, RestoreDialog(backups, "Выберите копию."))
    assert dialog.findChild(QWidget, "restore") is not None
    assert dialog.findChild(QWidget, "intro").text() == "Выберите копию."
    assert dialog.view.parentWidget().objectName() == "backups_box"  # the table's place
    assert tabstops("restore") == ["backups_box", "buttons"]
    assert QApplication.focusWidget() is dialog.view
    seen = tab_walk(qtbot, 2)
    assert seen[1] is dialog.ok_button and button_box(dialog).isAncestorOf(seen[2])


def test_the_about_dialog_is_its_form(qtbot):
    dialog = opened(qtbot, AboutDialog(""))
    assert dialog.findChild(QWidget, "about") is not None
    assert not dialog.findChild(QWidget, "database").isVisibleTo(dialog)  # no file: no row
    assert tabstops("about")[:2] == ["open_data_folder", "licences"]
    assert QApplication.focusWidget() is dialog.open_button
    assert [w.objectName() for w in tab_walk(qtbot, 1)] == ["open_data_folder", "licences"]


def test_the_help_frame_is_its_form_and_starts_in_the_guide(qtbot):
    dialog = opened(qtbot, HelpDialog())
    assert dialog.findChild(QWidget, "help") is not None and dialog.browser.objectName() == \
        "guide"
    assert not dialog.browser.openExternalLinks() and dialog.browser.openLinks()
    assert QApplication.focusWidget() is dialog.browser
    assert "Сферум" in dialog.browser.toPlainText()


def test_the_first_start_opens_in_the_kind_and_tab_ends_on_its_buttons(qtbot, services):
    from sferum_desk.ui.first_start import FirstStartDialog

    dialog = opened(qtbot, FirstStartDialog(services))
    assert QApplication.focusWidget() is dialog.form.kind  # the first field of the card
    chain = dialog.tab_chain()
    assert chain[0] is dialog.form.kind and dialog.form.full_name in chain
    seen = tab_walk(qtbot, len(chain) + 2)
    stop = seen.index(dialog.ok_button)  # the fields, then the buttons
    assert seen[stop + 1] is dialog.cancel_button
    assert all(chain.index(w) < chain.index(v) for w, v in zip(seen[:stop], seen[1:stop]))
    assert dialog.ok_button.text() == "Начать работу" and dialog.cancel_button.text() == "Выйти"
