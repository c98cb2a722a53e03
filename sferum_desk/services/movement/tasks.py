"""The to-do list «Сделать в Сферуме» that follows a change: what the administrator must now
do by hand on the platform. Only people marked as joined get per-person tasks: the platform
knows nobody else."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sferum_desk.db.models import Invitation, Person, Student, Unit
from sferum_desk.domain.declension import Case, decline_full_name
from sferum_desk.domain.platform import TaskKind
from sferum_desk.services.movement.common import _joined, _other_child_in
from sferum_desk.services.people import display_name
from sferum_desk.services.platform import ANNULLED, add_task, drop_task, open_tasks_of, task_refs


def task_name(person: Person) -> str:
    """The person as the object of a task's verb («Перевести Королёву Фёклу Семёновну»)."""
    return decline_full_name(display_name(person), Case.ACCUSATIVE)



# ---- platform tasks that follow a change -------------------------------------------------
def _move_task(session: Session, person: Person, student: Student, old: Unit, new: Unit,
               parent: bool) -> int:
    """Move one joined person between the chats of two units.

    An earlier open move of the same person for the same pupil is merged into this one
    (A→B then B→C becomes A→C; A→B then B→A needs nothing on the platform).
    """
    origin_id = old.id
    for task in open_tasks_of(session, person.id, TaskKind.MOVE_CHAT):
        refs = task_refs(session, task.id)
        if refs.get("student_id") == student.id:
            origin_id = refs.get("from_unit", origin_id)
            drop_task(session, task)
    if origin_id == new.id:
        return 0
    origin = session.get(Unit, origin_id) or old
    name = task_name(person)
    if not parent:
        text_ = f"Перевести {name} из чата «{origin.name}» в чат «{new.name}»"
    else:
        leave = not _other_child_in(session, person.guardian, origin.id, student.id)
        join = not _other_child_in(session, person.guardian, new.id, student.id)
        if leave and join:
            text_ = (f"Перевести родителя {name} из чата родителей «{origin.name}» "
                     f"в чат родителей «{new.name}»")
        elif join:
            text_ = f"Добавить родителя {name} в чат родителей «{new.name}»"
        elif leave:
            text_ = f"Удалить родителя {name} из чата родителей «{origin.name}»"
        else:
            return 0
    add_task(session, TaskKind.MOVE_CHAT, text_, person_id=person.id, unit_id=new.id,
             student_id=student.id, from_unit=origin.id, to_unit=new.id)
    return 1


def _drop_open(session: Session, person_id: int, *kinds: TaskKind) -> None:
    for kind in kinds:
        for task in open_tasks_of(session, person_id, kind):
            drop_task(session, task)


def _remove_access_task(session: Session, person: Person, text_: str,
                        unit_id: int | None = None) -> int:
    _drop_open(session, person.id, TaskKind.MOVE_CHAT, TaskKind.ADD_TO_STAFF_ROOM,
               TaskKind.CONFIRM_TEACHER)
    if not _joined(session, person.id):
        return 0
    add_task(session, TaskKind.REMOVE_ACCESS, text_, person_id=person.id, unit_id=unit_id)
    return 1


def _annul_tasks(session: Session, unit: Unit, why: str) -> int:
    """Each link of a unit that is gone must be annulled on the platform."""
    added = 0
    for invitation in session.scalars(select(Invitation).where(
            Invitation.unit_id == unit.id, Invitation.status != ANNULLED)):
        add_task(session, TaskKind.ANNUL_LINK,
                 f"Аннулировать ссылку «{unit.name}» ({_audience_title(invitation.audience)}): "
                 f"{why}", unit_id=unit.id, invitation_id=invitation.id)
        added += 1
    return added


def _audience_title(audience: str) -> str:
    from sferum_desk.domain.enums import Audience

    try:
        return Audience(audience).title.lower()
    except ValueError:
        return audience
