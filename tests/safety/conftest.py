"""Fixtures of the safety tests: GUI plumbing for the few tests that open windows."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest


@dataclass
class Boxes:
    """What the app would have shown in message boxes, and the answers to its questions."""

    errors: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    answer: bool = True


@pytest.fixture
def gui(qapp, tmp_path, monkeypatch) -> Boxes:
    """The app's Qt setup, throw-away settings, and message boxes recorded, not shown."""
    from PySide6.QtCore import QSettings

    from sferum_desk.ui import dialogs
    from sferum_desk.ui.app import make_application

    make_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))
    record = Boxes()

    def confirm(_parent, text, yes="Удалить"):
        record.questions.append(text)
        return record.answer

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text: record.errors.append(text))
    monkeypatch.setattr(dialogs, "show_info", lambda _p, text: record.infos.append(text))
    return record
