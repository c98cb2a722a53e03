"""Who joined: marking people joined (or not) in a unit's chat, one step per mark."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from sferum_desk.db.models import Person
from sferum_desk.domain.errors import NotFound
from sferum_desk.services.base import Service, record
from sferum_desk.services.invitations.common import _unit
from sferum_desk.services.joins import Place, joins_of, places_of, set_joins


class JoinedMixin(Service):
    """Of InvitationService (service.py): `audience_people` is CoverageMixin's."""

    # ---- joined ----------------------------------------------------------------
    def set_joined(self, person_ids: Iterable[int], joined: bool = True,
                   on: dt.date | None = None, source: str = "manual",
                   unit_id: int | None = None, audience: str | None = None) -> int:
        """Mark people as joined the platform on a date (or clear the mark), in one step.

        With a unit (and maybe an audience) only that unit's chat counts: a parent of two
        groups who joined through one is joined there only. Without a unit every unit the
        person belongs to is marked (or, when clearing, every join is cleared)."""
        on = on or dt.date.today()
        ids = list(dict.fromkeys(person_ids))
        self.backup_before_bulk(len(ids), "before-mark-joined")
        with self.db.unit_of_work() as session:
            known = set(session.scalars(select(Person.id).where(Person.id.in_(ids))))
            if len(known) != len(ids):
                raise NotFound("Кого-то из отмеченных уже нет в базе: обновите список.")
            wanted = _join_places(session, ids, joined, unit_id, audience)
            changed = set_joins(session, wanted, joined, on, source)
            record(session, "membership", None, "joined" if joined else "not_joined",
                   count=changed, source=source, unit_id=unit_id, audience=audience)
            return changed

    def mark_all_joined(self, unit_id: int, audience: str, on: dt.date | None = None) -> int:
        """«Все в группе»: everyone of this unit's audience joined on the date (a recorded
        refusal stands: those people are left as they are)."""
        people = self.audience_people(unit_id, audience)
        return self.set_joined([p.person_id for p in people
                                if not p.joined_on and not p.declined_on], True, on,
                               unit_id=unit_id, audience=audience)


# ---- joins: helpers ------------------------------------------------------------------
def _join_places(session: Session, ids: list[int], joined: bool, unit_id: int | None,
                 audience: str | None) -> dict[int, list[Place]]:
    """The unit chats each person's mark is about (see services/joins.py)."""
    places = places_of(session, ids)
    if unit_id is not None:
        _unit(session, unit_id)
        scoped = {pid: [p for p in places[pid] if p[0] == unit_id
                        and (audience is None or p[1] == audience)] for pid in ids}
        return {pid: found for pid, found in scoped.items() if found}  # nobody else's chat
    if not joined:  # clearing without a unit: every join the person has, wherever it is
        existing = joins_of(session, ids)
        return {pid: list(dict.fromkeys([*places[pid], *existing[pid]])) for pid in ids}
    return places
