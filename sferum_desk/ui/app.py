"""Start the GUI: the Qt application, its font, the database, the first-start dialog, the
main window; and a Russian message instead of a silent exit for anything unexpected."""

from __future__ import annotations

import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog

from sferum_desk import __version__
from sferum_desk.db.engine import open_database
from sferum_desk.domain.errors import UserError
from sferum_desk.logs import log_exception
from sferum_desk.paths import default_database
from sferum_desk.resources_path import resource
from sferum_desk.services import Services
from sferum_desk.services.safety import lock_database
from sferum_desk.ui import crash, dialogs
from sferum_desk.ui.about import app_icon
from sferum_desk.ui.first_start import FirstStartDialog
from sferum_desk.ui.main_window import MainWindow
from sferum_desk.ui.recovery import open_or_recover
from sferum_desk.ui.smoke import install_quit_timer

ORGANIZATION_NAME = "SferumDesk"
APPLICATION_NAME = "Sferum Desk"
FONT_POINT_SIZE = 10


def install_fonts(app: QApplication) -> str:
    """Use the bundled Liberation Sans, so that text never renders as boxes on a machine
    without fonts. Returns the family in use."""
    families: list[str] = []
    for path in sorted(resource("fonts").glob("LiberationSans-*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    family = families[0] if families else app.font().family()
    app.setFont(QFont(family, FONT_POINT_SIZE))
    return family


def install_qt_translations(app: QApplication) -> bool:
    """Qt's own buttons and dialogs in Russian («Отмена», «Подробнее…»), from the translations
    PySide6 ships (the bundle keeps only the Russian ones)."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.Russian), "qtbase", "_", folder):
        return False
    app.installTranslator(translator)
    return True


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName(ORGANIZATION_NAME)
    app.setApplicationName(APPLICATION_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    install_qt_translations(app)
    install_fonts(app)
    return app


def open_services(db_path: Path | None, demo: bool) -> tuple[Services, Callable[[], None]]:
    """Open the database (a fresh demo kindergarten in a temporary folder for `demo`);
    returns the services and what closes them. Raises UserError."""
    if demo:
        from sferum_desk.services.demo import build_demo  # only for --demo: not at every start

        folder = Path(tempfile.mkdtemp(prefix="sferum-desk-demo-"))
        services = Services.over(open_database(folder / "demo.sqlite3"))
        build_demo(services)

        def cleanup() -> None:
            services.db.close()
            shutil.rmtree(folder, ignore_errors=True)
        return services, cleanup
    target = db_path or default_database()
    release = lock_database(target)  # one window per file: a second copy is refused
    try:
        services = Services.over(open_or_recover(target))  # a damaged file: offer a backup
    except BaseException:
        release()
        raise

    def close() -> None:
        services.db.close()
        release()
    return services, close


def ensure_organization(services: Services, parent=None) -> bool:
    """An empty database asks for the organisation card first; False if the user quit."""
    if services.organization.exists():
        return True
    dialog = FirstStartDialog(services, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


class GuiSession(QObject):
    """Owns the opened database and its main window; «Открыть…» swaps both."""

    def __init__(self, demo: bool = False):
        super().__init__()
        self.demo = demo
        self.window: MainWindow | None = None
        self._close_services: Callable[[], None] | None = None

    def show(self, services: Services, close_services: Callable[[], None]) -> MainWindow:
        old_window, old_close = self.window, self._close_services
        if old_window is not None:
            old_window.save_settings()
        self.window = MainWindow(services, demo=self.demo)
        self._close_services = close_services
        self.window.open_requested.connect(self.switch_to)
        self.window.show()
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
            old_close()
        return self.window

    def switch_to(self, path: Path) -> None:
        try:
            services, close_services = open_services(path, demo=False)
        except UserError as error:
            dialogs.show_error(self.window, error.message)
            return
        if not ensure_organization(services, self.window):
            close_services()
            return
        self.demo = False
        self.show(services, close_services)

    def close(self) -> None:
        if self._close_services is not None:
            self._close_services()
            self._close_services = None


def report_exception(exc_type, exc, tb) -> None:
    """Any exception that reaches the event loop: a Russian dialog, never a silent exit."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    parent = QApplication.activeWindow()
    if isinstance(exc, UserError):
        dialogs.show_error(parent, exc.message)
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log = log_exception(exc_type, exc, tb, where="gui")
    dialogs.show_crash(parent, crash.crash_message(log), details)


def run_gui(db_path: Path | None, demo: bool) -> int:
    app = make_application()
    crash.install(report_exception)  # this thread and worker threads
    install_quit_timer(app)  # only with SFERUM_DESK_QUIT_AFTER_MS (the bundle check)
    session = GuiSession(demo=demo)
    try:
        try:
            services, close_services = open_services(db_path, demo)
        except UserError as error:
            dialogs.show_error(None, error.message)
            return 1
        if not ensure_organization(services):
            close_services()
            return 0
        session.show(services, close_services)
        return app.exec()
    except Exception:  # noqa: BLE001 - the last line of defence before a silent exit
        report_exception(*sys.exc_info())
        return 1
    finally:
        session.close()
