"""The one loader of Qt Designer forms (`forms/*.ui` at the top of the repository).

The .ui files are loaded at run time with QUiLoader: no generated code is committed. They
are found in the installed package (`sferum_desk/forms`, mapped from `forms/` by
pyproject's package-dir), in the PyInstaller bundle (the same path) or, when running from
the source tree, in `forms/` itself. Custom widgets named in a form are registered here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

_PACKAGE = Path(__file__).resolve().parent.parent
FORM_FOLDERS = (_PACKAGE / "forms", _PACKAGE.parent / "forms")
_custom_widgets: list[type] = []


def register_widget(cls: type) -> type:
    """A class decorator: forms may name this widget class (a Designer «promoted» widget);
    it must be constructible with its parent alone."""
    _custom_widgets.append(cls)
    return cls


def form_path(name: str) -> Path:
    for folder in FORM_FOLDERS:
        path = folder / f"{name}.ui"
        if path.is_file():
            return path
    raise FileNotFoundError(f"{name}.ui is in none of {', '.join(map(str, FORM_FOLDERS))}")


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Build the widget tree of `forms/<name>.ui` under `parent`."""
    loader = QUiLoader()
    for cls in _custom_widgets:
        loader.registerCustomWidget(cls)
    file = QFile(str(form_path(name)))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise OSError(f"cannot read {file.fileName()}")
    try:
        widget = loader.load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"{name}.ui: {loader.errorString()}")
    return widget
