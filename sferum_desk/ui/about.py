"""«О программе»: the version, where the data lives (a button opens the folder), and the
licences of everything the installed program carries."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QWidget,
)

from sferum_desk import __version__
from sferum_desk.logs import log_file
from sferum_desk.paths import data_dir, logs_dir
from sferum_desk.resources_path import resource
from sferum_desk.ui.designed import child, load_into
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
        body = load_into(self, "about")  # forms/about.ui
        child(body, QLabel, "icon").setPixmap(QPixmap(str(ICON_FILE)).scaled(
            64, 64, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))
        child(body, QLabel, "title").setText(
            f"<b>Sferum Desk {__version__}</b><br>Рабочее место администратора платформы "
            "«Сферум» в школе и детском саду.<br>Работает без интернета и никуда не "
            "отправляет данные.")
        self._places(body, database_location)
        self.licences = child(body, QPlainTextEdit, "licences")
        self.licences.setPlainText(licences_text())
        buttons = child(body, QDialogButtonBox, "buttons")
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)

    def _places(self, body: QWidget, database_location: str) -> None:
        self.data_folder = data_dir()
        child(body, QLabel, "database").setText(database_location)
        for name in ("database", "database_caption"):  # a server database has no file
            child(body, QLabel, name).setVisible(bool(database_location))
        child(body, QLabel, "data_folder").setText(str(self.data_folder))
        child(body, QLabel, "log_file").setText(str(log_file() or logs_dir()))
        self.open_button = child(body, QPushButton, "open_data_folder")
        self.open_button.clicked.connect(lambda: open_folder(self.data_folder))


def show_about(window) -> None:
    """The «Справка → О программе» item: `window` has `.services` (the open database)."""
    services = getattr(window, "services", None)
    location = services.db.location if services is not None else ""
    dialog = AboutDialog(location, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.about_dialog = dialog  # tests find it here
    dialog.open()
