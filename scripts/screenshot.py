"""Take the README screenshot: the main window with the demo kindergarten, pupils' tab.

    python scripts/screenshot.py [--out docs/screenshot-main.png] [--tab students]

Runs offscreen unless a display is set (e.g. under `xvfb-run -a`). Uses a throw-away settings
file, so the window has its default size and the user's settings stay untouched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABS = {"organization": "OrganizationTab", "structure": "StructureTab", "staff": "StaffTab",
        "students": "StudentsTab", "guardians": "GuardiansTab",
        "acknowledgements": "AcknowledgementsTab", "invitations": "InvitationsTab",
        "movement": "MovementTab", "reports": "ReportsTab"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot-main.png")
    parser.add_argument("--tab", choices=sorted(TABS), default="students")
    parser.add_argument("--size", default="1366x768",
                        help="window size, WIDTHxHEIGHT (a school laptop)")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from sferum_desk.ui import tabs
    from sferum_desk.ui.app import make_application, open_services
    from sferum_desk.ui.main_window import MainWindow

    make_application()
    settings_dir = tempfile.mkdtemp(prefix="sferum-desk-shot-")
    settings = QSettings(str(Path(settings_dir) / "settings.ini"), QSettings.Format.IniFormat)
    services, close_services = open_services(None, demo=True)
    try:
        window = MainWindow(services, settings=settings, demo=False)
        width, height = (int(v) for v in args.size.split("x"))
        window.resize(width, height)
        window.show()
        tab_class = next(c for c in tabs.TAB_CLASSES if c.__name__ == TABS[args.tab])
        window.tabs.setCurrentIndex(window.tab_index(tab_class))
        tab = window.tab(tab_class)
        if hasattr(tab, "view") and tab.proxy.rowCount():
            tab.view.selectRow(2)
        for _ in range(5):
            QApplication.processEvents()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(args.out)):
            sys.stderr.write(f"Не удалось сохранить снимок в {args.out}\n")
            return 1
        print(args.out)
        window.close()
    finally:
        close_services()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
