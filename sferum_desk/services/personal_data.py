"""Everything the app holds about one person, for a request under the personal data law
(152-ФЗ, ст. 14: the person may learn what is processed about them).

`PersonalDataService.collect` gathers it as plain sections; `export` writes them as a
readable PDF or an Excel workbook, by the file's extension.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sferum_desk.db.models import (
    Acknowledgement,
    Document,
    Enrolment,
    Guardian,
    GuardianLink,
    HistoryEvent,
    ImportBatch,
    Invitation,
    Membership,
    NotDuplicatePair,
    Person,
    PlatformTask,
    Slip,
    Student,
    Unit,
    UnitTeacher,
)
from sferum_desk.domain.dates import format_date
from sferum_desk.domain.enums import Audience, PlatformRole, Relation
from sferum_desk.domain.errors import NotFound, UserError
from sferum_desk.domain.kinds import vocabulary_for
from sferum_desk.domain.phones import display_phone
from sferum_desk.services.base import Service, record
from sferum_desk.services.organization import get_org
from sferum_desk.services.output_files import write_atomically

FORMATS = (".pdf", ".xlsx")
SOURCES = {"manual": "отмечено вручную", "import": "по списку участников из «Сферума»"}
NOTHING = "—"  # a field the app does not hold for this person
ACTIONS = {"created": "запись создана", "updated": "запись изменена", "left": "выбытие",
           "joined": "отмечен(а) в «Сферуме»", "guardian_added": "добавлен родитель",
           "guardian_removed": "родитель отвязан", "child_linked": "привязан ребёнок",
           "child_unlinked": "ребёнок отвязан", "moved": "перевод", "transferred": "перевод",
           "teacher_verified": "статус педагога", "extra_admin": "права администратора",
           "personal_data_exported": "выгружены сведения о персональных данных"}


@dataclass(frozen=True)
class DataSection:
    """One part of the statement: label–value pairs (no headers) or a table."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class PersonalData:
    person_id: int
    full_name: str
    organization: str
    made_on: dt.date
    sections: tuple[DataSection, ...]


def _title(enum_type, value: str) -> str:
    try:
        return enum_type(value).title
    except ValueError:
        return value


def _date(value) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    return format_date(value) if value else ""


def _yes(value: bool) -> str:
    return "да" if value else "нет"


class PersonalDataService(Service):
    def collect(self, person_id: int) -> PersonalData:
        with self.db.unit_of_work() as session:
            person = session.get(Person, person_id)
            if person is None:
                raise NotFound("Такого человека нет в базе: проверьте номер (id) в списке.",
                               field="id")
            org = get_org(session)
            words = vocabulary_for(org.kind, org.vocabulary_overrides)
            sections = [_main(session, person, words.student)]
            sections += _staff(session, person, words.unit)
            sections += _pupil(session, person, words.unit)
            sections += _children(session, person)
            sections += _platform(session, person)
            sections += _documents(session, person)
            sections += _events(session, person)
            name = " ".join(p for p in (person.last_name, person.first_name,
                                        person.patronymic) if p)
            return PersonalData(person.id, name, org.short_name or org.full_name,
                                dt.date.today(), tuple(s for s in sections if s.rows))

    def export(self, person_id: int, out: Path | str) -> Path:
        """Write the statement as PDF or Excel (by `out`'s extension), all or nothing, and
        note in the history that it was given out (without the name)."""
        target = Path(out).expanduser()
        if target.suffix.lower() not in FORMATS:
            raise UserError("Укажите файл .pdf или .xlsx для сведений о персональных данных.",
                            field="out")
        data = self.collect(person_id)
        if target.suffix.lower() == ".pdf":
            from sferum_desk.printing.personal_data import personal_data_pdf

            content = personal_data_pdf(data)
        else:
            from sferum_desk.exporters.personal_data import personal_data_workbook

            content = personal_data_workbook(data)
        write_atomically(target, content)
        with self.db.unit_of_work() as session:
            record(session, "person", person_id, "personal_data_exported",
                   format=target.suffix.lower().lstrip("."))
        return target


def _main(session: Session, person: Person, student_word: str) -> DataSection:
    roles = [word for word, role in (("сотрудник", person.staff),
                                     (student_word.lower(), person.student),
                                     ("родитель (законный представитель)", person.guardian))
             if role is not None]
    rows = [("Фамилия", person.last_name), ("Имя", person.first_name),
            ("Отчество", person.patronymic), ("Дата рождения", _date(person.birth_date)),
            ("Телефон", display_phone(person.phone)), ("Электронная почта", person.email),
            ("Кем является в организации", ", ".join(roles)),
            ("Дата выбытия", _date(person.left_on)),
            ("Запись создана", _date(person.created_at)),
            ("Запись изменена", _date(person.updated_at))]
    if person.import_batch_id:
        batch = session.get(ImportBatch, person.import_batch_id)
        if batch is not None:
            rows.append(("Загружен(а) из файла",
                         f"{batch.source_name} ({_date(batch.created_at)})"))
    pairs = session.scalar(select(NotDuplicatePair.id).where(or_(
        NotDuplicatePair.key_a.contains(person.name_key),
        NotDuplicatePair.key_b.contains(person.name_key)))) if person.name_key else None
    if pairs:
        rows.append(("Отметка «не дубликат»", "есть: не объединять с тёзкой"))
    return DataSection("Основные сведения", (), tuple((k, v or NOTHING) for k, v in rows))


