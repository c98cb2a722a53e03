"""Steps through the import wizard that its tests share."""

from __future__ import annotations

from pathlib import Path

from gui_support import click

from sferum_desk.ui.import_roster import wizard as import_wizard


def choose_file(qtbot, monkeypatch, wizard, path: Path) -> None:
    """«Выбрать файл…» with the file dialog answering `path`."""
    monkeypatch.setattr(import_wizard, "ask_open_path", lambda parent: path)
    browse = next(b for b in wizard.findChildren(type(wizard.next_button))
                  if b.text() == "Выбрать файл…")
    click(qtbot, browse)
    assert wizard.path_edit.text() == str(path)


def wait_plan(qtbot, wizard) -> None:
    qtbot.waitUntil(lambda: wizard.plan is not None and not wizard.running(), timeout=20000)
