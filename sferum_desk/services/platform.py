"""The platform side of each person and the to-do list «Сделать в Сферуме».

The app never talks to the platform. Who joined is marked by the invitations service
(`InvitationService.set_joined` → Membership rows); here the administrator records whose
teacher status is verified, who is an additional administrator and which required chats are
done, and ticks the tasks that movement put on the list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sferum_desk.db.models import (
    GuardianLink, HistoryEvent, Invitation, Membership, Person, PlatformTask, Staff,
    Student, Unit,
)
from sferum_desk.domain.errors import NotFound, UserError
from sferum_desk.domain.kinds import kind_has_student_audience
from sferum_desk.domain.names import sort_key
from sferum_desk.domain.platform import (
    DEFAULT_REQUIRED_CHATS, REQUIRED_CHATS_KEY, TEACHING_ROLES, TaskKind,
)
from sferum_desk.services.base import Service, record
from sferum_desk.services.organization import get_org
from sferum_desk.services.output_files import write_atomically
from sferum_desk.services.people import display_name, get_person

ANNULLED = "annulled"  # Invitation.status once the link is annulled on the platform


@dataclass(frozen=True)
class ChatState:
    name: str
    done: bool


@dataclass(frozen=True)
class PlatformStatus:
    person_id: int
    full_name: str
    roles: tuple[str, ...]  # "staff", "curator", "student", "parent"
    is_teacher: bool
    joined_on: dt.date | None
    source: str
    teacher_verified: bool
    extra_admin: bool
    chats: tuple[ChatState, ...]
    left_on: dt.date | None

    @property
    def joined(self) -> bool:
        return self.joined_on is not None


@dataclass(frozen=True)
class TaskRow:
    id: int
    kind: str
    kind_title: str
    description: str
    person_id: int | None
    unit_id: int | None
    unit: str
    created_at: dt.datetime
    done_at: dt.datetime | None

    @property
    def done(self) -> bool:
        return self.done_at is not None


# ---- helpers shared with movement and reports -------------------------------------------
def add_task(session: Session, kind: TaskKind, description: str, person_id: int | None = None,
             unit_id: int | None = None, **refs: int | None) -> PlatformTask:
    """One to-do item; `refs` (unit and link ids, never names) go to its history record."""
    task = PlatformTask(kind=kind.value, description=description, person_id=person_id,
                        unit_id=unit_id)
    session.add(task)
    session.flush()
    record(session, "platform_task", task.id, "created", **refs)
    return task


def task_refs(session: Session, task_id: int) -> dict:
    details = session.scalar(select(HistoryEvent.details).where(
        HistoryEvent.entity == "platform_task", HistoryEvent.entity_id == task_id,
        HistoryEvent.action == "created"))
    return dict(details or {})


def open_tasks_of(session: Session, person_id: int, kind: TaskKind) -> list[PlatformTask]:
    return list(session.scalars(select(PlatformTask).where(
        PlatformTask.person_id == person_id, PlatformTask.kind == kind.value,
        PlatformTask.done_at.is_(None))))


def drop_task(session: Session, task: PlatformTask) -> None:
    """An open task that a later change made pointless (moved back, left instead)."""
    record(session, "platform_task", task.id, "dropped")
    session.delete(task)


def membership_of(session: Session, person_id: int) -> Membership | None:
    return session.scalar(select(Membership).where(Membership.person_id == person_id))


def is_teaching(session: Session, staff: Staff | None) -> bool:
    if staff is None:
        return False
    if TEACHING_ROLES & set(staff.platform_roles or ()):
        return True
    return session.scalar(select(Unit.id).where(Unit.curator_id == staff.id).limit(1)) \
        is not None


def person_roles(session: Session, person: Person) -> tuple[str, ...]:
    """The person's current roles, the keys of the required-chats table."""
    roles = []
    if person.staff is not None:
        roles.append("staff")
        curated = session.scalar(select(Unit.id).where(Unit.curator_id == person.staff.id)
                                 .limit(1))
        if curated is not None or "curator" in (person.staff.platform_roles or ()):
            roles.append("curator")
    if person.student is not None and person.student.unit_id is not None:
        roles.append("student")
    if person.guardian is not None and active_children(session, person.guardian.id):
        roles.append("parent")
    return tuple(roles)


def active_children(session: Session, guardian_id: int) -> list[Student]:
    return list(session.scalars(
        select(Student).join(GuardianLink, GuardianLink.student_id == Student.id)
        .join(Person, Person.id == Student.person_id)
        .where(GuardianLink.guardian_id == guardian_id, Person.left_on.is_(None),
               Student.unit_id.is_not(None))))


