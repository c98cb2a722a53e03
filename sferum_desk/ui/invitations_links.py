"""Dialogs for links: add one, paste many (with a preview of the matches), the domain list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sferum_desk.domain.errors import UserError
from sferum_desk.domain.links import DEFAULT_DOMAINS
from sferum_desk.services.invitations import PasteLine
from sferum_desk.ui import dialogs
from sferum_desk.ui import file_dialogs
from sferum_desk.ui.table_model import Column, RowTableModel, SearchProxy
from sferum_desk.ui.table_tab import apply_widths, make_table_view, run_safely
from sferum_desk.ui.geometry import FitOnShow

PASTE_HINT = ("Вставьте строки из платформы или из таблицы, по одной ссылке в строке:\n"
              "5А родители https://sferum.ru/?invite=…\n"
              "Учительская сотрудники https://…")


def until_row(parent: QWidget) -> tuple[QHBoxLayout, QCheckBox, QDateEdit]:
    """«Действует до» — off by default: most links have no end date."""
    row = QHBoxLayout()
    check = QCheckBox("Действует до", parent, objectName="has_until")
    date = QDateEdit(parent, objectName="until", calendarPopup=True)
    date.setDisplayFormat("dd.MM.yyyy")
    date.setDate(QDate.currentDate().addMonths(1))
    date.setEnabled(False)
    check.toggled.connect(date.setEnabled)
    row.addWidget(check)
    row.addWidget(date)
    row.addStretch(1)
    return row, check, date


def until_value(check: QCheckBox, date: QDateEdit):
    return date.date().toPython() if check.isChecked() else None


def ask_open_table(parent: QWidget | None) -> Path | None:
    return file_dialogs.ask_open_path(parent, file_dialogs.IMPORT, "Файл со ссылками",
                                      "Таблицы (*.xlsx *.xls *.ods *.csv *.txt)")


class AddLinkDialog(FitOnShow, QDialog):
    saved = Signal(object)  # LinkRow

    def __init__(self, services, unit_id: int | None = None, audience: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Ссылка-приглашение")
        self.services = services
        self._options = services.invitations.audience_options()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.target = QComboBox(objectName="target")
        for option in self._options:
            self.target.addItem(option.title, (option.unit_id, option.audience))
        wanted = self.target.findData((unit_id, audience))
        if wanted >= 0:
            self.target.setCurrentIndex(wanted)
        form.addRow("Для кого:", self.target)
        self.url = QLineEdit(objectName="url")
        self.url.setPlaceholderText("https://… — скопируйте из платформы")
        self.url.setMinimumWidth(self.url.fontMetrics().averageCharWidth() * 60)
        form.addRow("Ссылка:", self.url)
        row, self.has_until, self.until = until_row(self)
        form.addRow("", row)
        layout.addLayout(form)
        self.error = QLabel(objectName="error", wordWrap=True)
        self.error.setStyleSheet("color: #b00020")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("save_button")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        unit_id, audience = self.target.currentData()
        inv = self.services.invitations
        try:
            checked = inv.check_url(self.url.text())
            allow = checked.known_domain or dialogs.confirm(
                self, f"Адреса «{checked.host}» нет в списке доменов платформы "
                f"({', '.join(inv.known_domains())}). Ссылка точно из «Сферума»?",
                yes="Да, сохранить")
            if not allow:
                return
            row = inv.add_link(unit_id, audience, checked.url,
                               valid_until=until_value(self.has_until, self.until),
                               allow_unknown_domain=True)
        except UserError as error:
            self.error.setText(error.message)
            return
        self.saved.emit(row)
        self.accept()


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
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit(objectName="paste_text")
        self.text.setPlaceholderText(PASTE_HINT)
        layout.addWidget(self.text, 2)
        bar = QHBoxLayout()
        self.check_button = QPushButton("Проверить", objectName="check_button")
        self.check_button.clicked.connect(self.check)
        self.file_button = QPushButton("Из файла Excel…", objectName="file_button")
        self.file_button.clicked.connect(self.from_file)
        bar.addWidget(self.check_button)
        bar.addWidget(self.file_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model = RowTableModel(_paste_columns(), parent=self)
        self.proxy = SearchProxy(self.model, self)
        self.view = make_table_view(self.proxy, self)
        self.view.setObjectName("preview")
        apply_widths(self.view, self.model.columns())
        layout.addWidget(self.view, 3)
        self.summary = QLabel(objectName="summary", wordWrap=True)
        layout.addWidget(self.summary)
        self.unknown_ok = QCheckBox("Ссылки с доменов не из списка верны — сохранить и их",
                                    objectName="unknown_ok")
        self.unknown_ok.setVisible(False)
        layout.addWidget(self.unknown_ok)
        row, self.has_until, self.until = until_row(self)
        layout.addLayout(row)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Сохранить", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save_button")
        self.save_button.setEnabled(False)
        buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

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
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Ссылки с этих доменов и их поддоменов принимаются без "
                                f"вопросов: {', '.join(DEFAULT_DOMAINS)}.\nЕсли платформа "
                                "переедет на новый адрес, добавьте его ниже, по одному в "
                                "строке:", wordWrap=True))
        self.text = QPlainTextEdit(objectName="domains")
        self.text.setPlainText("\n".join(services.invitations.extra_domains()))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        lines = self.text.toPlainText().splitlines()
        if run_safely(self, lambda: self.services.invitations.set_extra_domains(lines)):
            self.accept()

