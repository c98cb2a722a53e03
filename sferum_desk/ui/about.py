"""«О программе»: the version, where the data lives (a button opens the folder), and the
licences of everything the installed program carries."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton,
    QVBoxLayout, QWidget,
)

from sferum_desk import __version__
from sferum_desk.logs import log_file
from sferum_desk.paths import data_dir, logs_dir
from sferum_desk.resources_path import resource
from sferum_desk.ui.geometry import FitOnShow

ICON_FILE = resource("icons", "sferum-desk.png")
FONT_LICENCE_FILE = resource("fonts", "LICENSE-Liberation.txt")


@dataclass(frozen=True)
class Component:
    name: str
    distribution: str  # the package name for its version; "" when not a Python package
    licence: str


# What the installed program carries (packaging/sferum_desk.spec), with each licence.
COMPONENTS = (
    Component("Python", "", "Python Software Foundation License"),
    Component("Qt 6 и PySide6", "PySide6-Essentials",
              "GNU LGPL 3.0: библиотеки Qt лежат в папке программы отдельными файлами и могут "
              "быть заменены; исходный код — qt.io"),
    Component("SQLAlchemy", "SQLAlchemy", "MIT"),
    Component("Alembic", "alembic", "MIT"),
    Component("Mako", "Mako", "MIT"),
    Component("psycopg", "psycopg", "GNU LGPL 3.0"),
    Component("ReportLab", "reportlab", "BSD"),
    Component("Pillow", "pillow", "MIT-CMU (HPND)"),
    Component("openpyxl", "openpyxl", "MIT"),
    Component("python-calamine", "python-calamine", "MIT"),
    Component("qrcode", "qrcode", "BSD"),
    Component("rl-accel", "rl-accel", "BSD"),
    Component("Pyphen", "pyphen", "GNU LGPL 2.1+ / MPL 1.1"),
    Component("pytrovich", "pytrovich", "MIT"),
    Component("phonenumbers", "phonenumbers", "Apache 2.0"),
    Component("RapidFuzz", "rapidfuzz", "MIT"),
    Component("platformdirs", "platformdirs", "MIT"),
    Component("Шрифты Liberation Sans, Serif и Mono", "",
              "SIL Open Font License 1.1 (текст ниже)"),
)


def app_icon() -> QIcon:
    """The window icon (packaging/make_icon.py draws it)."""
    return QIcon(str(ICON_FILE))


def component_version(distribution: str) -> str:
    if not distribution:
        return ""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:  # a bundle may carry a package without its metadata
        return ""


def licences_text() -> str:
    """The program's own licence, each component's, and the full text of the font licence."""
    lines = [f"Sferum Desk {__version__} — лицензия MIT.", "", "В программу входят:"]
    for item in COMPONENTS:
        version = component_version(item.distribution)
        lines.append(f"• {item.name}{' ' + version if version else ''} — {item.licence}")
    try:
        font_licence = FONT_LICENCE_FILE.read_text(encoding="utf-8")
    except OSError:
        font_licence = "(файл лицензии шрифтов не найден)"
    lines += ["", "Лицензия шрифтов Liberation:", "", font_licence]
    return "\n".join(lines)


def open_folder(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class AboutDialog(FitOnShow, QDialog):
    def __init__(self, database_location: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("О программе Sferum Desk")
        self.setWindowIcon(app_icon())
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        layout.addLayout(self._places(database_location))
        self.licences = QPlainTextEdit(licences_text())
        self.licences.setObjectName("licences")
        self.licences.setReadOnly(True)
        layout.addWidget(QLabel("Лицензии:"))
        layout.addWidget(self.licences, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(QPixmap(str(ICON_FILE)).scaled(
            64, 64, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))
        row.addWidget(icon)
        text = QLabel(f"<b>Sferum Desk {__version__}</b><br>Рабочее место администратора "
                      "платформы «Сферум» в школе и детском саду.<br>Работает без интернета "
                      "и никуда не отправляет данные.")
        text.setObjectName("title")
        text.setWordWrap(True)
        row.addWidget(text, 1)
        return row

    def _places(self, database_location: str) -> QGridLayout:
        grid = QGridLayout()
        self.data_folder = data_dir()
        rows = [("База данных:", database_location)] if database_location else []
        rows += [("Папка данных:", str(self.data_folder)),
                 ("Журнал работы:", str(log_file() or logs_dir()))]
        for index, (caption, value) in enumerate(rows):
            grid.addWidget(QLabel(caption), index, 0)
            label = QLabel(value)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            grid.addWidget(label, index, 1)
        self.open_button = QPushButton("Открыть папку данных")
        self.open_button.setObjectName("open_data_folder")
        self.open_button.clicked.connect(lambda: open_folder(self.data_folder))
        grid.addWidget(self.open_button, len(rows), 1, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(1, 1)
        return grid


def show_about(window) -> None:
    """The «Справка → О программе» item: `window` has `.services` (the open database)."""
    services = getattr(window, "services", None)
    location = services.db.location if services is not None else ""
    dialog = AboutDialog(location, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.about_dialog = dialog  # tests find it here
    dialog.open()
