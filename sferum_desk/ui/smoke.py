"""A start-up check for builds: SFERUM_DESK_QUIT_AFTER_MS=1000 makes the GUI quit by itself.

The packaging check (packaging/check_bundle.sh) starts the bundled program this way to prove
that the main window really opens from the bundle, then closes it. Without the variable
nothing changes. The program reports the window it saw on stdout (when there is one) and in
the log.
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

ENV = "SFERUM_DESK_QUIT_AFTER_MS"

log = logging.getLogger(__name__)


def quit_after_ms() -> int | None:
    value = os.environ.get(ENV, "").strip()
    return int(value) if value.isdigit() else None


def install_quit_timer(app: QApplication) -> QTimer | None:
    """When SFERUM_DESK_QUIT_AFTER_MS is set: after that many ms, report the open main window
    and quit the event loop (exit code 0)."""
    delay = quit_after_ms()
    if delay is None:
        return None
    timer = QTimer(app)
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: _report_and_quit(app))
    timer.start(delay)
    return timer


def _report_and_quit(app: QApplication) -> None:
    windows = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    line = ("SMOKE main window: " + "; ".join(f"«{w.windowTitle()}» {w.width()}x{w.height()}"
                                              for w in windows)) if windows else \
        "SMOKE no main window"
    forms, failure = _load_every_form()
    line += f"; forms: {forms}" if failure is None else f"; SMOKE form failed: {failure}"
    resources, missing = _check_resources()
    line += f"; resources: {resources}" if missing is None else \
        f"; SMOKE resource missing: {missing}"
    failure = failure or missing
    log.info(line.replace("«", "").replace("»", ""))
    if sys.stdout is not None:
        print(line, flush=True)
    quit_app(app, 4 if not windows else 5 if failure else 0)


def _load_every_form() -> tuple[int, str | None]:
    """Every Qt Designer form the build ships must load (QtUiTools and forms/ in the bundle)."""
    from sferum_desk.ui.ui_files import FORM_FOLDERS, load_form

    names = sorted({path.stem for folder in FORM_FOLDERS if folder.is_dir()
                    for path in folder.glob("*.ui")})
    try:
        for name in names:
            load_form(name).deleteLater()
    except Exception as error:  # noqa: BLE001 - reported as the smoke line's failure
        return len(names), f"{type(error).__name__}: {error}"
    return len(names), None if names else "no .ui files found"


def _check_resources() -> tuple[int, str | None]:
    """The files the program reads from resources/ are there (the build carries them): the
    PDF fonts load into reportlab, the guide, the icon and the font licence exist."""
    from sferum_desk.printing.fonts import register_fonts
    from sferum_desk.resources_path import RESOURCES
    from sferum_desk.ui.about import FONT_LICENCE_FILE, ICON_FILE
    from sferum_desk.ui.help import GUIDE

    for path in (GUIDE, ICON_FILE, FONT_LICENCE_FILE):
        if not path.is_file():
            return 0, str(path)
    try:
        register_fonts()
    except OSError as error:  # reportlab: «Can't open file …»
        return 0, str(error)
    return sum(1 for path in RESOURCES.rglob("*") if path.is_file()), None


def quit_app(app: QApplication, code: int) -> None:
    for widget in app.topLevelWidgets():  # modal dialogs too: every loop must end
        widget.close()
    app.exit(code)
