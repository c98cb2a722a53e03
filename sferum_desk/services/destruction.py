"""The act of destruction of personal data (Роскомнадзор, приказ от 28.10.2022 № 179).

Erasing the people who left long ago always produces its act: the act is laid out and
written beside its target while the names are still in the database, in the transaction of
the erasure, and put in place once the erasure has committed. The database keeps only the
act's number, date and count (DestructionAct); the names live on the paper alone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from sferum_desk.db.models import (
    Acknowledgement, DestructionAct, Guardian, GuardianLink, Membership, Person,
    PlatformAccount, PlatformTask, Refusal, Slip, Staff, Student,
)
from sferum_desk.domain.dates import format_date
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import vocabulary_for
from sferum_desk.paths import data_dir
from sferum_desk.services.base import Service, record
from sferum_desk.services.movement import ErasureResult, LeftPerson, MovementService
from sferum_desk.services.organization import get_org
from sferum_desk.services.output_files import StagedFile, require_suffix, stage_file
from sferum_desk.services.people import get_person

SYSTEM_NAME = "Sferum Desk"
METHOD = ("удаление записей из базы данных программными средствами с последующей "
          "перезаписью файла базы данных (VACUUM) и очисткой журнала транзакций, без "
          "возможности восстановления; резервная копия, сделанная перед удалением, удалена")


@dataclass(frozen=True)
class ActPerson:
    """One subject whose data is destroyed: who, in what role, and which data."""
    full_name: str
    role: str
    left_on: dt.date
    data: tuple[str, ...]


@dataclass(frozen=True)
class ActData:
    """Everything the act prints (order № 179, items а–к), as plain data."""
    number: str
    made_on: dt.date
    made_at: dt.datetime
    organization: str
    address: str
    head_title: str
    head_name: str
    operator_name: str  # who ran the erasure (the platform administrator)
    operator_post: str
    system: str  # the information system the data was destroyed in
    reason: str
    method: str
    people: tuple[ActPerson, ...]
    older_backups: int  # earlier rotated copies that still hold the data until replaced


@dataclass(frozen=True)
class ActRow:
    number: str
    made_on: dt.date
    people: int


@dataclass(frozen=True)
class ErasureWithAct:
    erasure: ErasureResult
    act_number: str
    act_path: Path


def act_file_name(number: str, day: dt.date) -> str:
    """«Акт уничтожения ПД № 3 от 2026-12-01.pdf», safe on Windows."""
    return re.sub(r'[\\/:*?"<>|]+', "-", f"Акт уничтожения ПД № {number} от {day.isoformat()}"
                  ) + ".pdf"


def _next_number(session: Session) -> str:
    count = session.scalar(select(func.count()).select_from(DestructionAct)) or 0
    taken = set(session.scalars(select(DestructionAct.number)))
    number = count + 1
    while str(number) in taken:
        number += 1
    return str(number)


_CHECKS = ((Membership, "отметка о вступлении в «Сферум»"),
           (Slip, "сведения о выданных карточках-приглашениях"),
           (Acknowledgement, "отметки об ознакомлении с локальными актами"),
           (PlatformTask, "задачи администратора платформы"),
           (Refusal, "отметка об отказе от платформы и способ связи"),
           (PlatformAccount, "идентификатор пользователя на платформе"))
_CHUNK = 900  # ids per IN (…): well under SQLite's limit of bound parameters


def _data_held(session: Session, person_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The categories of data the app holds about each person: what the act lists.

    A few set-based queries for the whole list (#17: one person at a time took 2,800 × 12
    queries for a large school's leavers)."""
    people: dict[int, tuple] = {}
    for start in range(0, len(person_ids), _CHUNK):
        chunk = person_ids[start:start + _CHUNK]
        for pid, born, phone, email, *flags in session.execute(
                select(Person.id, Person.birth_date, Person.phone, Person.email,
                       *_held_flags()).where(Person.id.in_(chunk))):
            people[pid] = (born, phone, email, *flags)
    missing = [pid for pid in person_ids if pid not in people]
    if missing:
        get_person(session, missing[0])  # NotFound, in the one sentence it always had
    result = {}
    for pid in person_ids:
        born, phone, email, staff, student, child, guardian, *held_in = people[pid]
        held = ["фамилия, имя, отчество"]
        if born:
            held.append("дата рождения")
        if phone:
            held.append("номер телефона")
        if email:
            held.append("адрес электронной почты")
        if staff:
            held.append("должность, роли на платформе")
        if student:
            held.append("класс (группа) и история переводов")
            if child:
                held.append("связь с родителями (законными представителями)")
        if guardian:
            held.append("степень родства с ребёнком")
        held += [title for (_model, title), found in zip(_CHECKS, held_in) if found]
        result[pid] = tuple(held)
    return result


