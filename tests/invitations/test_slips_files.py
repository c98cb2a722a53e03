"""Slips and their files as a user meets them: the links are checked before the save dialog,
the dialog opens where slips were saved last (another kind of file keeps its own folder), the
name carries the unit and the date, and the status bar offers «Открыть» / «Показать в папке»."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from gui_support import click, use_settings_folder
from PySide6.QtCore import QSettings, QUrl

from sferum_desk.domain.errors import UserError
from sferum_desk.paths import data_dir
from sferum_desk.services.invitations import SlipRequest
from sferum_desk.ui import dialogs, file_dialogs
from sferum_desk.ui.invitations.print_dialog import PrintSlipsDialog
from sferum_desk.ui.main_window import MainWindow
from sferum_desk.ui.signals import DataSignals
from sferum_desk.ui.invitations.tab import InvitationsTab

DAY = f"{dt.date.today():%Y-%m-%d}"


@pytest.fixture
def boxes(qapp, tmp_path, monkeypatch):
    """Throw-away settings; message boxes and the system viewer recorded."""
    from sferum_desk.ui.app import make_application

    make_application()
    use_settings_folder(tmp_path / "settings")
    record = {"errors": [], "opened": []}
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text: record["errors"].append(text))
    monkeypatch.setattr(dialogs, "show_info", lambda _p, text: None)
    monkeypatch.setattr(file_dialogs, "open_path", lambda path: record["opened"].append(path))
    return record


@pytest.fixture
def system_dialog(monkeypatch, tmp_path):
    """The platform's «Сохранить как» replaced: records the folder and name it was offered
    and answers with a file in `answers` (a folder per call, `tmp_path` by default)."""
    calls: list[Path] = []
    answers: list[Path] = []

    def get_save_file_name(_parent, _title, start, _filter):
        calls.append(Path(start))
        folder = answers.pop(0) if answers else tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        return str(folder / Path(start).name), _filter

    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName", get_save_file_name)
    return calls, answers


def open_slips(qtbot, services, unit_ids, parent=None) -> PrintSlipsDialog:
    dialog = PrintSlipsDialog(services, unit_ids, "parents", parent=parent)
    if parent is None:
        qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def save_slips(qtbot, dialog, boxes) -> Path:
    opened = len(boxes["opened"])
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: len(boxes["opened"]) > opened or bool(boxes["errors"]),
                    timeout=20000)
    assert not boxes["errors"], boxes["errors"]
    return Path(boxes["opened"][-1])


# ---- point 5: refused before the save dialog ---------------------------------------------
def test_an_annulled_link_is_refused_before_the_save_dialog(qtbot, linked, boxes,
                                                             monkeypatch):
    services, units = linked
    [link] = [r for r in services.invitations.list_links() if r.unit_name == "5Б"]
    services.invitations.annul_links([link.id], "все вступили")
    asked = []
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *args: asked.append(args))
    dialog = open_slips(qtbot, services, [units["5Б"]])
    click(qtbot, dialog.save_button)
    assert asked == []  # the file dialog never opened
    assert len(boxes["errors"]) == 1
    assert "«5Б»" in boxes["errors"][0] and "аннулирована" in boxes["errors"][0]
    assert services.invitations.list_batches() == []


def test_a_missing_link_is_refused_before_the_save_dialog(qtbot, roster, boxes, monkeypatch):
    services, units = roster  # no links at all
    asked = []
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *args: asked.append(args))
    dialog = open_slips(qtbot, services, [units["5А"], units["5Б"]])
    click(qtbot, dialog.save_button)
    assert asked == []
    [message] = boxes["errors"]
    assert message.startswith("Для «5А», «5Б» нет действующей ссылки-приглашения")
    assert message.count(".") == 1 and message.endswith(".")  # one sentence


def test_the_check_is_the_print_gates_own(linked):
    services, units = linked
    inv = services.invitations
    assert inv.check_slips_printable(SlipRequest([units["5А"]], "parents")).ok
    [link] = [r for r in inv.list_links() if r.unit_name == "5А"]
    inv.annul_links([link.id])
    check = inv.check_slips_printable(SlipRequest([units["5А"], units["5Б"]], "parents"))
    assert check.units == ("5А",)
    with pytest.raises(UserError) as refused:
        inv.print_slips(SlipRequest([units["5А"]], "parents"), "/nonexistent/x.pdf")
    assert check.message == refused.value.message  # the same sentence as the print's


# ---- points 2-4: folder, name, status bar -------------------------------------------------
def test_the_slips_folder_is_remembered_for_slips_only(qtbot, linked, boxes, system_dialog,
                                                        tmp_path):
    services, units = linked
    calls, answers = system_dialog
    documents = file_dialogs.documents_folder()
    assert not file_dialogs.last_folder(file_dialogs.SLIPS).is_relative_to(data_dir())

    dialog = open_slips(qtbot, services, [units["5А"]])
    answers.append(tmp_path / "листовки")
    saved = save_slips(qtbot, dialog, boxes)
    assert calls[0] == documents / f"Карточки 5А родители {DAY}.pdf"  # first: Documents
    assert saved == tmp_path / "листовки" / f"Карточки 5А родители {DAY}.pdf"
    assert QSettings().value("last_folder/slips") == str(tmp_path / "листовки")

    again = open_slips(qtbot, services, [units["5А"], units["5Б"]])
    save_slips(qtbot, again, boxes)
    assert calls[1] == tmp_path / "листовки" / f"Карточки 5А, 5Б родители {DAY}.pdf"

    tab = InvitationsTab(services, DataSignals())
    qtbot.addWidget(tab)
    tab.export_annul()  # another kind of file: an Excel list, not slips
    assert calls[2].parent == documents


def test_a_folder_inside_the_data_folder_is_never_offered(boxes):
    QSettings().setValue(file_dialogs.settings_key(file_dialogs.REPORT),
                         str(data_dir()))
    assert file_dialogs.last_folder(file_dialogs.REPORT) == file_dialogs.documents_folder()


def test_the_status_bar_offers_to_open_the_file_and_its_folder(qtbot, linked, boxes,
                                                               system_dialog, tmp_path):
    services, units = linked
    urls: list[QUrl] = []
    window = MainWindow(services, opener=lambda url: urls.append(url) or True)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    notice = window.saved_notice
    assert not notice.isVisible()
    tab = window.tab(InvitationsTab)
    dialog = open_slips(qtbot, services, [units["5А"]], parent=tab)
    saved = save_slips(qtbot, dialog, boxes)
    qtbot.waitUntil(notice.isVisible)
    assert notice.label.text() == f"Сохранено: {saved.name}"
    click(qtbot, notice.open_button)
    click(qtbot, notice.folder_button)
    assert [Path(url.toLocalFile()) for url in urls] == [saved, saved.parent]
    assert all(url.isLocalFile() for url in urls)


def test_a_saved_workbook_is_announced_too(qtbot, roster, boxes, system_dialog, tmp_path):
    from sferum_desk.ui.import_roster.wizard import export_staff

    services, _units = roster
    urls: list[QUrl] = []
    window = MainWindow(services, opener=urls.append)
    qtbot.addWidget(window)
    window.show()
    calls, _answers = system_dialog
    saved = export_staff(window)  # «Выгрузить сотрудников в Excel»
    assert calls[0].name == f"Сотрудники {DAY}.xlsx" and saved == tmp_path / calls[0].name
    assert window.saved_notice.isVisible()
    click(qtbot, window.saved_notice.open_button)
    click(qtbot, window.saved_notice.folder_button)
    assert [Path(url.toLocalFile()) for url in urls] == [saved, tmp_path]
