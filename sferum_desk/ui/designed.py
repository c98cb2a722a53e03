"""Dialogs and pages whose whole content is a form of `forms/` (not a `FieldForm`).

`load_into` puts `forms/<name>.ui` into a dialog (or a page) as its only child;
`child` finds a named widget of it and says which form lacks it. Labels named `error_*`
get the look of a field's message (red, room kept when hidden), as in a `FieldForm`.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from sferum_desk.ui.forms import style_error_label
from sferum_desk.ui.ui_files import load_form

W = TypeVar("W", bound=QWidget)


def load_page(name: str, parent: QWidget | None = None) -> QWidget:
    """`forms/<name>.ui` with its `error_*` labels styled (e.g. a wizard's page)."""
    body = load_form(name, parent)
    for label in body.findChildren(QLabel):
        if label.objectName().startswith("error_"):
            style_error_label(label)
    return body


def load_into(host: QWidget, name: str) -> QWidget:
    """`forms/<name>.ui` as the whole content of `host`; returns the form's root widget."""
    body = load_page(name, host)
    layout = QVBoxLayout(host)
    if not host.isWindow():  # a panel inside a window: the form says its margins
        layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(body)  # (a form loaded under a parent has no margins of its own)
    return body


def chain_tabs(*widgets: QWidget) -> None:
    """Tab from each widget to the next: for widgets made in code beside a form's own."""
    for first, second in zip(widgets, widgets[1:]):
        QWidget.setTabOrder(first, second)


def child(root: QWidget, cls: type[W], name: str) -> W:
    widget = root.findChild(cls, name)
    if widget is None:
        raise LookupError(f"{root.objectName()}.ui has no {cls.__name__} «{name}»")
    return widget


def ok_cancel_buttons(buttons: QDialogButtonBox, ok_text: str, ok_name: str,
                      on_ok: Callable[[], object], on_cancel: Callable[[], object]) -> QPushButton:
    """Word a form's OK/Cancel box in Russian and wire it; returns the OK button (tests and
    the dialog's checks find it by `ok_name`)."""
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setObjectName(ok_name)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(on_cancel)
    return ok
