"""The register of local acts: validation, add, correct, new edition, delete, the rows
with their counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sferum_desk.db.models import Acknowledgement, Document, Organization, Person, Staff, Unit
from sferum_desk.domain.dates import parse_date, parse_past_date
from sferum_desk.domain.enums import Audience
from sferum_desk.domain.errors import UserError, check_all
from sferum_desk.domain.kinds import Vocabulary, kind_has_student_audience, vocabulary_for
from sferum_desk.domain.names import clean_text, sort_key
from sferum_desk.services.acknowledgements.common import (
    _date_from_json, _document, _org, _refuse_history,
)
from sferum_desk.services.acknowledgements.pending import _active, sync_pending
from sferum_desk.services.acknowledgements.rows import (
    BODY_VERBS, MAX_BODIES, ActInput, ActRow, AudienceInput, BodyInput,
)
from sferum_desk.services.base import Service, record
from sferum_desk.services.undo import Deleted, UndoCollector


# ---- validation ----------------------------------------------------------------------
def _text(value: object, limit: int, what: str, field_name: str) -> str:
    cleaned = clean_text(value)
    if len(cleaned) > limit:
        raise UserError(f"{what} слишком длинное: не больше {limit} знаков.", field=field_name)
    return cleaned


def _valid_bodies(bodies: Sequence[BodyInput]) -> list[dict]:
    given = [b for b in bodies if clean_text(b.name) or clean_text(b.protocol_number)
             or b.protocol_date not in (None, "")]
    if len(given) > MAX_BODIES:
        raise UserError("Укажите не больше двух органов, принявших или согласовавших акт.",
                        field="bodies")
    result = []
    for index, body in enumerate(given, start=1):
        name = _text(body.name, 200, "Название органа", f"body{index}_name")
        if not name:
            raise UserError("Укажите, какой орган принял или согласовал акт, например "
                            "«педагогический совет».", field=f"body{index}_name")
        verb = clean_text(body.verb) or BODY_VERBS[0]
        protocol_date = parse_past_date(body.protocol_date, f"body{index}_date",
                                        "Дата протокола")
        result.append({"name": name, "verb": verb,
                       "protocol_number": _text(body.protocol_number, 50, "Номер протокола",
                                                f"body{index}_number"),
                       "protocol_date": protocol_date.isoformat() if protocol_date else None})
    return result


def _valid_audience(session: Session, data: AudienceInput, org: Organization) -> dict:
    try:
        kind = Audience(data.kind).value
    except ValueError:
        raise UserError("Выберите, кто должен ознакомиться: сотрудники, родители или "
                        "обучающиеся.", field="audience") from None
    words = vocabulary_for(org.kind, org.vocabulary_overrides)
    if kind == Audience.STUDENTS.value and not kind_has_student_audience(org.kind):
        raise UserError(f"{words.students} детского сада не подписывают листы "
                        "ознакомления: выберите родителей.", field="audience")
    unit_ids: list[int] = []
    person_ids: list[int] = []
    if not data.everyone and kind == Audience.STAFF.value:
        person_ids = list(dict.fromkeys(data.person_ids))
        if not person_ids:
            raise UserError("Отметьте сотрудников, которые должны ознакомиться, или выберите "
                            "«все сотрудники».", field="audience")
        found = set(session.scalars(select(Staff.person_id)
                                    .where(Staff.person_id.in_(person_ids))))
        if found != set(person_ids):
            raise UserError("Некоторых выбранных сотрудников больше нет: обновите список.",
                            field="audience")
    elif not data.everyone:
        unit_ids = list(dict.fromkeys(data.unit_ids))
        if not unit_ids:
            raise UserError(f"Отметьте {words.units.lower()}, которых касается акт, или "
                            "выберите все.", field="audience")
        found = set(session.scalars(select(Unit.id).where(Unit.id.in_(unit_ids))))
        if found != set(unit_ids):
            raise UserError("Некоторых выбранных подразделений больше нет: обновите "
                            "список.", field="audience")
    return {"kind": kind, "everyone": bool(data.everyone), "unit_ids": unit_ids,
            "person_ids": person_ids}


def _valid_attachment(path: str) -> str:
    path = clean_text(path)
    if path and not Path(path).expanduser().is_file():
        raise UserError(f"Файл «{path}» не найден: выберите его заново.", field="attachment")
    return path


def _required(value: str, field: str, message: str) -> str:
    if not value:
        raise UserError(message, field=field)
    return value


def _apply(session: Session, document: Document, data: ActInput, org: Organization) -> None:
    doc_type, title, issued_on, order_date, deadline = check_all(
        lambda: _required(_text(data.doc_type, 100, "Вид акта", "doc_type"), "doc_type",
                          "Укажите вид акта: положение, порядок, приказ, инструкция."),
        lambda: _required(clean_text(data.title), "title", "Укажите название акта."),
        lambda: parse_past_date(data.issued_on, "issued_on", "Дата акта"),
        lambda: parse_past_date(data.order_date, "order_date", "Дата приказа"),
        lambda: parse_date(data.deadline, field="deadline"))
    if deadline and issued_on and deadline < issued_on:
        raise UserError("Срок ознакомления раньше даты акта: проверьте даты.", field="deadline")
    document.doc_type = doc_type
    document.title = title
    document.number = _text(data.number, 50, "Номер акта", "number")
    document.issued_on = issued_on
    document.deadline = deadline
    document.attachment_path = _valid_attachment(data.attachment_path)
    document.details = {
        "place": _text(data.place, 100, "Место издания", "place"),
        "bodies": _valid_bodies(data.bodies),
        "order_number": _text(data.order_number, 50, "Номер приказа", "order_number"),
        "order_date": order_date.isoformat() if order_date else None,
        "approver_post": _text(data.approver_post, 200, "Должность утвердившего",
                               "approver_post"),
        "approver_name": _text(data.approver_name, 200, "ФИО утвердившего", "approver_name"),
        "replaces": clean_text(data.replaces),
    }
    document.audience = _valid_audience(session, data.audience, org)


def _audience_text(audience: dict, words: Vocabulary | None,
                   unit_names: dict[int, str]) -> str:
    kind = audience.get("kind", Audience.STAFF.value)
    everyone = audience.get("everyone", True)
    if kind == Audience.STAFF.value:
        return "Все сотрудники" if everyone else \
            f"Сотрудники: {len(audience.get('person_ids', []))} чел."
    who = "Родители" if kind == Audience.PARENTS.value else (
        words.students if words else "Обучающиеся")
    if everyone:
        return f"{who}: все {(words.units if words else 'подразделения').lower()}"
    names = sorted((unit_names.get(u, "?") for u in audience.get("unit_ids", [])),
                   key=lambda n: (len(n), sort_key(n)))
    return f"{who}: {', '.join(names)}"


def audience_choices() -> list[tuple[str, str]]:
    """(value, Russian title) for the audience selector."""
    return [(a.value, a.title) for a in (Audience.STAFF, Audience.PARENTS, Audience.STUDENTS)]


class ActsMixin(Service):
    # ---- the register ------------------------------------------------------------
    def list_acts(self, include_history: bool = True,
                  today: dt.date | None = None) -> list[ActRow]:
        today = today or dt.date.today()
        with self.db.unit_of_work() as session:
            return self._rows(session, None, include_history, today)

    def get_row(self, act_id: int) -> ActRow:
        with self.db.unit_of_work() as session:
            _document(session, act_id)
            return self._rows(session, [act_id], True, dt.date.today())[0]

    def get_act(self, act_id: int) -> ActInput:
        """The act's fields as the edit dialog shows them (dates as dates)."""
        with self.db.unit_of_work() as session:
            document = _document(session, act_id)
            details = document.details or {}
            audience = document.audience or {}
            return ActInput(
                doc_type=document.doc_type, title=document.title, number=document.number,
                issued_on=document.issued_on, place=details.get("place", ""),
                bodies=[BodyInput(b["name"], b.get("verb", BODY_VERBS[0]),
                                  b.get("protocol_number", ""),
                                  _date_from_json(b.get("protocol_date")))
                        for b in details.get("bodies", [])],
                order_number=details.get("order_number", ""),
                order_date=_date_from_json(details.get("order_date")),
                approver_post=details.get("approver_post", ""),
                approver_name=details.get("approver_name", ""),
                replaces=details.get("replaces", ""),
                audience=AudienceInput(audience.get("kind", Audience.STAFF.value),
                                       audience.get("everyone", True),
                                       list(audience.get("unit_ids", [])),
                                       list(audience.get("person_ids", []))),
                attachment_path=document.attachment_path, deadline=document.deadline)

    def add_act(self, data: ActInput) -> ActRow:
        """Register an act; its audience becomes the pending list at once."""
        with self.db.unit_of_work() as session:
            org = _org(session)
            document = Document(doc_type="", title="")
            _apply(session, document, data, org)
            session.add(document)
            session.flush()
            sync_pending(session, [document.id])
            record(session, "document", document.id, "created")
            act_id = document.id
        return self.get_row(act_id)

    def update_act(self, act_id: int, data: ActInput) -> ActRow:
        """Correct the current edition; a changed audience changes only the pending rows."""
        with self.db.unit_of_work() as session:
            org = _org(session)
            document = _document(session, act_id)
            _refuse_history(session, document)
            _apply(session, document, data, org)
            sync_pending(session, [document.id])
            record(session, "document", document.id, "updated")
        return self.get_row(act_id)

    def new_edition(self, act_id: int, data: ActInput) -> ActRow:
        """A new edition: a new act that replaces this one, with a new round of signatures."""
        with self.db.unit_of_work() as session:
            org = _org(session)
            old = _document(session, act_id)
            _refuse_history(session, old)
            document = Document(doc_type="", title="", replaces_id=old.id)
            if not clean_text(data.replaces):
                from sferum_desk.printing.familiarisation import act_caption
                from sferum_desk.printing.official import number_and_date

                data.replaces = f"{act_caption(old.doc_type, old.title)} " \
                                f"{number_and_date(old.number, old.issued_on)}"
            _apply(session, document, data, org)
            session.add(document)
            session.flush()
            sync_pending(session, [document.id])
            record(session, "document", document.id, "new_edition", replaces=old.id)
            new_id = document.id
        return self.get_row(new_id)

    def delete_act(self, act_id: int) -> Deleted:
        """Delete an act with its signatures; the answer lets `undo.restore` put it back."""
        self.db.backup("before-delete-act")
        with self.db.unit_of_work() as session:
            document = _document(session, act_id)
            collector = UndoCollector(session, "document")
            collector.take("document", document.id)
            session.delete(document)
            record(session, "document", act_id, "deleted")
            return collector.deleted()

    def overdue(self, today: dt.date | None = None) -> list[ActRow]:
        """Current acts whose deadline has passed while someone has not signed."""
        return [a for a in self.list_acts(include_history=False, today=today) if a.overdue]

    def sync_pending(self) -> int:
        """Bring every current act's pending list up to date (new people, people who left)."""
        with self.db.unit_of_work() as session:
            return sync_pending(session)

    def vocabulary(self) -> Vocabulary:
        with self.db.unit_of_work() as session:
            org = _org(session)
            return vocabulary_for(org.kind, org.vocabulary_overrides)

    # ---- internals ---------------------------------------------------------------
    def _rows(self, session: Session, ids: Iterable[int] | None, include_history: bool,
              today: dt.date) -> list[ActRow]:
        org = session.scalar(select(Organization))
        words = vocabulary_for(org.kind, org.vocabulary_overrides) if org else None
        query = select(Document).order_by(Document.id)
        if ids is not None:
            query = query.where(Document.id.in_(list(ids)))
        documents = list(session.scalars(query))
        successor = dict(session.execute(
            select(Document.replaces_id, Document.id).where(Document.replaces_id.is_not(None))
        ).all())
        signed = dict(session.execute(
            select(Acknowledgement.document_id, func.count())
            .where(Acknowledgement.signed_on.is_not(None))
            .group_by(Acknowledgement.document_id)).all())
        pending = dict(session.execute(
            select(Acknowledgement.document_id, func.count())
            .join(Person, Person.id == Acknowledgement.person_id)
            .where(Acknowledgement.signed_on.is_(None), _active(today))
            .group_by(Acknowledgement.document_id)).all())
        unit_names = dict(session.execute(select(Unit.id, Unit.name)).all())
        rows = []
        for d in documents:
            superseded_by = successor.get(d.id)
            if superseded_by is not None and not include_history:
                continue
            waiting = pending.get(d.id, 0)
            rows.append(ActRow(
                id=d.id, doc_type=d.doc_type, title=d.title, number=d.number,
                issued_on=d.issued_on, audience_kind=(d.audience or {}).get("kind", "staff"),
                audience_text=_audience_text(d.audience or {}, words, unit_names),
                total=signed.get(d.id, 0) + waiting, signed=signed.get(d.id, 0),
                pending=waiting, deadline=d.deadline,
                overdue=bool(superseded_by is None and d.deadline and d.deadline < today
                             and waiting),
                replaces_id=d.replaces_id, superseded_by=superseded_by,
                attachment_path=d.attachment_path))
        return rows
