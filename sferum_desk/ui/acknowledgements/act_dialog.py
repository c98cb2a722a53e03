"""Register, correct or re-issue a local act: its fields, who must read it, the file."""

from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QListWidgetItem,
    QWidget,
)

from sferum_desk.domain.dates import format_date
from sferum_desk.domain.enums import Audience
from sferum_desk.domain.kinds import Vocabulary, kind_has_student_audience
from sferum_desk.services import Services
from sferum_desk.services.acknowledgements import (
    BODY_VERBS,
    DOC_TYPES,
    ActInput,
    AudienceInput,
    BodyInput,
)
from sferum_desk.ui import file_dialogs
from sferum_desk.ui.form_dialog import FormDialog
from sferum_desk.ui.forms import FieldForm, set_combo_data, widen

ADD, EDIT, NEW_EDITION = "add", "edit", "new_edition"
TITLES = {ADD: "Новый локальный акт", EDIT: "Локальный акт", NEW_EDITION: "Новая редакция акта"}
INTROS = {
    ADD: "Зарегистрируйте акт и выберите, кто должен с ним ознакомиться: список для "
         "подписей составится сам.",
    EDIT: "Исправьте сведения об акте. Если изменить, кого он касается, подписи уже "
          "ознакомившихся сохранятся.",
    NEW_EDITION: "Новая редакция — новый круг подписей: прежняя редакция и её подписи "
                 "останутся в истории.",
}


def _date_text(value) -> str:
    return format_date(value) if value and not isinstance(value, str) else (value or "")


