"""«О программе», the crash handler for worker threads, and the bundle's quit-after timer."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit
from gui_support import click

from sferum_desk import __version__
from sferum_desk.paths import data_dir
from sferum_desk.ui import about, crash, smoke
from sferum_desk.ui.about import AboutDialog, licences_text


def test_about_shows_version_data_folder_and_licences(qtbot, monkeypatch, kindergarten):
    opened = []
    monkeypatch.setattr(about.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = AboutDialog(kindergarten.db.location)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(f"Sferum Desk {__version__}" in t for t in texts)
    assert str(data_dir()) in texts and kindergarten.db.location in texts
    click(qtbot, dialog.open_button)
    assert [Path(url.toLocalFile()) for url in opened] == [data_dir()]  # C:/… is C:\…
    licences = dialog.findChild(QPlainTextEdit, "licences").toPlainText()
    assert "SIL Open Font License" in licences and "PySide6" in licences
    assert "LGPL" in licences and "SQLAlchemy" in licences and "ReportLab" in licences


def test_licences_carry_the_full_font_licence():
    text = licences_text()
    assert "PERMISSION & CONDITIONS" in text.upper() or "Permission is hereby granted" in text
    assert text.count("•") == len(about.COMPONENTS)


def test_an_error_in_a_worker_thread_reaches_the_gui_thread(qtbot, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    seen = []
    crash.install(lambda exc_type, exc, tb: seen.append(
        (exc_type, str(exc), threading.current_thread() is threading.main_thread())))

    def work():
        raise RuntimeError("в потоке")

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(RuntimeError, "в потоке", True)]


def test_crash_message_says_what_to_do_and_where_the_log_is(tmp_path):
    text = crash.crash_message(tmp_path / "sferum-desk.log")
    assert "не выполнено" in text and "откройте её снова" in text
    assert str(tmp_path / "sferum-desk.log") in text


def test_quit_timer_reports_the_main_window_and_quits(qtbot, monkeypatch, capsys, kindergarten):
    from sferum_desk.ui.main_window import MainWindow

    monkeypatch.setenv(smoke.ENV, "50")
    window = MainWindow(kindergarten)
    qtbot.addWidget(window)
    window.show()
    quits = []
    monkeypatch.setattr(smoke, "quit_app", lambda app, code: quits.append(code))
    assert smoke.install_quit_timer(QApplication.instance()) is not None
    qtbot.waitUntil(lambda: bool(quits))
    assert quits == [0] and "SMOKE main window:" in capsys.readouterr().out


def test_no_timer_without_the_variable(monkeypatch):
    monkeypatch.delenv(smoke.ENV, raising=False)
    assert smoke.install_quit_timer(QApplication.instance() or QApplication([])) is None
