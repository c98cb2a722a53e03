"""GUI fixtures: offscreen Qt, the app's font, throw-away settings, recorded message boxes."""

from __future__ import annotations

import pytest
from gui_support import Boxes, recorded_app_boxes, use_settings_folder, window_builder

from sferum_desk.ui.app import make_application


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
    return recorded_app_boxes(monkeypatch)


@pytest.fixture
def open_window(qtbot):
    """Build (and show) a main window over some services, as the app does."""
    return window_builder(qtbot)
