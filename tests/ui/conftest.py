"""GUI fixtures: offscreen Qt, the app's font, throw-away settings, recorded message boxes."""

from __future__ import annotations

import pytest
from gui_support import Boxes, recorded_boxes, use_settings_folder

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
    use_settings_folder(folder)
    return folder


@pytest.fixture(autouse=True)
def boxes(monkeypatch) -> Boxes:
    """No blocking message box ever opens in a test: each is recorded instead."""
    record = recorded_boxes(monkeypatch)
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
