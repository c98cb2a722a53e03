"""Local acts and who has read them.

A Document row is one edition of an act; its audience (all staff, chosen staff, parents or
pupils of chosen units) becomes Acknowledgement rows, pending until someone marks the date
the person signed. A new edition is a new Document (replaces_id → the old one) with a fresh
round; the old round stays as history and is never touched again. `sync_pending` keeps the
pending rows of current acts equal to their audience: newcomers are added, people who left
(or left the audience) lose their pending rows, and signed rows are never removed.

Why this module is still over 600 lines: it is due to be split by area in issue #20's part 2
(the per-function plan is in the session 3 closing note); it was left whole this session
because seven branches edited it in parallel.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session, aliased

from sferum_desk.db.models import (
    Acknowledgement,
    Document,
    Guardian,
    GuardianLink,
    HistoryEvent,
    Organization,
    Person,
    Staff,
    Student,
    Unit,
)
from sferum_desk.domain.dates import format_date, parse_date, parse_past_date
from sferum_desk.domain.enums import Audience
from sferum_desk.domain.errors import NotFound, UserError, check_all
from sferum_desk.domain.kinds import Vocabulary, kind_has_student_audience, vocabulary_for
from sferum_desk.domain.names import clean_text, fold, sort_key
from sferum_desk.services.base import Service, record
from sferum_desk.services.output_files import require_suffix, write_atomically
from sferum_desk.services.undo import Deleted, UndoCollector

if TYPE_CHECKING:
    from sferum_desk.printing.familiarisation import SheetData
    from sferum_desk.printing.official import ProgressCallback

# reportlab and openpyxl are imported where a paper or a workbook is made, not at start-up.

DOC_TYPES = ("Положение", "Порядок", "Приказ", "Инструкция", "Правила", "Регламент",
             "Распоряжение")
BODY_VERBS = ("Принято", "Согласовано", "Утверждено", "Рассмотрено")
MAX_BODIES = 2
UNDO_ACTION = "marked"


# ---- plain data in and out -----------------------------------------------------------
@dataclass
class BodyInput:
    """A body that adopted or agreed the act (педагогический совет…), with its protocol."""
    name: str
    verb: str = "Принято"
    protocol_number: str = ""
    protocol_date: object = None  # a date or text the user typed


@dataclass
class AudienceInput:
    kind: str = Audience.STAFF.value  # staff | parents | students
    everyone: bool = True  # all staff / every unit
    unit_ids: list[int] = field(default_factory=list)  # parents or pupils of these units
    person_ids: list[int] = field(default_factory=list)  # chosen staff


@dataclass
class ActInput:
    doc_type: str
    title: str
    number: str = ""
    issued_on: object = None
    place: str = ""
    bodies: list[BodyInput] = field(default_factory=list)
    order_number: str = ""
    order_date: object = None
    approver_post: str = ""
    approver_name: str = ""
    replaces: str = ""  # what this act replaces, as text
    audience: AudienceInput = field(default_factory=AudienceInput)
    attachment_path: str = ""
    deadline: object = None


@dataclass(frozen=True)
class ActRow:
    id: int
    doc_type: str
    title: str
    number: str
    issued_on: dt.date | None
    audience_kind: str
    audience_text: str
    total: int
    signed: int
    pending: int
    deadline: dt.date | None
    overdue: bool
    replaces_id: int | None
    superseded_by: int | None
    attachment_path: str

    @property
    def caption(self) -> str:
        from sferum_desk.printing.familiarisation import act_caption

        return act_caption(self.doc_type, self.title)

    @property
    def is_current(self) -> bool:
        return self.superseded_by is None

    @property
    def reference(self) -> str:
        """«Положение об … № 236-а от 17.10.2024»."""
        if self.number or self.issued_on:
            from sferum_desk.printing.official import number_and_date

            return f"{self.caption} {number_and_date(self.number, self.issued_on)}"
        return self.caption


@dataclass(frozen=True)
class AckRow:
    person_id: int
    full_name: str
    extra: str  # position (staff) or unit (parents, pupils)
    signed_on: dt.date | None
    left: bool  # the person has left the organisation

    @property
    def id(self) -> int:  # lists in the GUI key rows by `id`
        return self.person_id


@dataclass(frozen=True)
class SheetOptions:
    pending_only: bool = False
    extra_column: bool = False  # Должность (staff) or the unit (parents, pupils)
    date_mode: str = "empty"  # empty | signed (dates already marked) | fixed (one date)
    fixed_date: dt.date | None = None


@dataclass(frozen=True)
class PersonPending:
    person_id: int
    full_name: str
    acts: tuple[ActRow, ...]

    @property
    def id(self) -> int:
        return self.person_id

    @property
    def sentence(self) -> str:
        """«не ознакомлен(а) с: Положение …, Приказ …»."""
        return "не ознакомлен(а) с: " + "; ".join(a.reference for a in self.acts)


# ---- queries shared with other services ----------------------------------------------
def _active(today: dt.date | None = None):
    """A person still here: no leaving date, or one still in the future."""
    today = today or dt.date.today()
    return or_(Person.left_on.is_(None), Person.left_on > today)


def _current_documents(session: Session, ids: Iterable[int] | None = None) -> list[Document]:
    replaced = select(Document.replaces_id).where(Document.replaces_id.is_not(None))
    query = select(Document).where(Document.id.not_in(replaced))
    if ids is not None:
        query = query.where(Document.id.in_(list(ids)))
    return list(session.scalars(query))


def audience_person_ids(session: Session, audience: dict,
                        among: Sequence[int] | None = None) -> set[int]:
    """Everyone the audience names today (people who left are not in it); with `among`,
    only those of these people."""
    kind = audience.get("kind", Audience.STAFF.value)
    everyone = audience.get("everyone", True)
    if kind == Audience.STAFF.value:
        query = select(Staff.person_id).join(Person, Person.id == Staff.person_id)
        if not everyone:
            query = query.where(Staff.person_id.in_(audience.get("person_ids", [])))
    elif kind == Audience.STUDENTS.value:
        query = (select(Student.person_id).join(Person, Person.id == Student.person_id)
                 .where(Student.unit_id.is_not(None)))
        if not everyone:
            query = query.where(Student.unit_id.in_(audience.get("unit_ids", [])))
    else:
        child = aliased(Person)
        query = (select(Guardian.person_id)
                 .join(Person, Person.id == Guardian.person_id)
                 .join(GuardianLink, GuardianLink.guardian_id == Guardian.id)
                 .join(Student, Student.id == GuardianLink.student_id)
                 .join(child, child.id == Student.person_id)
                 .where(Student.unit_id.is_not(None),
                        or_(child.left_on.is_(None), child.left_on > dt.date.today())))
        if not everyone:
            query = query.where(Student.unit_id.in_(audience.get("unit_ids", [])))
    query = query.where(_active())
    if among is not None:
        query = query.where(Person.id.in_(among))
    return set(session.scalars(query))


def sync_pending(session: Session, document_ids: Iterable[int] | None = None,
                 person_ids: Iterable[int] | None = None) -> int:
    """Make the pending rows of current acts match their audiences; returns rows changed.

    Call it inside the transaction that added, moved or removed people (hooks: people
    service's save_staff/save_student, the roster import, movement). `person_ids`: only
    these people changed, so only their rows are compared (#17: one saved card in a
    10,000-pupil school no longer reads every act's whole list); the result is the same
    as the full sync's for them.
    """
    among = None if person_ids is None else sorted(set(person_ids))
    if among is not None and not among:
        return 0
    changed = 0
    for document in _current_documents(session, document_ids):
        wanted = audience_person_ids(session, document.audience or {}, among)
        query = (select(Acknowledgement.person_id, Acknowledgement.signed_on)
                 .where(Acknowledgement.document_id == document.id))
        if among is not None:
            query = query.where(Acknowledgement.person_id.in_(among))
        existing = dict(session.execute(query).all())
        new = sorted(wanted - existing.keys())
        gone = [pid for pid, signed in existing.items() if signed is None and pid not in wanted]
        if new:
            session.execute(insert(Acknowledgement),
                            [{"document_id": document.id, "person_id": pid} for pid in new])
        if gone:
            session.execute(delete(Acknowledgement).where(
                Acknowledgement.document_id == document.id,
                Acknowledgement.person_id.in_(gone)))
        changed += len(new) + len(gone)
    return changed


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


def _org(session: Session) -> Organization:
    org = session.scalar(select(Organization))
    if org is None:
        raise UserError("Сначала заполните карточку организации.")
    return org


def _document(session: Session, act_id: int) -> Document:
    document = session.get(Document, act_id)
    if document is None:
        raise NotFound("Такого акта больше нет: обновите список.")
    return document


def _superseded_by(session: Session, act_id: int) -> int | None:
    return session.scalar(select(Document.id).where(Document.replaces_id == act_id))


def _refuse_history(session: Session, document: Document) -> None:
    if _superseded_by(session, document.id) is not None:
        raise UserError("Это прежняя редакция акта: отмечать и менять можно только "
                        "действующую.")


def _full_name(person: Person | tuple) -> str:
    parts = (person.last_name, person.first_name, person.patronymic) \
        if isinstance(person, Person) else person
    return " ".join(p for p in parts if p)


def _date_from_json(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _sign_date(on: object) -> dt.date:
    day = parse_date(on, field="signed_on") or dt.date.today()
    if day > dt.date.today():
        raise UserError(f"Дата ознакомления {format_date(day)} ещё не наступила: укажите "
                        "сегодняшнюю или прошедшую дату.", field="signed_on")
    return day


# ---- names in a file -----------------------------------------------------------------
_NUMBERING = re.compile(r"^\s*\d+\s*[.)]?\s*")
_NOT_KEY = re.compile(r"[\s.]")


def read_names_file(path: Path | str) -> list[str]:
    """One name a line (a column copied from Excel works: the first cell with letters)."""
    path = Path(path).expanduser()
    try:
        raw = path.read_bytes()
    except OSError:
        raise UserError(f"Не удалось прочитать файл «{path}»: проверьте путь.") from None
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            content = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # not text at all (a picture, an Excel file given as .txt)
        raise UserError(f"Файл «{path.name}» — не текстовый список: сохраните имена в файл "
                        ".txt, по одному на строку.")
    names = []
    for line in content.splitlines():
        for cell in re.split(r"[\t;]", _NUMBERING.sub("", line)):
            cell = clean_text(cell)
            if re.search(r"[A-Za-zА-Яа-яЁё]", cell):
                names.append(cell)
                break
    if not names:
        raise UserError(f"В файле «{path.name}» нет ни одного ФИО: по одному на строку.")
    return names


def _short_key(last: str, first: str, patronymic: str) -> str:
    return _NOT_KEY.sub("", fold(f"{last}{first[:1]}{patronymic[:1]}"))


def _match_names(people: dict[int, tuple[str, str, str]],
                 names: Sequence[str]) -> list[int]:
    """Person ids for the names: by the full folded name, else «Иванова А.П.» if unique."""
    full: dict[str, list[int]] = {}
    short: dict[str, list[int]] = {}
    for pid, parts in people.items():
        full.setdefault(fold(_full_name(parts)), []).append(pid)
        short.setdefault(_short_key(*parts), []).append(pid)
    found, missing, twins = [], [], []
    for name in names:
        ids = full.get(fold(name)) or short.get(_NOT_KEY.sub("", fold(name))) or []
        if len(ids) == 1:
            found.append(ids[0])
        elif ids:
            twins.append(name)
        else:
            missing.append(name)
    if missing:
        shown = ", ".join(missing[:5]) + (f" и ещё {len(missing) - 5}" if len(missing) > 5
                                          else "")
        raise UserError(f"В списке этого акта нет: {shown}; исправьте файл и повторите.")
    if twins:
        raise UserError(f"«{twins[0]}» в списке акта несколько: отметьте их в программе "
                        "вручную.")
    return list(dict.fromkeys(found))


# ---- the service ---------------------------------------------------------------------
class AcknowledgementService(Service):
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

    # ---- people of one act -------------------------------------------------------
    def people(self, act_id: int, pending_only: bool = False) -> list[AckRow]:
        """Everyone on the act's list: signed ones (even if they left) and pending ones."""
        with self.db.unit_of_work() as session:
            document = _document(session, act_id)
            return self._people(session, document, pending_only)

    def pending(self, act_id: int) -> list[AckRow]:
        return self.people(act_id, pending_only=True)

    def pending_for_person(self, person_id: int) -> PersonPending:
        """The current acts this person still has to sign: «не ознакомлен(а) с: …»."""
        with self.db.unit_of_work() as session:
            person = session.get(Person, person_id)
            if person is None:
                raise NotFound("Этого человека больше нет в базе: обновите список.")
            current = {d.id for d in _current_documents(session)}
            ids = [i for i in session.scalars(
                select(Acknowledgement.document_id).where(
                    Acknowledgement.person_id == person_id,
                    Acknowledgement.signed_on.is_(None))) if i in current]
            left = person.left_on is not None and person.left_on <= dt.date.today()
            rows = [] if left else self._rows(session, ids, False, dt.date.today())
            return PersonPending(person_id, _full_name(person), tuple(rows))

    def pending_by_person(self) -> list[PersonPending]:
        """Everyone who still has a current act to sign, with those acts, by name."""
        today = dt.date.today()
        with self.db.unit_of_work() as session:
            acts = {a.id: a for a in self._rows(session, None, False, today)}
            waiting: dict[int, list[ActRow]] = {}
            names: dict[int, str] = {}
            for doc_id, pid, last, first, patr in session.execute(
                    select(Acknowledgement.document_id, Person.id, Person.last_name,
                           Person.first_name, Person.patronymic)
                    .join(Person, Person.id == Acknowledgement.person_id)
                    .where(Acknowledgement.signed_on.is_(None), _active(today))
                    .order_by(Acknowledgement.document_id)):
                if doc_id in acts:
                    waiting.setdefault(pid, []).append(acts[doc_id])
                    names[pid] = _full_name((last, first, patr))
            return sorted((PersonPending(pid, names[pid], tuple(rows))
                           for pid, rows in waiting.items()), key=lambda p: sort_key(p.full_name))

    def mark_signed(self, act_id: int, person_ids: Iterable[int], on: object = None) -> int:
        """Mark these people as signed on one date (today by default); returns how many."""
        day = _sign_date(on)
        wanted = set(person_ids)
        self.backup_before_bulk(len(wanted), "before-mark-signed")
        with self.db.unit_of_work() as session:
            document = _document(session, act_id)
            _refuse_history(session, document)
            rows = [r for r in self._ack_rows(session, act_id) if r.person_id in wanted]
            if not rows and wanted:
                raise UserError("Отмеченных людей нет в списке этого акта: обновите список.")
            return self._set_dates(session, act_id, rows, day)

    def mark_all_except(self, act_id: int, excluded_ids: Iterable[int],
                        on: object = None) -> int:
        """«Все, кроме отмеченных»: everyone still pending except the ticked people."""
        day = _sign_date(on)
        excluded = set(excluded_ids)
        self.db.backup("before-mark-signed")  # «все, кроме…» marks a whole list at once
        with self.db.unit_of_work() as session:
            document = _document(session, act_id)
            _refuse_history(session, document)
            active = self._active_ids(session, act_id)
            rows = [r for r in self._ack_rows(session, act_id)
                    if r.signed_on is None and r.person_id not in excluded
                    and r.person_id in active]
            return self._set_dates(session, act_id, rows, day)

    def unmark(self, act_id: int, person_ids: Iterable[int]) -> int:
        """Back to pending (a mark made by mistake)."""
        wanted = set(person_ids)
        self.backup_before_bulk(len(wanted), "before-mark-signed")
        with self.db.unit_of_work() as session:
            document = _document(session, act_id)
            _refuse_history(session, document)
            rows = [r for r in self._ack_rows(session, act_id)
                    if r.person_id in wanted and r.signed_on is not None]
            changed = self._set_dates(session, act_id, rows, None)
            sync_pending(session, [act_id])  # someone who left does not stay pending
            return changed

    def mark_signed_by_names(self, act_id: int, names: Sequence[str], on: object = None) -> int:
        """Mark the people a list names (folded names; «Иванова А.П.» too). All or nothing:
        a name not on the act's list refuses the whole file. Already signed stay as they are.
        """
        day = _sign_date(on)
        self.backup_before_bulk(len(names), "before-mark-signed")
        with self.db.unit_of_work() as session:
            document = _document(session, act_id)
            _refuse_history(session, document)
            people = {pid: (last, first, patr) for pid, last, first, patr in session.execute(
                select(Person.id, Person.last_name, Person.first_name, Person.patronymic)
                .join(Acknowledgement, Acknowledgement.person_id == Person.id)
                .where(Acknowledgement.document_id == act_id))}
            ids = set(_match_names(people, names))
            rows = [r for r in self._ack_rows(session, act_id)
                    if r.person_id in ids and r.signed_on is None]
            return self._set_dates(session, act_id, rows, day)

    def mark_signed_from_file(self, act_id: int, path: Path | str, on: object = None) -> int:
        return self.mark_signed_by_names(act_id, read_names_file(path), on)

    def can_undo(self, act_id: int) -> bool:
        with self.db.unit_of_work() as session:
            return self._last_mark(session, act_id) is not None

    def undo_last(self, act_id: int) -> int:
        """Undo the last marking of this act (one click, one whole batch)."""
        with self.db.unit_of_work() as session:
            document = _document(session, act_id)
            _refuse_history(session, document)
            event = self._last_mark(session, act_id)
            if event is None:
                raise UserError("Отменять нечего: отметок по этому акту ещё не было.")
            rows = {r.person_id: r for r in self._ack_rows(session, act_id)}
            for person_id, old, _new in event.details.get("changes", []):
                row = rows.get(person_id)
                if row is None and session.get(Person, person_id) is not None:
                    row = Acknowledgement(document_id=act_id, person_id=person_id)
                    session.add(row)
                if row is not None:
                    row.signed_on = _date_from_json(old)
            event.details = {**event.details, "undone": True}
            session.flush()
            sync_pending(session, [act_id])
            return len(event.details.get("changes", []))

    # ---- paper and spreadsheets --------------------------------------------------
    def sheet_data(self, act_id: int, options: SheetOptions = SheetOptions()) -> SheetData:
        """What the familiarisation list shows; reads the database (call on the GUI thread)."""
        from sferum_desk.printing.familiarisation import SheetData, SheetRow

        if options.date_mode == "fixed" and options.fixed_date is None:
            raise UserError("Укажите дату, которую впечатать в лист.", field="fixed_date")
        with self.db.unit_of_work() as session:
            org = _org(session)
            document = _document(session, act_id)
            people = self._people(session, document, options.pending_only)
            if not people:
                raise UserError("Все уже ознакомлены: печатать нечего." if options.pending_only
                                else "В списке этого акта никого нет: проверьте, кого он "
                                     "касается.")
            extra = self._extra_title(org, document) if options.extra_column else ""
            rows = [SheetRow(p.full_name, p.extra if extra else "",
                             _printed_date(p, options)) for p in people]
            return SheetData(organization=org.full_name, doc_type=document.doc_type,
                             title=document.title, number=document.number,
                             issued_on=document.issued_on, rows=rows, extra_column=extra)

    @staticmethod
    def write_sheet(sheet: SheetData, out: Path | str,
                    progress: ProgressCallback | None = None) -> Path:
        """Render and save the list; touches no database, so it may run off the GUI thread.
        A Cancelled raised by `progress` leaves no file behind."""
        from sferum_desk.printing.familiarisation import render_sheet

        require_suffix(out, ".pdf")
        return write_atomically(out, render_sheet(sheet, progress))

    def save_sheet(self, act_id: int, out: Path | str,
                   options: SheetOptions = SheetOptions()) -> Path:
        return self.write_sheet(self.sheet_data(act_id, options), out)

    def export_status(self, act_id: int, out: Path | str) -> Path:
        """The act's status as an Excel sheet: who signed and when, who has not."""
        from sferum_desk.exporters.acknowledgements import StatusLine, StatusSheet, status_workbook

        require_suffix(out, ".xlsx")
        with self.db.unit_of_work() as session:
            org = _org(session)
            document = _document(session, act_id)
            people = self._people(session, document, False)
            row = self._rows(session, [act_id], True, dt.date.today())[0]
            sheet = StatusSheet(
                organization=org.full_name, caption=row.reference,
                extra_column=self._extra_title(org, document),
                lines=[StatusLine(p.full_name, p.extra, p.signed_on, p.left) for p in people],
                deadline=document.deadline)
        return write_atomically(out, status_workbook(sheet))

    def export_summary(self, out: Path | str) -> Path:
        """Current acts × people for the head: dates signed, «не ознакомлен(а)», or «—»."""
        from sferum_desk.exporters.acknowledgements import (
            SummaryPerson,
            SummarySheet,
            summary_workbook,
        )

        require_suffix(out, ".xlsx")
        with self.db.unit_of_work() as session:
            org = _org(session)
            acts = self._rows(session, None, False, dt.date.today())
            if not acts:
                raise UserError("Ещё нет ни одного акта: сначала добавьте акт.")
            cells: dict[int, dict[int, dt.date | bool]] = {}
            active = set(session.scalars(select(Person.id).where(_active())))
            for doc_id, pid, signed in session.execute(
                    select(Acknowledgement.document_id, Acknowledgement.person_id,
                           Acknowledgement.signed_on)
                    .where(Acknowledgement.document_id.in_([a.id for a in acts]))):
                if signed is not None or pid in active:
                    cells.setdefault(pid, {})[doc_id] = signed or False
            names = {pid: _full_name((last, first, patr)) for pid, last, first, patr in
                     session.execute(select(Person.id, Person.last_name, Person.first_name,
                                            Person.patronymic)
                                     .where(Person.id.in_(list(cells))))}
            extras = _person_extras(session)
            people = sorted(
                (SummaryPerson(names[pid], extras.get(pid, ""),
                               [by_act.get(a.id) for a in acts])
                 for pid, by_act in cells.items()), key=lambda p: sort_key(p.name))
            sheet = SummarySheet(org.full_name,
                                 [_short_caption(a) for a in acts], people)
        return write_atomically(out, summary_workbook(sheet))

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

    @staticmethod
    def _ack_rows(session: Session, act_id: int) -> list[Acknowledgement]:
        return list(session.scalars(select(Acknowledgement)
                                    .where(Acknowledgement.document_id == act_id)))

    @staticmethod
    def _active_ids(session: Session, act_id: int) -> set[int]:
        return set(session.scalars(
            select(Acknowledgement.person_id)
            .join(Person, Person.id == Acknowledgement.person_id)
            .where(Acknowledgement.document_id == act_id, _active())))

    @staticmethod
    def _set_dates(session: Session, act_id: int, rows: list[Acknowledgement],
                   day: dt.date | None) -> int:
        """Change signed_on and remember the old values, so one undo reverts the batch."""
        changes = [[r.person_id, r.signed_on.isoformat() if r.signed_on else None,
                    day.isoformat() if day else None] for r in rows if r.signed_on != day]
        for row in rows:
            row.signed_on = day
        if changes:
            session.add(HistoryEvent(entity="acknowledgement", entity_id=act_id,
                                     action=UNDO_ACTION,
                                     details={"changes": changes, "undone": False}))
        return len(changes)

    @staticmethod
    def _last_mark(session: Session, act_id: int) -> HistoryEvent | None:
        for event in session.scalars(
                select(HistoryEvent)
                .where(HistoryEvent.entity == "acknowledgement",
                       HistoryEvent.entity_id == act_id, HistoryEvent.action == UNDO_ACTION)
                .order_by(HistoryEvent.id.desc())):
            if not (event.details or {}).get("undone"):
                return event
        return None

    def _people(self, session: Session, document: Document,
                pending_only: bool) -> list[AckRow]:
        today = dt.date.today()
        query = (select(Person.id, Person.last_name, Person.first_name, Person.patronymic,
                        Person.left_on, Acknowledgement.signed_on)
                 .join(Acknowledgement, Acknowledgement.person_id == Person.id)
                 .where(Acknowledgement.document_id == document.id))
        if pending_only:
            query = query.where(Acknowledgement.signed_on.is_(None), _active(today))
        extras = _extras_for(session, document.audience or {})
        rows = []
        for pid, last, first, patr, left_on, signed in session.execute(query):
            left = left_on is not None and left_on <= today
            if left and signed is None:
                continue  # people who left drop off pending lists
            rows.append(AckRow(pid, _full_name((last, first, patr)), extras.get(pid, ""),
                               signed, left))
        return sorted(rows, key=lambda r: sort_key(r.full_name))

    @staticmethod
    def _extra_title(org: Organization, document: Document) -> str:
        kind = (document.audience or {}).get("kind", Audience.STAFF.value)
        if kind == Audience.STAFF.value:
            return "Должность"
        return vocabulary_for(org.kind, org.vocabulary_overrides).unit


def _printed_date(person: AckRow, options: SheetOptions) -> dt.date | None:
    if options.date_mode == "fixed":
        return options.fixed_date
    if options.date_mode == "signed":
        return person.signed_on
    return None


def _extras_for(session: Session, audience: dict) -> dict[int, str]:
    """The optional column: a position for staff, the unit for pupils and parents."""
    kind = audience.get("kind", Audience.STAFF.value)
    if kind == Audience.STAFF.value:
        return dict(session.execute(select(Staff.person_id, Staff.position)).all())
    if kind == Audience.STUDENTS.value:
        return dict(session.execute(select(Student.person_id, Unit.name)
                                    .join(Unit, Unit.id == Student.unit_id)).all())
    wanted = None if audience.get("everyone", True) else set(audience.get("unit_ids", []))
    units: dict[int, list[str]] = {}
    for pid, unit_id, unit_name in session.execute(
            select(Guardian.person_id, Unit.id, Unit.name)
            .join(GuardianLink, GuardianLink.guardian_id == Guardian.id)
            .join(Student, Student.id == GuardianLink.student_id)
            .join(Unit, Unit.id == Student.unit_id)):
        if wanted is None or unit_id in wanted:
            units.setdefault(pid, [])
            if unit_name not in units[pid]:
                units[pid].append(unit_name)
    return {pid: ", ".join(sorted(names, key=sort_key)) for pid, names in units.items()}


def _person_extras(session: Session) -> dict[int, str]:
    """For the summary: a position, or the unit of a pupil or of a parent's children."""
    extras = _extras_for(session, {"kind": Audience.PARENTS.value})
    extras.update(_extras_for(session, {"kind": Audience.STUDENTS.value}))
    extras.update({pid: pos for pid, pos in
                   _extras_for(session, {"kind": Audience.STAFF.value}).items() if pos})
    return extras


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


def _short_caption(act: ActRow) -> str:
    caption = act.caption if len(act.caption) <= 60 else act.caption[:57].rstrip() + "…"
    if act.number:
        caption += f" № {act.number}"
    return caption


def audience_choices() -> list[tuple[str, str]]:
    """(value, Russian title) for the audience selector."""
    return [(a.value, a.title) for a in (Audience.STAFF, Audience.PARENTS, Audience.STUDENTS)]

