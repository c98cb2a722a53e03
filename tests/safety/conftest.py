"""Fixtures of the safety tests: GUI plumbing for the few tests that open windows."""

from __future__ import annotations

import pytest


@pytest.fixture
def gui(qapp, tmp_path, monkeypatch):
    """The app's Qt setup, throw-away settings, and message boxes recorded, not shown."""
    from gui_support import recorded_boxes, use_settings_folder

    from sferum_desk.ui.app import make_application

    make_application()
    use_settings_folder(tmp_path / "settings")
    return recorded_boxes(monkeypatch)
