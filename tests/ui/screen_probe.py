"""Run as a program under a 1366×728 offscreen screen (the available area of a 1366×768
laptop with its taskbar): opens the main window and every dialog over a demo database and
prints, as JSON, each window's frame and where its buttons are. Used by test_geometry.py."""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QDialog

from sferum_desk.db.engine import open_database
from sferum_desk.db.recovery import BackupInfo
from sferum_desk.services import Services
from sferum_desk.services.demo import build_demo
from sferum_desk.services.dto import OrganizationData
from sferum_desk.ui import dialogs
from sferum_desk.ui.app import make_application
from sferum_desk.ui.geometry import frame_extra


def dialogs_to_probe(services: Services, school: Services, window):
    from sferum_desk.ui import about, first_start, person_dialogs as people, recovery, unit_dialog
    from sferum_desk.ui.acknowledgements import act_dialog as acts
    from sferum_desk.ui.acknowledgements import pending_dialog as pending
    from sferum_desk.ui.acknowledgements import print_dialog as acknowledgement_print
    from sferum_desk.ui.movement import dialogs as mv
    from sferum_desk.ui.movement import new_year as movement_new_year
    from sferum_desk.ui.invitations import joined as invitations_joined
    from sferum_desk.ui.invitations import links as invitations_links
    from sferum_desk.ui.invitations import print_dialog as invitations_print
    from sferum_desk.ui.import_roster import wizard as import_wizard

    words = services.organization.vocabulary()
    pupil = services.people.list_students()[0]
    person = next(p for p in services.movement.list_people() if p.is_student) \
        if hasattr(services.movement, "list_people") else None
    act = services.acknowledgements.list_acts()[0]
    backup = BackupInfo(Path("x.sqlite3"), dt.datetime(2026, 9, 1, 10, 0), "перед импортом",
                        6, 120, True)
    yield "staff", lambda: people.StaffDialog(services, words, parent=window)
    yield "pupil", lambda: people.StudentDialog(services, words, pupil, parent=window)
    yield "guardian", lambda: people.GuardianDialog(services, parent=window)
    yield "guardian picker", lambda: people.GuardianPickerDialog(services, set(), window)
    yield "unit (school)", lambda: unit_dialog.UnitDialog(
        school, school.organization.vocabulary(), "school", parent=window)
    yield "unit", lambda: unit_dialog.UnitDialog(services, words, "kindergarten",
                                                 parent=window)
    for mode in (acts.ADD, acts.EDIT, acts.NEW_EDITION):
        yield f"act {mode}", lambda mode=mode: acts.ActDialog(
            services, words, mode, None if mode == acts.ADD else act.id, window)
    yield "first start", lambda: first_start.FirstStartDialog(services, window)
    if person is not None:
        yield "transfer", lambda: mv.TransferDialog(services, words, person, window)
        yield "leave", lambda: mv.LeaveDialog(services, person, window)
        yield "guardian change", lambda: mv.GuardianChangeDialog(services, person, True, window)
    yield "hire", lambda: mv.HireDialog(services, words, window)
    yield "erase", lambda: mv.EraseDialog(services, window)
    yield "new year", lambda: movement_new_year.NewYearDialog(services, words, window)
    yield "restore", lambda: recovery.RestoreDialog([backup] * 12, "База повреждена.", window)
    yield "about", lambda: about.AboutDialog("demo.sqlite3", window)
    yield "link", lambda: invitations_links.AddLinkDialog(services, parent=window)
    yield "paste links", lambda: invitations_links.PasteLinksDialog(services, window)
    yield "domains", lambda: invitations_links.DomainsDialog(services, window)
    yield "slips", lambda: invitations_print.PrintSlipsDialog(services, parent=window)
    yield "sheet", lambda: acknowledgement_print.PrintDialog(act, "", window)
    yield "joined names", lambda: invitations_joined.JoinedNamesDialog(
        services, None, None, "Все", window)
    yield "pending", lambda: pending.PendingPeopleDialog(services, window)
    yield "import wizard", lambda: import_wizard.ImportWizard(services, parent=window)


def rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def describe(widget) -> dict:
    """The frame (with a title bar allowance where the platform has none) and each visible
    button outside a scroll area, in screen pixels."""
    QApplication.processEvents()
    frame = widget.frameGeometry()
    if frame == widget.geometry() and not widget.isMaximized():
        extra = frame_extra(widget)
        side = extra.width() // 2
        frame = frame.adjusted(-side, side - extra.height(), side, side)
    buttons = []
    for button in widget.findChildren(QAbstractButton):
        if button.isVisibleTo(widget) and button.text() and not _scrolls(button, widget):
            top_left = button.mapToGlobal(QPoint(0, 0))
            buttons.append([button.text(), rect(QRect(top_left, button.size()))])
    return {"frame": rect(frame), "buttons": buttons}


def _scrolls(button, window) -> bool:
    """A button inside a scroll area is reached by scrolling, not by the window's size."""
    parent = button.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def main() -> int:
    app = make_application()
    dialogs.ask_save_changes = lambda *_a, **_k: dialogs.DISCARD
    folder = Path(tempfile.mkdtemp(prefix="sferum-probe-"))
    services = Services.over(open_database(folder / "demo.sqlite3"))
    build_demo(services)
    school = Services.over(open_database(folder / "school.sqlite3"))
    school.organization.save(OrganizationData(kind="school", full_name="Школа № 2"))
    from sferum_desk.ui.main_window import MainWindow

    window = MainWindow(services)
    window.show()
    QApplication.processEvents()
    result = {"screen": rect(app.primaryScreen().availableGeometry()),
              "main window": describe(window)}
    for name, build in dialogs_to_probe(services, school, window):
        dialog: QDialog = build()
        dialog.show()
        result[name] = describe(dialog)
        dialog.done(0)
        dialog.deleteLater()
    print(json.dumps(result, ensure_ascii=False))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
