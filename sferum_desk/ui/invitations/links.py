"""Dialogs for links: add one, paste many (with a preview of the matches), the domain list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox, QDateEdit, QDialog, QVBoxLayout, QWidget,
)

from sferum_desk.domain.errors import UserError
from sferum_desk.domain.links import DEFAULT_DOMAINS
from sferum_desk.services.invitations import PasteLine
from sferum_desk.ui import dialogs
from sferum_desk.ui.form_dialog import FormDialog
from sferum_desk.ui.forms import FieldForm, widen
from sferum_desk.ui import file_dialogs
from sferum_desk.ui.table_model import Column, RowTableModel, SearchProxy
from sferum_desk.ui.table_tab import apply_widths, run_safely
from sferum_desk.ui.geometry import FitOnShow
from sferum_desk.ui.table_tab import setup_table_view
from sferum_desk.ui.ui_files import load_form

PASTE_HINT = ("Вставьте строки из платформы или из таблицы, по одной ссылке в строке:\n"
              "5А родители https://sferum.ru/?invite=…\n"
              "Учительская сотрудники https://…")


def until_row(check: QCheckBox, date: QDateEdit) -> tuple[QCheckBox, QDateEdit]:
    """«Действует до» — off by default: most links have no end date."""
    date.setDate(QDate.currentDate().addMonths(1))
    date.setEnabled(False)
    check.toggled.connect(date.setEnabled)
    return check, date


def designed_dialog(dialog: QDialog, name: str) -> QWidget:
    """A dialog whose whole content is `forms/<name>.ui` (its buttons too)."""
    body = load_form(name, dialog)
    layout = QVBoxLayout(dialog)
    layout.addWidget(body)
    return body


def child(body: QWidget, name: str, kind: type = QWidget):
    return body.findChild(kind, name)


def until_value(check: QCheckBox, date: QDateEdit):
    return date.date().toPython() if check.isChecked() else None


def ask_open_table(parent: QWidget | None) -> Path | None:
    return file_dialogs.ask_open_path(parent, file_dialogs.IMPORT, "Файл со ссылками",
                                      "Таблицы (*.xlsx *.xls *.ods *.csv *.txt)")


class AddLinkDialog(FormDialog):
    """forms/link.ui: for whom, the address, the optional end date. `saved`: the LinkRow."""

    def __init__(self, services, unit_id: int | None = None, audience: str | None = None,
                 parent: QWidget | None = None):
        form = FieldForm.from_ui("link", aliases={"target": ("unit", "audience")})
        super().__init__("Ссылка-приглашение", parent, form=form)
        self.ok_button.setObjectName("save_button")
        self.services = services
        self._options = services.invitations.audience_options()
        self.target, self.url = form.fields["target"], form.fields["url"]
        for option in self._options:
            self.target.addItem(option.title, (option.unit_id, option.audience))
        wanted = self.target.findData((unit_id, audience))
        if wanted >= 0:
            self.target.setCurrentIndex(wanted)
        widen(self.url, 60)
        self.has_until, self.until = until_row(form.widget("has_until"), form.widget("until"))

    def save(self):
        unit_id, audience = self.target.currentData()
        inv = self.services.invitations
        checked = inv.check_url(self.url.text())
        allow = checked.known_domain or dialogs.confirm(
            self, f"Адреса «{checked.host}» нет в списке доменов платформы "
            f"({', '.join(inv.known_domains())}). Ссылка точно из «Сферума»?",
            yes="Да, сохранить")
        if not allow:
            raise UserError(f"Ссылка не сохранена: проверьте адрес «{checked.host}» или "
                            "добавьте домен в список доменов платформы.", field="url")
        return inv.add_link(unit_id, audience, checked.url,
                            valid_until=until_value(self.has_until, self.until),
                            allow_unknown_domain=True)


def _paste_columns() -> list[Column]:
    return [
        Column("Строка", lambda p: str(p.line_no), sort=lambda p: p.line_no, chars=6,
               align_right=True),
        Column("Подразделение", lambda p: p.unit_name or "—", chars=14),
        Column("Кому", lambda p: p.audience_title or "—", chars=12),
        Column("Ссылка", lambda p: p.url, chars=42),
        Column("Проверка", _check_text, chars=40, tooltip=lambda p: p.source),
    ]


def _check_text(line: PasteLine) -> str:
    if line.problem:
        return f"✗ {line.problem}"
    return "✓ готово" if line.known_domain else "⚠ домен не из списка платформы"


class PasteLinksDialog(FitOnShow, QDialog):
    """Paste many links → «Проверить» shows what matched → «Сохранить» the good ones."""

    saved = Signal(int)

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Вставить много ссылок")
        self.resize(900, 620)
        self.services = services
        self.preview: list[PasteLine] = []
        body = designed_dialog(self, "paste_links")
        self.text = child(body, "paste_text")
        self.text.setPlaceholderText(PASTE_HINT)
        self.check_button = child(body, "check_button")
        self.check_button.clicked.connect(self.check)
        self.file_button = child(body, "file_button")
        self.file_button.clicked.connect(self.from_file)
        self.model = RowTableModel(_paste_columns(), parent=self)
        self.proxy = SearchProxy(self.model, self)
        self.view = setup_table_view(child(body, "preview"), self.proxy)
        apply_widths(self.view, self.model.columns())
        self.summary = child(body, "summary")
        self.unknown_ok = child(body, "unknown_ok")
        self.has_until, self.until = until_row(child(body, "has_until"), child(body, "until"))
        self.save_button = child(body, "save_button")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        child(body, "cancel_button").clicked.connect(self.reject)

    def check(self) -> None:
        run_safely(self, lambda: self._show(
            self.services.invitations.preview_paste(self.text.toPlainText())))

    def from_file(self) -> None:
        path = ask_open_table(self)
        if path is not None:
            run_safely(self, lambda: self._show(
                self.services.invitations.preview_table_file(path)))

    def _show(self, preview: list[PasteLine]) -> None:
        self.preview = preview
        self.model.set_rows(preview)
        good = [p for p in preview if p.ok]
        unknown = [p for p in good if not p.known_domain]
        self.unknown_ok.setVisible(bool(unknown))
        self.unknown_ok.setChecked(False)
        bad = len(preview) - len(good)
        self.summary.setText(f"Готово к сохранению: {len(good)}; с ошибками (не будут "
                             f"сохранены): {bad}." + (f" Домен не из списка: {len(unknown)}."
                                                      if unknown else ""))
        self.save_button.setText(f"Сохранить {len(good)}")
        self.save_button.setEnabled(bool(good))

    def save(self) -> None:
        def job():
            count = self.services.invitations.save_paste(
                self.preview, allow_unknown_domains=self.unknown_ok.isChecked(),
                valid_until=until_value(self.has_until, self.until))
            self.saved.emit(count)
        if run_safely(self, job):
            self.accept()


class DomainsDialog(FitOnShow, QDialog):
    """The platform's domains: the built-in list and the organisation's own additions."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Домены платформы")
        self.services = services
        body = designed_dialog(self, "domains")
        child(body, "domains_hint").setText(
            "Ссылки с этих доменов и их поддоменов принимаются без вопросов: "
            f"{', '.join(DEFAULT_DOMAINS)}.\nЕсли платформа переедет на новый адрес, добавьте "
            "его ниже, по одному в строке:")
        self.text = child(body, "domains")
        self.text.setPlainText("\n".join(services.invitations.extra_domains()))
        save = child(body, "save_button")
        save.clicked.connect(self.save)
        child(body, "cancel_button").clicked.connect(self.reject)

    def save(self) -> None:
        lines = self.text.toPlainText().splitlines()
        if run_safely(self, lambda: self.services.invitations.set_extra_domains(lines)):
            self.accept()

