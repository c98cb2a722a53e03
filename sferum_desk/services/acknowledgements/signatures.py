"""Who signed an act and when: the people of one act, marks (by hand, by a list of
names, «все, кроме»), unmarking and the one-click undo of a batch."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sferum_desk.db.models import (
    Acknowledgement, Document, Guardian, GuardianLink, HistoryEvent, Person, Staff, Student, Unit,
)
from sferum_desk.domain.dates import format_date, parse_date
from sferum_desk.domain.enums import Audience
from sferum_desk.domain.errors import NotFound, UserError
from sferum_desk.domain.names import clean_text, fold, sort_key
from sferum_desk.services.acknowledgements.common import (
    _date_from_json, _document, _full_name, _refuse_history,
)
from sferum_desk.services.acknowledgements.pending import _active, _current_documents, sync_pending
from sferum_desk.services.acknowledgements.rows import UNDO_ACTION, AckRow, ActRow, PersonPending
from sferum_desk.services.base import Service


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


class SignaturesMixin(Service):
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
