"""The organisation card as a form: used by the first-start dialog and the «Организация» tab."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from sferum_desk.domain.dates import format_date
from sferum_desk.domain.kinds import (
    VOCABULARY_FIELD_TITLES, OrgKind, Vocabulary, vocabulary_for,
)
from sferum_desk.domain.phones import display_phone
from sferum_desk.services.dto import OrganizationData
from sferum_desk.ui.forms import (
    DATE_PLACEHOLDER, EMAIL_PLACEHOLDER, PHONE_PLACEHOLDER, FieldForm, line_edit, set_combo_data,
)

TEXT_FIELDS = ("full_name", "short_name", "address", "head_name", "admin_name", "admin_phone",
               "admin_email", "admin_order_number", "admin_order_date", "place", "phone",
               "email", "inn", "ogrn")


# Examples in the empty name fields follow the kind: no school's name in a kindergarten.
NAME_EXAMPLES = {
    OrgKind.SCHOOL.value: ("Муниципальное бюджетное общеобразовательное учреждение «…»",
                           "МБОУ «СОШ № 1»"),
    OrgKind.KINDERGARTEN.value: ("Муниципальное бюджетное дошкольное образовательное "
                                 "учреждение «…»", "МБДОУ «Детский сад № 5»"),
    OrgKind.COLLEGE.value: ("Государственное бюджетное профессиональное образовательное "
                            "учреждение «…»", "ГБПОУ «Колледж связи»"),
    OrgKind.ADDITIONAL.value: ("Муниципальное бюджетное учреждение дополнительного "
                               "образования «…»", "МБУ ДО «Дом творчества»"),
}
NEUTRAL_EXAMPLES = ("Полное название, как в уставе", "Как вас называют коротко")


def kind_combo() -> QComboBox:
    combo = QComboBox()
    combo.setPlaceholderText("Выберите тип организации")
    for kind in OrgKind:
        combo.addItem(kind.title, kind.value)
    combo.setCurrentIndex(-1)
    return combo


class OrganizationForm(FieldForm):
    """Fields named as OrganizationData's, so a service's UserError.field finds its field."""

    def __init__(self, with_vocabulary: bool = False, parent=None):
        super().__init__(parent)
        self.kind = self.add_field("kind", "Тип организации:", kind_combo())
        self.kind.setToolTip("От типа зависят слова в программе: класс или группа, ученики "
                             "или воспитанники")
        self.full_name = self.add_field("full_name", "Полное название:", line_edit(
            NEUTRAL_EXAMPLES[0], min_chars=60))
        self.short_name = self.add_field("short_name", "Краткое название:", line_edit(
            NEUTRAL_EXAMPLES[1], "Для заголовков и карточек-приглашений; пустое — программа "
            "сократит полное название («МБДОУ …»)"))
        self.address = self.add_field("address", "Адрес:", line_edit(
            "г. Калуга, ул. Садовая, д. 12"))
        self.head_name = self.add_field("head_name", "Руководитель (ФИО):", line_edit(
            "Фамилия Имя Отчество"))
        self._add_requisites()
        self.add_section("Администратор «Сферума»")
        self.admin_name = self.add_field("admin_name", "ФИО:", line_edit("Фамилия Имя Отчество"))
        self.admin_phone = self.add_field("admin_phone", "Мобильный телефон:", line_edit(
            PHONE_PLACEHOLDER, "Личный мобильный номер: он станет логином на платформе"))
        self.admin_email = self.add_field("admin_email", "Электронная почта:",
                                          line_edit(EMAIL_PLACEHOLDER))
        self.admin_order_number = self.add_field(
            "admin_order_number", "Приказ о назначении, №:", line_edit("45-о"))
        self.admin_order_date = self.add_field(
            "admin_order_date", "Дата приказа:", line_edit(DATE_PLACEHOLDER))
        self.admin_order_date.setMaximumWidth(self.admin_order_date.fontMetrics()
                                              .averageCharWidth() * 18)
        self.words: dict[str, QLineEdit] = {}
        self.loaded_version: int | None = None  # saving over a newer card is refused
        if with_vocabulary:
            self._add_vocabulary_fields()
        self.kind.currentIndexChanged.connect(self._kind_changed)

    def _add_requisites(self) -> None:
        """For the letterhead and the order (all optional)."""
        self.place = self.add_field("place", "Место издания приказов:", line_edit(
            "г. Калуга"))
        self.phone = self.add_field("phone", "Телефон организации:", line_edit(
            PHONE_PLACEHOLDER))
        self.email = self.add_field("email", "Почта организации:",
                                    line_edit(EMAIL_PLACEHOLDER))
        self.inn = self.add_field("inn", "ИНН:", line_edit("10 цифр"))
        self.ogrn = self.add_field("ogrn", "ОГРН:", line_edit("13 цифр"))

    def _add_vocabulary_fields(self) -> None:
        self.add_section("Слова в программе")
        hint = QLabel("Серым показано слово по типу организации. Впишите своё, если у вас "
                      "говорят иначе (например, «группы» и «воспитанники» в школе-интернате).")
        hint.setWordWrap(True)
        self.add_widget(hint)
        for name, title in VOCABULARY_FIELD_TITLES.items():
            edit = line_edit(tooltip="Оставьте пустым, чтобы использовать слово по типу "
                                     "организации")
            self.words[name] = self.add_field(f"word_{name}", f"{title}:", edit)

    def current_kind(self) -> str:
        return self.kind.currentData() or ""

    def vocabulary(self) -> Vocabulary:
        return vocabulary_for(self.current_kind() or OrgKind.SCHOOL, self.overrides())

    def _kind_changed(self, *_args) -> None:
        """The placeholders show the kind's own words; the head's label follows the kind."""
        full, short = NAME_EXAMPLES.get(self.current_kind(), NEUTRAL_EXAMPLES)
        self.full_name.setPlaceholderText(full)
        self.short_name.setPlaceholderText(short)
        if not self.current_kind():
            return
        defaults = vocabulary_for(self.current_kind())
        for name, edit in self.words.items():
            edit.setPlaceholderText(getattr(defaults, name))
        self.set_label("head_name", f"{self.vocabulary().head_title} (ФИО):")

    def overrides(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.words.items()
                if edit.text().strip()}

    def set_data(self, data: OrganizationData | None) -> None:
        if data is None:
            return
        self.loaded_version = data.version
        set_combo_data(self.kind, data.kind)
        for name in TEXT_FIELDS:
            value = getattr(data, name)
            if name in ("admin_phone", "phone"):
                value = display_phone(value)
            elif name == "admin_order_date":
                value = format_date(value)
            getattr(self, name).setText(value or "")
        for name, edit in self.words.items():
            edit.setText(data.vocabulary_overrides.get(name, ""))
        self._kind_changed()
        self.clear_errors()

    def data(self) -> OrganizationData:
        values = {name: getattr(self, name).text() for name in TEXT_FIELDS}
        return OrganizationData(kind=self.current_kind(), vocabulary_overrides=self.overrides(),
                                version=self.loaded_version, **values)
