"""Register, correct or re-issue a local act: its fields, who must read it, the file."""

from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
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
from sferum_desk.ui.forms import DATE_PLACEHOLDER, line_edit, set_combo_data

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


def date_edit(tooltip: str = "") -> QWidget:
    return line_edit(DATE_PLACEHOLDER, tooltip, min_chars=12)


class ActDialog(FormDialog):
    """One form for the three cases; `save()` calls the matching service method."""

    def __init__(self, services: Services, vocabulary: Vocabulary, mode: str = ADD,
                 act_id: int | None = None, parent: QWidget | None = None):
        super().__init__(TITLES[mode], parent, intro=INTROS[mode],
                         ok_text="Зарегистрировать" if mode != EDIT else "Сохранить")
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

    # ---- layout --------------------------------------------------------------------
    def _build_fields(self) -> None:
        form = self.form
        self.doc_type = form.add_field("doc_type", "Вид акта:", QComboBox())
        self.doc_type.setEditable(True)
        self.doc_type.addItems(DOC_TYPES)
        self.title_edit = form.add_field(
            "title", "Название:", line_edit("например: об использовании платформы «Сферум»",
                                            min_chars=60))
        self.number = form.add_field("number", "Номер:", line_edit("например: 236-а"))
        self.issued_on = form.add_field("issued_on", "Дата:", date_edit())
        self.place = form.add_field("place", "Место издания:", line_edit("например: г. Тула"))

        form.add_section("Принят или согласован (до двух органов)")
        self.bodies = [self._body_row(i) for i in (1, 2)]

        form.add_section("Утверждён")
        self.order_number = form.add_field("order_number", "Приказ №:", line_edit())
        self.order_date = form.add_field("order_date", "от:", date_edit())
        self.approver_post = form.add_field(
            "approver_post", "Должность:", line_edit(f"например: {self.vocabulary.head_title}"))
        self.approver_name = form.add_field("approver_name", "Ф.И.О.:", line_edit())
        self.replaces = form.add_field("replaces", "Взамен:",
                                       line_edit("какой акт этот заменяет (если заменяет)"))

        form.add_section("Кто должен ознакомиться")
        self.audience_kind = form.add_field("audience", "Кто:", QComboBox())
        self.audience_kind.addItem("Сотрудники", Audience.STAFF.value)
        self.audience_kind.addItem("Родители (законные представители)", Audience.PARENTS.value)
        if kind_has_student_audience(self.kind):
            self.audience_kind.addItem(self.vocabulary.students, Audience.STUDENTS.value)
        self.audience_kind.currentIndexChanged.connect(self._audience_changed)
        self.everyone = QRadioButton()
        self.everyone.setObjectName("everyone")
        self.chosen = QRadioButton("только отмеченные ниже")
        self.chosen.setObjectName("chosen")
        group = QButtonGroup(self)
        group.addButton(self.everyone)
        group.addButton(self.chosen)
        self.everyone.setChecked(True)
        self.everyone.toggled.connect(self._everyone_toggled)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.everyone)
        line.addWidget(self.chosen)
        line.addStretch(1)
        form.add_field("everyone_choice", "", row)
        self.choices = form.add_field("choices", "", QListWidget())
        self.choices.setMinimumHeight(self.choices.fontMetrics().height() * 7)
        self.deadline = form.add_field("deadline", "Срок ознакомления:",
                                       date_edit("После этой даты акт попадёт в список "
                                                 "просроченных"))
        self.attachment = line_edit("файл самого акта (необязательно)", min_chars=40)
        browse = QPushButton("Выбрать…")
        browse.setObjectName("browse_attachment")
        browse.clicked.connect(self._browse)
        holder = QWidget()
        line = QHBoxLayout(holder)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.attachment, 1)
        line.addWidget(browse)
        form.add_field("attachment", "Файл акта:", holder)
        self.attachment.setObjectName("attachment_path")

    def _body_row(self, index: int) -> tuple[QComboBox, QWidget, QWidget, QWidget]:
        verb = QComboBox()
        verb.addItems(BODY_VERBS)
        verb.setObjectName(f"body{index}_verb")
        name = line_edit("например: педагогическим советом" if index == 1 else
                         "например: советом учреждения", min_chars=30)
        number = line_edit(min_chars=6)
        day = date_edit()
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(verb)
        line.addWidget(name, 1)
        line.addWidget(QLabel("протокол №"))
        line.addWidget(number)
        line.addWidget(QLabel("от"))
        line.addWidget(day)
        aliases = (f"body{index}_name", f"body{index}_number", f"body{index}_date")
        self.form.add_field(f"body{index}", f"{index}.", row,
                            aliases=aliases + (("bodies",) if index == 1 else ()))
        for widget, suffix in ((name, "name"), (number, "number"), (day, "date")):
            widget.setObjectName(f"body{index}_{suffix}")
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
