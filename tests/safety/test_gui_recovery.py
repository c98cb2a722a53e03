"""The GUI side: a damaged file at start offers the backups, «Файл → Восстановить из копии»,
«Проверить базу» and «Сведения о человеке» from the menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from safety_helpers import cut_in_half, digest, snapshot, without_restore_note

from sferum_desk.db.engine import open_database
from sferum_desk.domain.errors import UserError
from sferum_desk.services import Services
from sferum_desk.services.dto import OrganizationData, StaffInput
from sferum_desk.services.safety import backups_for
from sferum_desk.ui import recovery
from sferum_desk.ui.app import GuiSession, open_services
from sferum_desk.ui.menus import FILE_MENU
from sferum_desk.ui.tabs import StaffTab

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def kept(tmp_path):
    """A kindergarten file with two staff, a backup taken with one, then damaged or not."""
    path = tmp_path / "сад.sqlite3"
    db = open_database(path)
    services = Services.over(db)
    services.organization.save(OrganizationData(kind="kindergarten", full_name="МБДОУ № 4"))
    services.people.save_staff(StaffInput("Яковлева Дина Руслановна", "Воспитатель"))
    backup = services.organization.backup_now()
    services.people.save_staff(StaffInput("Шестакова Лия Олеговна", "Воспитатель"))
    db.close()
    return path, backup


def test_damaged_at_start_offers_the_newest_good_backup(gui, kept, monkeypatch):
    path, backup = kept
    cut_in_half(path)
    damaged = digest(path)
    offered = []

    def choose(parent, backups, intro):
        offered.append((backups, intro))
        return next(b for b in backups if b.ok).path

    monkeypatch.setattr(recovery, "choose_backup", choose)
    services, close = open_services(path, demo=False)
    try:
        assert [s.full_name for s in services.people.list_staff()] == \
            ["Яковлева Дина Руслановна"]
    finally:
        close()
    backups, intro = offered[0]
    assert "повреждена" in intro and "сад-damaged-" in intro
    assert backups[0].path == backup and backups[0].people == 1
    assert "База восстановлена из копии" in gui.infos[0]
    aside = next(path.parent.glob("сад-damaged-*.sqlite3"))
    assert digest(aside) == damaged


def test_declining_the_restore_leaves_the_file_alone(gui, kept, monkeypatch):
    path, _ = kept
    cut_in_half(path)
    damaged = digest(path)
    monkeypatch.setattr(recovery, "choose_backup", lambda *args: None)
    with pytest.raises(UserError, match="повреждена"):
        open_services(path, demo=False)
    assert digest(path) == damaged
    assert not list(path.parent.glob("*-damaged-*"))
    _, close = open_services(path.with_name("другая.sqlite3"), demo=False)
    close()  # the lock of the refused file was let go too: nothing stuck


def test_damaged_without_backups_is_one_sentence(gui, tmp_path):
    path = tmp_path / "одна.sqlite3"
    path.write_bytes(b"\x00" * 8192)
    with pytest.raises(UserError) as info:
        open_services(path, demo=False)
    assert "исправных резервных копий рядом с ней нет" in info.value.message
    assert path.read_bytes() == b"\x00" * 8192


def test_restore_dialog_lists_dates_reasons_counts(gui, qtbot, kept):
    path, backup = kept
    broken = backup.with_name(f"{path.stem}-20990101-000000-000000-before-import.sqlite3")
    broken.write_bytes(b"garbage")
    infos = backups_for(path)
    dialog = recovery.RestoreDialog(infos, "Выберите копию.")
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.view.model()
    rows = [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]
    assert rows[0][1:5] == ["перед импортом", "—", "—", "повреждена"]
    assert rows[1][1:5] == ["сохранена вручную", "0", "1", "исправна"]
    assert dialog.chosen().path == backup  # the newest good one, not the newest
    dialog.view.selectRow(0)
    assert not dialog.ok_button.isEnabled()  # a damaged copy cannot be chosen
    dialog.view.selectRow(1)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted


def test_menu_restore_rebuilds_the_window_over_the_backup(gui, qtbot, kept, monkeypatch):
    path, backup = kept
    before = snapshot(path)
    services, close = open_services(path, demo=False)
    session = GuiSession()
    window = session.show(services, close)
    qtbot.addWidget(window)
    monkeypatch.setattr(recovery, "choose_backup", lambda parent, backups, intro: backup)
    window.menu_action(FILE_MENU, "Восстановить из копии…").trigger()
    try:
        assert gui.questions and "Вернуть базу к копии" in gui.questions[0]
        assert session.window is not window  # a fresh window over the restored file
        new = session.window
        assert [s.full_name for s in new.services.people.list_staff()] == \
            ["Яковлева Дина Руслановна"]
        assert "Прежний файл сохранён рядом" in gui.infos[0]
        aside = next(path.parent.glob("сад-before-restore-*.sqlite3"))
        assert snapshot(aside) == before
        assert without_restore_note(snapshot(path)) == snapshot(backup)
    finally:
        session.window.close()
        session.close()


def test_menu_check_and_person_export(gui, qtbot, kept, monkeypatch, tmp_path):
    path, _ = kept
    services, close = open_services(path, demo=False)
    session = GuiSession()
    window = session.show(services, close)
    qtbot.addWidget(window)
    try:
        window.menu_action(FILE_MENU, "Проверить базу").trigger()
        assert gui.infos[-1] == "База в порядке: ошибок не найдено."

        window.menu_action(FILE_MENU, "Сведения о человеке (персональные данные)…").trigger()
        assert "Выберите человека" in gui.infos[-1]
        tab = window.tab(StaffTab)
        window.tabs.setCurrentWidget(tab)
        tab.refresh()
        tab.select_id(tab.model.rows()[0].id)
        out = tmp_path / "сведения"
        monkeypatch.setattr(recovery, "ask_export_path", lambda parent, suggested: out)
        window.menu_action(FILE_MENU, "Сведения о человеке (персональные данные)…").trigger()
        assert out.with_name("сведения.pdf").read_bytes().startswith(b"%PDF")
        assert "Сведения сохранены" in gui.infos[-1]
    finally:
        window.close()
        session.close()
