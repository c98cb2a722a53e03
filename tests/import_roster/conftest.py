"""The import area's tests: the service's (no Qt) and the wizard's (test_import_*.py).

The wizard's tests run as those in tests/ui do: the app's QApplication, a throw-away settings
folder, message boxes recorded, never shown. The service's tests start no Qt at all.
"""

from __future__ import annotations

import pytest

WIZARD_TESTS = "test_import_"


def _is_wizard_test(request) -> bool:
    return request.module.__name__.rpartition(".")[2].startswith(WIZARD_TESTS)


@pytest.fixture(scope="session")
def _application(qapp):
    from sferum_desk.ui.app import make_application

    make_application()  # names for QSettings and the bundled font, as in the real app
    return qapp


@pytest.fixture(autouse=True)
def _gui_for_wizard_tests(request, tmp_path):
    if not _is_wizard_test(request):
        return
    from gui_support import use_settings_folder

    request.getfixturevalue("_application")
    use_settings_folder(tmp_path / "settings")  # QSettings() writes into this test's folder
    request.getfixturevalue("boxes")


@pytest.fixture
def boxes(monkeypatch):
    """No blocking message box ever opens in a test: each is recorded instead."""
    from gui_support import recorded_app_boxes

    return recorded_app_boxes(monkeypatch)


@pytest.fixture
def open_window(qtbot):
    """Build (and show) a main window over some services, as the app does."""
    from gui_support import window_builder

    return window_builder(qtbot)
