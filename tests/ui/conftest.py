"""GUI fixtures: offscreen Qt, the app's font, throw-away settings, recorded message boxes."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QSettings

from sferum_desk.ui import dialogs
from sferum_desk.ui.app import make_application
from sferum_desk.ui.main_window import MainWindow


@pytest.fixture(scope="session", autouse=True)
def _application(qapp):
    make_application()  # names for QSettings and the bundled font, as in the real app
    return qapp


@pytest.fixture(autouse=True)
def settings_dir(tmp_path):
    """QSettings() anywhere in the GUI writes into this test's folder."""
    folder = tmp_path / "settings"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@dataclass
class Boxes:
    """What the app would have shown in message boxes, and the answers to its questions."""

    errors: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    answer: bool = True


@pytest.fixture(autouse=True)
def boxes(monkeypatch) -> Boxes:
    """No blocking message box ever opens in a test: each is recorded instead."""
    record = Boxes()

    def confirm(_parent, text, yes="Удалить"):
        record.questions.append(text)
        return record.answer

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text: record.errors.append(text))
    monkeypatch.setattr(dialogs, "show_info", lambda _p, text: record.infos.append(text))
    monkeypatch.setattr(dialogs, "show_crash",
                        lambda _p, text, details: record.crashes.append(text))
    return record


@pytest.fixture
def open_window(qtbot):
    """Build (and show) a main window over some services, as the app does."""

    def build(services, show: bool = True) -> MainWindow:
        window = MainWindow(services)
        qtbot.addWidget(window)
        if show:
            with qtbot.waitExposed(window):
                window.show()
        return window

    return build
