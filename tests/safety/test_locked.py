"""A database locked by another process, or open in another copy of the program: a clear
Russian sentence and a retry that works — never a traceback, never a lost edit."""

from __future__ import annotations

import pytest
from safety_helpers import hold_gui_lock, hold_write_lock, write_roster

from sferum_desk.cli import main
from sferum_desk.domain.errors import UserError
from sferum_desk.services.dto import StaffInput

pytestmark = pytest.mark.sqlite_only

BUSY = "База данных занята другой программой: подождите и повторите."


def test_write_lock_of_another_process_then_retry(school, db_path, tmp_path, capsys):
    roster = write_roster(tmp_path / "список.xlsx", 50)
    holder = hold_write_lock(db_path)  # another program in the middle of its write
    try:
        assert school.people.list_staff() == []  # reading goes on (WAL)
        with pytest.raises(UserError) as info:  # after busy_timeout (5 s) of waiting
            school.people.save_staff(StaffInput("Лебедева Ольга Ивановна", "Учитель"))
        assert info.value.message == BUSY
        assert main(["--db", str(db_path), "import", str(roster), "--as", "students"]) == 1
        err = capsys.readouterr().err
        assert err == BUSY + "\n"  # one sentence, no traceback
    finally:
        holder.release()
    # the same edit and the same import, retried, go through
    school.people.save_staff(StaffInput("Лебедева Ольга Ивановна", "Учитель"))
    assert [s.full_name for s in school.people.list_staff()] == ["Лебедева Ольга Ивановна"]
    assert main(["--db", str(db_path), "import", str(roster), "--as", "students"]) == 0
    assert school.people.stats().students == 50


def test_a_locked_save_keeps_the_form_then_saves(gui, qtbot, school, db_path):
    from PySide6.QtCore import Qt

    from sferum_desk.ui.person_dialogs import StaffDialog

    dialog = StaffDialog(school, school.organization.vocabulary())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.full_name.setText("Гордеева Майя Сергеевна")
    dialog.position.setText("Воспитатель")
    holder = hold_write_lock(db_path)
    try:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()  # the dialog stays open with everything typed
        assert dialog.form.general_error.text() == BUSY
        assert dialog.full_name.text() == "Гордеева Майя Сергеевна"
        assert school.people.list_staff() == []
    finally:
        holder.release()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # «Сохранить» again
    assert not dialog.isVisible()
    assert [(s.full_name, s.position) for s in school.people.list_staff()] == \
        [("Гордеева Майя Сергеевна", "Воспитатель")]


def test_second_copy_of_the_gui_is_refused_and_a_crashed_one_leaves_no_lock(gui, school,
                                                                            db_path):
    from sferum_desk.ui.app import open_services

    school.db.close()
    other = hold_gui_lock(db_path)  # a window of Sferum Desk open in another process
    try:
        with pytest.raises(UserError) as info:
            open_services(db_path, demo=False)
        assert "уже открыта в другом окне Sferum Desk на этом компьютере" in info.value.message
        assert f"(процесс {other.process.pid})" in info.value.message
    finally:
        other.kill()  # the other copy crashes: the OS drops its lock with it
    services, close = open_services(db_path, demo=False)
    _, close_again = open_services(db_path, demo=False)  # the same process may reopen
    close_again()
    assert services.people.stats().staff == 0
    close()


def test_cli_restore_refuses_while_a_window_has_the_file(school, db_path, capsys):
    school.organization.backup_now()
    school.db.close()  # as a real `restore` process: Windows never replaces a file left open
    other = hold_gui_lock(db_path)
    try:
        assert main(["--db", str(db_path), "restore", "newest"]) == 1
        assert "уже открыта в другом окне Sferum Desk" in capsys.readouterr().err
    finally:
        other.release()
    assert main(["--db", str(db_path), "restore", "newest"]) == 0