def _held_flags() -> list:
    """Per person: staff, pupil, pupil with parents, parent with a child, then each of
    _CHECKS — one EXISTS each, all in the one statement per chunk (48 queries were 4)."""
    def held(model, *where):
        return exists().where(model.person_id == Person.id, *where)

    return [held(Staff), held(Student),
            held(Student, GuardianLink.student_id == Student.id),
            held(Guardian, GuardianLink.guardian_id == Guardian.id),
            *(held(model) for model, _title in _CHECKS)]


def _act_data(session: Session, candidates: list[LeftPerson], number: str, days: int,
              now: dt.datetime, location: str, older_backups: int) -> ActData:
    org = get_org(session)
    words = vocabulary_for(org.kind, org.vocabulary_overrides)
    held = _data_held(session, [row.person_id for row in candidates])
    people = tuple(ActPerson(row.full_name, row.role, row.left_on, held[row.person_id])
                   for row in candidates)
    return ActData(
        number=number, made_on=now.date(), made_at=now,
        organization=org.full_name or org.short_name, address=org.address or "",
        head_title=words.head_title, head_name=org.head_name or "",
        operator_name=org.admin_name or "", operator_post="Администратор платформы «Сферум»",
        system=f"{SYSTEM_NAME} (база данных: {location})",
        reason=("достижение целей обработки: субъекты выбыли из организации, срок хранения "
                f"их данных после выбытия ({days} дн.) истёк"),
        method=METHOD, people=people, older_backups=older_backups)


class DestructionService(Service):
    def __init__(self, db, movement: MovementService | None = None):
        super().__init__(db)
        self.movement = movement or MovementService(db)

    def default_folder(self) -> Path:
        """Beside the database file; a server database's acts go to this PC's data folder."""
        return self.db.path.parent if self.db.path is not None else data_dir()

    def suggested_name(self, today: dt.date | None = None) -> str:
        with self.db.unit_of_work() as session:
            return act_file_name(_next_number(session), today or dt.date.today())

    def erase_left(self, days: int, act_path: Path | str | None = None,
                   today: dt.date | None = None, overwrite: bool = False) -> ErasureWithAct:
        """Erase the people who left more than `days` days ago, with their act as a PDF.

        Nothing is erased if the act cannot be laid out or written; the act appears under
        its name only once the erasure has committed. An existing file (an earlier act, the
        only record of its names) is refused unless `overwrite` (the window's save dialog
        has asked).
        """
        target = require_suffix(act_path, ".pdf") if act_path is not None else None
        if target is not None and target.expanduser().is_file() and not overwrite:
            raise UserError(f"Файл «{target.name}» уже есть: акт не записывается поверх "
                            "другого файла, укажите новое имя.", field="act")
        now = dt.datetime.now().replace(microsecond=0)
        staged: list[StagedFile] = []
        numbers: list[str] = []

        def prepare(session: Session, candidates: list[LeftPerson]) -> None:
            from sferum_desk.printing.destruction_act import destruction_act_pdf

            number = _next_number(session)
            folder = self.db.backups_dir
            older = len(list(folder.glob("*.sqlite3"))) if folder.exists() else 0
            data = _act_data(session, candidates, number, days, now, self.db.location,
                             max(older - 1, 0))  # minus the safety copy removed afterwards
            path = target or _free_name(self.default_folder() / act_file_name(number,
                                                                              now.date()))
            staged.append(stage_file(path, destruction_act_pdf(data), durable=True))
            numbers.append(number)
            session.add(DestructionAct(number=number, made_on=now.date(),
                                       people=len(candidates)))
            record(session, "destruction_act", None, "made", number=number,
                   people=len(candidates))

        try:
            result = self.movement.erase_left(days, today, prepare=prepare)
        except BaseException:
            for item in staged:
                item.discard()
            raise
        return ErasureWithAct(result, numbers[0], staged[0].publish())

    def list_acts(self) -> list[ActRow]:
        with self.db.unit_of_work() as session:
            return [ActRow(a.number, a.made_on, a.people) for a in session.scalars(
                select(DestructionAct).order_by(DestructionAct.id))]


def _free_name(path: Path) -> Path:
    """A name no file has yet: an act is never written over an earlier one."""
    candidate, n = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate


def describe_act(row: ActRow) -> str:
    return f"Акт № {row.number} от {format_date(row.made_on)}: {row.people} чел."
