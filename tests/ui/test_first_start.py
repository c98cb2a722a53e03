"""First start: the organisation card is typed into the real dialog."""

from __future__ import annotations

import datetime as dt
import sys
import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from gui_support import choose, click, type_into

from sferum_desk.ui.app import run_gui
from sferum_desk.ui.first_start import FirstStartDialog


def _dialog(qtbot, services) -> FirstStartDialog:
    dialog = FirstStartDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_organisation_is_created_by_typing_its_card(qtbot, services):
    dialog = _dialog(qtbot, services)
    form = dialog.form
    choose(qtbot, form.kind, "Детский")
    type_into(qtbot, form.full_name, "МБДОУ «Детский сад № 5 „Ёлочка“»")
    type_into(qtbot, form.short_name, "Детский сад № 5")
    type_into(qtbot, form.address, "г. Тула, ул. Ленина, 1")
    type_into(qtbot, form.head_name, "Соколова Ирина Владимировна")
    type_into(qtbot, form.admin_name, "Лебедева Марина Сергеевна")
    type_into(qtbot, form.admin_phone, "8 (910) 555-12-34")
    type_into(qtbot, form.admin_email, "Sad5@Example.RU")
    type_into(qtbot, form.admin_order_number, "45-о")
    type_into(qtbot, form.admin_order_date, "01.09.2026")
    assert form.labels["head_name"].text() == "Заведующий (ФИО):"

    click(qtbot, dialog.ok_button)

    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = services.organization.get()
    assert (saved.kind, saved.full_name, saved.short_name) == (
        "kindergarten", "МБДОУ «Детский сад № 5 „Ёлочка“»", "Детский сад № 5")
    assert (saved.admin_phone, saved.admin_email) == ("+79105551234", "sad5@example.ru")
    assert (saved.admin_order_number, saved.admin_order_date) == ("45-о", dt.date(2026, 9, 1))


def test_a_bad_phone_is_reported_next_to_the_phone_field(qtbot, services):
    dialog = _dialog(qtbot, services)
    form = dialog.form
    choose(qtbot, form.kind, "Школа")
    type_into(qtbot, form.full_name, "МБОУ «СОШ № 1»")
    type_into(qtbot, form.admin_phone, "12-34")

    click(qtbot, dialog.ok_button)

    assert dialog.isVisible() and not services.organization.exists()
    message = form.errors["admin_phone"]
    assert message.isVisible() and message.text().startswith("Номер «12-34» не существует")
    assert message.parentWidget() is form.admin_phone.parentWidget()  # right under the field
    assert message.geometry().top() >= form.admin_phone.geometry().bottom()
    assert not form.errors["full_name"].isVisible()
    assert dialog.focusWidget() is form.admin_phone  # the cursor waits in the field

    type_into(qtbot, form.admin_phone, "+7 916 123-45-67")
    assert not message.isVisible()  # typing hides the stale message
    click(qtbot, dialog.ok_button)
    assert services.organization.get().admin_phone == "+79161234567"


def test_missing_kind_and_name_are_each_shown_at_their_field(qtbot, services):
    dialog = _dialog(qtbot, services)
    click(qtbot, dialog.ok_button)
    assert "тип организации" in dialog.form.error_text("kind")
    choose(qtbot, dialog.form.kind, "Колледж")
    click(qtbot, dialog.ok_button)
    assert dialog.form.error_text("kind") == ""
    assert dialog.form.error_text("full_name") == "Укажите полное название организации."


def test_a_bad_order_date_is_shown_at_the_date_field(qtbot, services):
    dialog = _dialog(qtbot, services)
    choose(qtbot, dialog.form.kind, "Школа")
    type_into(qtbot, dialog.form.full_name, "Школа № 2")
    type_into(qtbot, dialog.form.admin_order_date, "31.02.2026")
    click(qtbot, dialog.ok_button)
    assert "Даты «31.02.2026» не бывает" in dialog.form.error_text("admin_order_date")


def test_cancelling_the_first_start_quits_the_app(qtbot, db_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    seen = []

    def press_quit():
        dialog = QApplication.activeModalWidget()
        seen.append(type(dialog))
        click(qtbot, dialog.cancel_button)

    QTimer.singleShot(0, press_quit)
    assert run_gui(db_path, demo=False) == 0
    assert seen == [FirstStartDialog]


def test_a_database_that_cannot_be_opened_gives_a_russian_message_and_exit_1(
        tmp_path, boxes, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    assert run_gui(tmp_path, demo=False) == 1  # a folder, not a file
    assert boxes.errors == [f"«{tmp_path}» — это папка, а нужен файл базы данных."]