def _chat_roles(session: Session, roles: tuple[str, ...]) -> tuple[str, ...]:
    """A kindergarten's children are not on the platform: no pupils' chats for them."""
    if kind_has_student_audience(get_org(session).kind):
        return roles
    return tuple(r for r in roles if r != "student")


def required_chats(settings: dict | None, roles: tuple[str, ...]) -> list[str]:
    table = (settings or {}).get(REQUIRED_CHATS_KEY) or DEFAULT_REQUIRED_CHATS
    chats: list[str] = []
    for role in roles:
        chats.extend(table.get(role, ()))
    return list(dict.fromkeys(chats))


def _teacher_title(session: Session) -> str:
    from sferum_desk.domain.kinds import vocabulary_for

    org = get_org(session)
    return vocabulary_for(org.kind, org.vocabulary_overrides).teacher_role.lower()


def add_teacher_check(session: Session, person: Person) -> None:
    """A joined teacher whose status is not yet verified: ask the administrator to confirm it."""
    membership = membership_of(session, person.id)
    if membership is None or membership.teacher_verified or not is_teaching(session,
                                                                             person.staff):
        return
    if open_tasks_of(session, person.id, TaskKind.CONFIRM_TEACHER):
        return
    add_task(session, TaskKind.CONFIRM_TEACHER,
             f"Подтвердить статус «{_teacher_title(session)}» для {display_name(person)}",
             person_id=person.id)


class PlatformService(Service):
    # ---- per-person status ---------------------------------------------------------------
    def status(self, person_id: int) -> PlatformStatus:
        with self.db.unit_of_work() as session:
            return _status(session, get_person(session, person_id), get_org(session).settings)

    def list_statuses(self) -> list[PlatformStatus]:
        """Everyone still here, by name."""
        with self.db.unit_of_work() as session:
            settings = get_org(session).settings
            people = session.scalars(select(Person).where(Person.left_on.is_(None)))
            rows = [_status(session, p, settings) for p in people]
        return sorted((r for r in rows if r.roles), key=lambda r: sort_key(r.full_name))

    def set_teacher_verified(self, person_id: int, verified: bool = True) -> PlatformStatus:
        with self.db.unit_of_work() as session:
            person = get_person(session, person_id)
            membership = _joined(session, person)
            if not is_teaching(session, person.staff):
                raise UserError(f"{display_name(person)} — не педагог: статус подтверждают "
                                "только педагогам.")
            membership.teacher_verified = verified
            if not verified:
                membership.extra_admin = False
            _close_tasks(session, person_id, TaskKind.CONFIRM_TEACHER, verified)
            record(session, "membership", person_id, "teacher_verified", value=verified)
            return _status(session, person, get_org(session).settings)

    def set_extra_admin(self, person_id: int, value: bool = True) -> PlatformStatus:
        """An additional administrator is chosen only from joined, verified teachers."""
        with self.db.unit_of_work() as session:
            person = get_person(session, person_id)
            membership = membership_of(session, person_id)
            if value and (membership is None or not membership.teacher_verified
                          or not is_teaching(session, person.staff) or person.left_on):
                raise UserError("Дополнительным администратором можно назначить только "
                                "педагога, который присоединился к платформе и чей статус "
                                "подтверждён.")
            if membership is not None:
                membership.extra_admin = value
            record(session, "membership", person_id, "extra_admin", value=value)
            return _status(session, person, get_org(session).settings)

    def set_chat_done(self, person_id: int, chat: str, done: bool = True) -> PlatformStatus:
        with self.db.unit_of_work() as session:
            person = get_person(session, person_id)
            settings = get_org(session).settings
            if chat not in required_chats(settings, _chat_roles(session,
                                                                 person_roles(session, person))):
                raise UserError(f"Чат «{chat}» не обязателен для этого человека: выберите из "
                                "списка.")
            membership = _joined(session, person)
            chats = [c for c in (membership.chats_done or []) if c != chat]
            membership.chats_done = chats + [chat] if done else chats
            record(session, "membership", person_id, "chat", done=done)
            return _status(session, person, settings)

    # ---- the to-do list -------------------------------------------------------------------
    def list_tasks(self, include_done: bool = False) -> list[TaskRow]:
        with self.db.unit_of_work() as session:
            query = (select(PlatformTask, Unit.name)
                     .outerjoin(Unit, Unit.id == PlatformTask.unit_id)
                     .order_by(PlatformTask.id))
            if not include_done:
                query = query.where(PlatformTask.done_at.is_(None))
            return [TaskRow(t.id, t.kind, TaskKind(t.kind).title, t.description, t.person_id,
                            t.unit_id, unit or "", t.created_at, t.done_at)
                    for t, unit in session.execute(query)]

    def set_task_done(self, task_id: int, done: bool = True) -> TaskRow:
        """Tick a task; a confirmed teacher or an annulled link is recorded as such."""
        with self.db.unit_of_work() as session:
            task = session.get(PlatformTask, task_id)
            if task is None:
                raise NotFound(f"Задачи № {task_id} нет в списке: обновите список.")
            task.done_at = dt.datetime.now().replace(microsecond=0) if done else None
            if done:
                _apply_done(session, task)
            record(session, "platform_task", task.id, "done" if done else "reopened")
        return next(t for t in self.list_tasks(include_done=True) if t.id == task_id)

    def export_tasks(self, path: Path | str, today: dt.date | None = None) -> Path:
        """The open list as PDF (to print) or Excel, by the file's extension."""
        target = Path(path).expanduser()
        suffix = target.suffix.lower()
        if suffix not in (".pdf", ".xlsx"):
            raise UserError("Укажите файл с расширением .pdf (распечатать) или .xlsx (Excel).",
                            field="path")
        from sferum_desk.exporters.todo import TodoLine, todo_workbook  # openpyxl: only here

        today = today or dt.date.today()
        with self.db.unit_of_work() as session:
            org = get_org(session)
            organization = org.short_name or org.full_name
        lines = [TodoLine(n, t.kind_title, t.description, t.unit, t.created_at.date())
                 for n, t in enumerate(self.list_tasks(), start=1)]
        if suffix == ".pdf":
            from sferum_desk.printing.todo import render_todo_pdf

            data = render_todo_pdf(organization, today, lines)
        else:
            data = todo_workbook(organization, today, lines)
        return write_atomically(target, data)

    def reconcile_tasks(self) -> int:
        """Add the teacher checks for people marked joined elsewhere (import, invitations)."""
        with self.db.unit_of_work() as session:
            before = len(session.scalars(select(PlatformTask.id)).all())
            joined = session.scalars(
                select(Person).join(Membership, Membership.person_id == Person.id)
                .join(Staff, Staff.person_id == Person.id)
                .where(Person.left_on.is_(None), Membership.teacher_verified.is_(False)))
            for person in joined:
                add_teacher_check(session, person)
            return len(session.scalars(select(PlatformTask.id)).all()) - before


