"""Uncaught errors in the GUI: logged with their traceback, shown as a Russian dialog that
says what to do and where the log is — never a silent exit.

`ui.app.report_exception` shows the dialog; `install(report)` makes it the handler for the
main thread (sys.excepthook, which PySide6 also calls for errors in slots) and for any other
Python thread (threading.excepthook), whose errors are passed to the GUI thread first.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from sferum_desk.logs import log_exception

_relay: _ThreadRelay | None = None
_report: Callable | None = None


def crash_message(log: Path | None) -> str:
    """One paragraph a secretary can act on."""
    where = (f" Подробности записаны в журнал «{log}»: если ошибка повторяется, перешлите "
             "этот файл тому, кто обслуживает программу." if log else "")
    return ("Произошла непредвиденная ошибка: последнее действие не выполнено, введённые "
            "раньше данные сохранены. Продолжайте работу; если окно ведёт себя странно, "
            f"закройте программу и откройте её снова.{where}")


def log_crash(exc_type, exc, tb) -> Path | None:
    """Write the traceback to the rotating log; returns the log file (None without one)."""
    return log_exception(exc_type, exc, tb, where="the window")


class _ThreadRelay(QObject):
    """Carries an error from a worker thread to the GUI thread, where dialogs may open."""

    raised = Signal(object, object, object)


def install(report: Callable) -> None:
    """Route every uncaught error of the GUI process to `report(exc_type, exc, tb)`."""
    global _relay, _report
    sys.excepthook = _report = report
    if _relay is None:
        _relay = _ThreadRelay(QApplication.instance())
        _relay.raised.connect(lambda *exc_info: _report(*exc_info))

    def from_thread(args) -> None:
        if args.exc_type is SystemExit:
            return
        _relay.raised.emit(args.exc_type, args.exc_value, args.exc_traceback)

    threading.excepthook = from_thread