def _staff(session: Session, person: Person, unit_word: str) -> list[DataSection]:
    staff = person.staff
    if staff is None:
        return []
    roles = ", ".join(_title(PlatformRole, r) for r in staff.platform_roles or [])
    curated = [u.name for u in session.scalars(select(Unit).where(Unit.curator_id == staff.id))]
    taught = [f"{unit.name}{' (' + link.subject + ')' if link.subject else ''}"
              for link, unit in session.execute(
                  select(UnitTeacher, Unit).join(Unit, Unit.id == UnitTeacher.unit_id)
                  .where(UnitTeacher.staff_id == staff.id))]
    rows = [("Должность", staff.position), ("Роли на платформе", roles),
            (f"Руководитель ({unit_word.lower()})", ", ".join(curated)),
            ("Преподаёт", ", ".join(taught))]
    return [DataSection("Сотрудник", (), tuple(r for r in rows if r[1]))]


def _pupil(session: Session, person: Person, unit_word: str) -> list[DataSection]:
    student: Student | None = person.student
    if student is None:
        return []
    history = session.execute(select(Enrolment, Unit).join(Unit, Unit.id == Enrolment.unit_id)
                              .where(Enrolment.student_id == student.id)
                              .order_by(Enrolment.started_on))
    enrolments = tuple((unit.name, _date(e.started_on), _date(e.ended_on))
                       for e, unit in history)
    guardians = tuple((_full(other), _title(Relation, link.relation))
                      for link, other in session.execute(
                          select(GuardianLink, Person)
                          .join(Guardian, Guardian.id == GuardianLink.guardian_id)
                          .join(Person, Person.id == Guardian.person_id)
                          .where(GuardianLink.student_id == student.id)))
    return [DataSection("Обучение", (unit_word, "С", "По"), enrolments),
            DataSection("Родители (законные представители)", ("ФИО", "Кем приходится"),
                        guardians)]


def _full(person: Person) -> str:
    return " ".join(p for p in (person.last_name, person.first_name, person.patronymic) if p)


def _children(session: Session, person: Person) -> list[DataSection]:
    if person.guardian is None:
        return []
    rows = []
    for link in session.scalars(select(GuardianLink).where(
            GuardianLink.guardian_id == person.guardian.id)):
        student = session.get(Student, link.student_id)
        if student is not None:
            rows.append((_full(student.person), _title(Relation, link.relation),
                         student.unit.name if student.unit else ""))
    return [DataSection("Дети", ("ФИО", "Кем приходится", "Подразделение"), tuple(rows))]


def _platform(session: Session, person: Person) -> list[DataSection]:
    sections = []
    membership = session.scalar(select(Membership).where(Membership.person_id == person.id))
    if membership is not None:
        rows = (("Вступил(а) в «Сферум»", _date(membership.joined_on)),
                ("Откуда известно", SOURCES.get(membership.source, membership.source)),
                ("Статус педагога подтверждён", _yes(membership.teacher_verified)),
                ("Дополнительный администратор", _yes(membership.extra_admin)),
                ("Добавлен(а) в чаты", ", ".join(map(str, membership.chats_done or []))
                 or NOTHING))
        sections.append(DataSection("Участие в «Сферуме»", (), rows))
    slips = session.execute(select(Slip, Invitation, Unit)
                            .join(Invitation, Invitation.id == Slip.invitation_id)
                            .join(Unit, Unit.id == Invitation.unit_id)
                            .where(Slip.person_id == person.id).order_by(Slip.printed_at))
    sections.append(DataSection(
        "Листки-приглашения", ("Подразделение", "Для кого", "Напечатан", "Выдан"),
        tuple((unit.name, _title(Audience, invitation.audience), _date(slip.printed_at),
               _date(slip.handed_out_on)) for slip, invitation, unit in slips)))
    tasks = session.scalars(select(PlatformTask).where(PlatformTask.person_id == person.id)
                            .order_by(PlatformTask.id))
    sections.append(DataSection(
        "Задачи администратора в «Сферуме»", ("Что сделать", "Поставлена", "Сделана"),
        tuple((t.description, _date(t.created_at), _date(t.done_at)) for t in tasks)))
    return sections


def _documents(session: Session, person: Person) -> list[DataSection]:
    rows = session.execute(select(Acknowledgement, Document)
                           .join(Document, Document.id == Acknowledgement.document_id)
                           .where(Acknowledgement.person_id == person.id)
                           .order_by(Document.issued_on, Document.id))
    return [DataSection(
        "Ознакомление с документами", ("Документ", "Номер и дата", "Ознакомлен(а)"),
        tuple((f"{doc.doc_type} «{doc.title}»" if doc.doc_type else doc.title,
               " от ".join(p for p in (doc.number and f"№ {doc.number}",
                                       _date(doc.issued_on)) if p),
               _date(ack.signed_on) or "ещё нет") for ack, doc in rows))]


def _events(session: Session, person: Person) -> list[DataSection]:
    entities = ("person", "staff", "student", "guardian", "membership")
    events = session.scalars(select(HistoryEvent).where(
        HistoryEvent.entity.in_(entities), HistoryEvent.entity_id == person.id)
        .order_by(HistoryEvent.at, HistoryEvent.id))
    return [DataSection("История изменений", ("Когда", "Что"),
                        tuple((_date(e.at), ACTIONS.get(e.action, e.action)) for e in events))]