def _joined(session: Session, person: Person) -> Membership:
    membership = membership_of(session, person.id)
    if membership is None:
        raise UserError(f"{display_name(person)} ещё не отмечен(а) как присоединившийся: "
                        "сначала отметьте присоединение.")
    return membership


def _close_tasks(session: Session, person_id: int, kind: TaskKind, done: bool) -> None:
    if not done:
        return
    for task in open_tasks_of(session, person_id, kind):
        task.done_at = dt.datetime.now().replace(microsecond=0)


def _apply_done(session: Session, task: PlatformTask) -> None:
    if task.kind == TaskKind.CONFIRM_TEACHER.value and task.person_id is not None:
        membership = membership_of(session, task.person_id)
        if membership is not None:
            membership.teacher_verified = True
    elif task.kind == TaskKind.ANNUL_LINK.value:
        invitation = session.get(Invitation, task_refs(session, task.id).get("invitation_id")
                                 or -1)
        if invitation is not None and invitation.status != ANNULLED:
            invitation.status = ANNULLED
            invitation.annulled_on = dt.date.today()
            invitation.annul_reason = invitation.annul_reason or "Движение контингента"


def _status(session: Session, person: Person, settings: dict | None) -> PlatformStatus:
    roles = person_roles(session, person)
    membership = membership_of(session, person.id)
    done = set(membership.chats_done or []) if membership else set()
    chats = tuple(ChatState(c, c in done) for c in required_chats(settings, _chat_roles(
        session, roles)))
    return PlatformStatus(
        person_id=person.id, full_name=display_name(person), roles=roles,
        is_teacher=is_teaching(session, person.staff),
        joined_on=membership.joined_on if membership else None,
        source=membership.source if membership else "",
        teacher_verified=bool(membership and membership.teacher_verified),
        extra_admin=bool(membership and membership.extra_admin),
        chats=chats, left_on=person.left_on)