class ActDialog(FormDialog):
    """One form for the three cases; `save()` calls the matching service method."""

    def __init__(self, services: Services, vocabulary: Vocabulary, mode: str = ADD,
                 act_id: int | None = None, parent: QWidget | None = None):
        form = FieldForm.from_ui("act", aliases={
            f"body{i}": (f"body{i}_name", f"body{i}_number", f"body{i}_date",
                         *(("bodies",) if i == 1 else ())) for i in (1, 2)})
        super().__init__(TITLES[mode], parent, intro=INTROS[mode],
                         ok_text="Зарегистрировать" if mode != EDIT else "Сохранить", form=form)
        self.services = services
        self.vocabulary = vocabulary
        self.mode = mode
        self.act_id = act_id
        organization = services.organization.get()
        self.kind = organization.kind if organization else "school"
        self._build_fields()
        self._audience_changed()
        if act_id is not None:
            self.fill(services.acknowledgements.get_act(act_id))

    # ---- the designed form (forms/act.ui) ------------------------------------------
    def _build_fields(self) -> None:
        fields = self.form.fields
        for attribute, name in (("doc_type", "doc_type"), ("title_edit", "title"),
                                ("number", "number"), ("issued_on", "issued_on"),
                                ("place", "place"), ("order_number", "order_number"),
                                ("order_date", "order_date"), ("approver_post", "approver_post"),
                                ("approver_name", "approver_name"), ("replaces", "replaces"),
                                ("audience_kind", "audience"), ("choices", "choices"),
                                ("deadline", "deadline")):
            setattr(self, attribute, fields[name])
        self.doc_type.addItems(DOC_TYPES)
        widen(self.title_edit, 60)
        for edit in (self.issued_on, self.order_date, self.deadline):
            widen(edit, 12)
        self.approver_post.setPlaceholderText(f"например: {self.vocabulary.head_title}")
        self.bodies = [self._body_row(i) for i in (1, 2)]
        self.audience_kind.addItem("Сотрудники", Audience.STAFF.value)
        self.audience_kind.addItem("Родители (законные представители)", Audience.PARENTS.value)
        if kind_has_student_audience(self.kind):
            self.audience_kind.addItem(self.vocabulary.students, Audience.STUDENTS.value)
        self.audience_kind.currentIndexChanged.connect(self._audience_changed)
        self.everyone, self.chosen = (self.form.widget(n) for n in ("everyone", "chosen"))
        self.everyone.toggled.connect(self._everyone_toggled)
        self.choices.setMinimumHeight(self.choices.fontMetrics().height() * 7)
        self.attachment = self.form.widget("attachment_path")
        widen(self.attachment, 40)
        self.form.widget("browse_attachment").clicked.connect(self._browse)

    def _body_row(self, index: int) -> tuple[QComboBox, QWidget, QWidget, QWidget]:
        verb, name, number, day = (self.form.widget(f"body{index}_{part}")
                                   for part in ("verb", "name", "number", "date"))
        verb.addItems(BODY_VERBS)
        widen(name, 30)
        widen(number, 6)
        widen(day, 12)
        return verb, name, number, day

    # ---- audience choices -------------------------------------------------------------
    def audience_value(self) -> str:
        return self.audience_kind.currentData()

    def _audience_changed(self, *_args) -> None:
        kind = self.audience_value()
        self.choices.clear()
        if kind == Audience.STAFF.value:
            self.everyone.setText("все сотрудники")
            for person in self.services.people.list_staff():
                label = f"{person.full_name} — {person.position}" if person.position \
                    else person.full_name
                self._add_choice(label, person.id)
        else:
            self.everyone.setText(f"все {self.vocabulary.units.lower()}")
            for unit in self.services.structure.list_units():
                if unit.kind == "regular":
                    self._add_choice(unit.name, unit.id)
        self._everyone_toggled()

    def _add_choice(self, label: str, value: int) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self.choices.addItem(item)

    def _everyone_toggled(self, *_args) -> None:
        self.choices.setEnabled(not self.everyone.isChecked())

    def checked_choices(self) -> list[int]:
        return [self.choices.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.choices.count())
                if self.choices.item(i).checkState() == Qt.CheckState.Checked]

    def check_choices(self, ids: set[int]) -> None:
        for i in range(self.choices.count()):
            item = self.choices.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _browse(self) -> None:
        path = file_dialogs.ask_open_path(self, file_dialogs.ATTACHMENT, "Файл акта",
                                          "Документы (*.pdf *.doc *.docx *.odt *.rtf);;"
                                          "Все файлы (*)")
        if path is not None:
            self.attachment.setText(str(path))

    # ---- data in and out --------------------------------------------------------------
    def fill(self, act: ActInput) -> None:
        self.doc_type.setCurrentText(act.doc_type)
        self.title_edit.setText(act.title)
        self.number.setText(act.number if self.mode != NEW_EDITION else "")
        self.issued_on.setText(_date_text(act.issued_on) if self.mode != NEW_EDITION else "")
        self.place.setText(act.place)
        for (verb, name, number, day), body in zip(self.bodies, act.bodies, strict=False):
            verb.setCurrentText(body.verb)
            name.setText(body.name)
            if self.mode != NEW_EDITION:
                number.setText(body.protocol_number)
                day.setText(_date_text(body.protocol_date))
        if self.mode != NEW_EDITION:
            self.order_number.setText(act.order_number)
            self.order_date.setText(_date_text(act.order_date))
            self.replaces.setText(act.replaces)
            self.deadline.setText(_date_text(act.deadline))
            self.attachment.setText(act.attachment_path)
        self.approver_post.setText(act.approver_post)
        self.approver_name.setText(act.approver_name)
        set_combo_data(self.audience_kind, act.audience.kind)
        self._audience_changed()
        (self.everyone if act.audience.everyone else self.chosen).setChecked(True)
        self.check_choices(set(act.audience.person_ids or act.audience.unit_ids))

    def collect(self) -> ActInput:
        kind = self.audience_value()
        chosen = [] if self.everyone.isChecked() else self.checked_choices()
        audience = AudienceInput(
            kind=kind, everyone=self.everyone.isChecked(),
            unit_ids=chosen if kind != Audience.STAFF.value else [],
            person_ids=chosen if kind == Audience.STAFF.value else [])
        return ActInput(
            doc_type=self.doc_type.currentText(), title=self.title_edit.text(),
            number=self.number.text(), issued_on=self.issued_on.text(),
            place=self.place.text(),
            bodies=[BodyInput(name.text(), verb.currentText(), number.text(), day.text())
                    for verb, name, number, day in self.bodies],
            order_number=self.order_number.text(), order_date=self.order_date.text(),
            approver_post=self.approver_post.text(), approver_name=self.approver_name.text(),
            replaces=self.replaces.text(), audience=audience,
            attachment_path=self.attachment.text(), deadline=self.deadline.text())

    def save(self):
        acks = self.services.acknowledgements
        data = self.collect()
        if self.mode == EDIT:
            return acks.update_act(self.act_id, data)
        if self.mode == NEW_EDITION:
            return acks.new_edition(self.act_id, data)
        return acks.add_act(data)
