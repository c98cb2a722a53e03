"""The organisation card as a form: used by the first-start dialog and the «Организация» tab."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from sferum_desk.domain.dates import format_date
from sferum_desk.domain.kinds import (
    VOCABULARY_FIELD_TITLES, OrgKind, Vocabulary, vocabulary_for,
)
from sferum_desk.domain.phones import display_phone
from sferum_desk.services.dto import OrganizationData
from sferum_desk.ui.forms import FieldForm, set_combo_data, widen

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


def fill_kinds(combo: QComboBox) -> QComboBox:
    for kind in OrgKind:
        combo.addItem(kind.title, kind.value)
    combo.setCurrentIndex(-1)
    return combo


class OrganizationForm(FieldForm):
    """forms/organization.ui; fields named as OrganizationData's, so a service's
    UserError.field finds its field."""

    def __init__(self, with_vocabulary: bool = False, parent=None):
        super().__init__(parent)
        self.load_ui("organization")
        for name in ("kind", *TEXT_FIELDS):
            setattr(self, name, self.fields[name])
        fill_kinds(self.kind)
        widen(self.full_name, 60)
        widen(self.admin_order_date, 18, at_most=True)
        self.words: dict[str, QLineEdit] = {}
        self.loaded_version: int | None = None  # saving over a newer card is refused
        if with_vocabulary:
            self._title_vocabulary_fields()
        else:
            self._hide_vocabulary_fields()
        self.kind.currentIndexChanged.connect(self._kind_changed)

    def _title_vocabulary_fields(self) -> None:
        """The captions come from the domain's titles (one place for them)."""
        for name, title in VOCABULARY_FIELD_TITLES.items():
            self.words[name] = self.fields[f"word_{name}"]
            self.set_label(f"word_{name}", f"{title}:")

    def _hide_vocabulary_fields(self) -> None:
        """The first start asks only for the card: the words are the «Организация» tab's."""
        self.hide_row("words_header")
        self.hide_row("words_hint")
        for name in VOCABULARY_FIELD_TITLES:
            self.hide_field(f"word_{name}")

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
