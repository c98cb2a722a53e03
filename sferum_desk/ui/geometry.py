"""Windows that fit the screen: a school laptop is 1366×768 with a taskbar of about 40 px.

`fit_to_screen` shrinks (and re-centres) a window to its screen's available area;
`FitOnShow`, mixed into every dialog class, does it as the dialog opens, so its buttons are
never under the taskbar. The main window starts maximised on screens
smaller than `MAXIMISE_BELOW`.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MAXIMISE_BELOW = QSize(1440, 900)
PREFERRED_MAIN_SIZE = QSize(1280, 780)
# A title bar and borders are not part of a window's geometry before it is first shown.
FRAME_ALLOWANCE = QSize(16, 40)


def available_area(widget: QWidget | None = None) -> QRect:
    """The free area of the screen the widget is on (its parent's, before it is placed).
    Screens are looked up through QGuiApplication: QWidget.screen() called from Python
    left a dangling QScreen behind in long runs (a crash in the next widget's constructor)."""
    anchor = widget.parentWidget() or widget if widget is not None else None
    screen = None
    if anchor is not None and anchor.isVisible():
        screen = QGuiApplication.screenAt(anchor.mapToGlobal(anchor.rect().center()))
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def frame_extra(window: QWidget) -> QSize:
    """What the window manager adds around the client area (an allowance until known)."""
    extra = window.frameGeometry().size() - window.geometry().size()
    if extra.width() <= 0 and extra.height() <= 0:
        return FRAME_ALLOWANCE
    return extra


def fit_to_screen(window: QWidget) -> None:
    area = available_area(window)
    extra = frame_extra(window)
    limit = QSize(area.width() - extra.width(), area.height() - extra.height())
    size = window.size().boundedTo(limit)
    if size != window.size():
        window.resize(size.expandedTo(window.minimumSizeHint().boundedTo(limit)))
    frame = QRect(window.pos(), window.size() + extra)
    if not area.contains(frame):
        x = area.x() + max((area.width() - frame.width()) // 2, 0)
        y = area.y() + max((area.height() - frame.height()) // 2, 0)
        window.move(x, y)


def initial_main_size(window: QWidget) -> bool:
    """Give the main window its first size; True when it should start maximised."""
    area = available_area(window)
    if area.width() < MAXIMISE_BELOW.width() or area.height() < MAXIMISE_BELOW.height():
        window.resize(PREFERRED_MAIN_SIZE.boundedTo(area.size() - FRAME_ALLOWANCE))
        return True
    window.resize(PREFERRED_MAIN_SIZE)
    return False


class FitOnShow:
    """Mix into a dialog class (before QDialog): it fits its screen whenever it is shown."""

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        fit_to_screen(self)
        super().showEvent(event)
