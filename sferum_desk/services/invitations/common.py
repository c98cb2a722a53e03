"""What every invitations use case shares: the organisation's words, a unit by id, the
units in order, a unit's label on paper and the audience check."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from sferum_desk.db.models import Invitation, Organization, Unit
from sferum_desk.domain.enums import Audience, UnitKind
from sferum_desk.domain.errors import NotFound, UserError
from sferum_desk.domain.kinds import OrgKind, Vocabulary, vocabulary_for
from sferum_desk.domain.links import SETTINGS_KEY, audience_title, audiences_for_unit
from sferum_desk.domain.units import unit_sort_key
from sferum_desk.services.invitations.rows import ACTIVE, ANNULLED, EXPIRED, REPLACED
from sferum_desk.services.organization import get_org


def _org_vocab(session: Session) -> tuple[Organization, Vocabulary]:
    org = get_org(session)
    return org, vocabulary_for(org.kind, org.vocabulary_overrides)


def _extra_domains(org: Organization) -> list[str]:
    return list((org.settings or {}).get(SETTINGS_KEY, []))


def _unit(session: Session, unit_id: int | None) -> Unit:
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None:
        raise NotFound("Такого подразделения больше нет: обновите список.")
    return unit


def _units_sorted(session: Session) -> list[Unit]:
    return sorted(session.scalars(select(Unit)),
                  key=lambda u: (u.kind != UnitKind.STAFF_ROOM.value, unit_sort_key(u.name)))


def unit_label(unit: Unit, vocab: Vocabulary) -> str:
    """«Класс 5А», «Группа «Ромашка»», «Учительская»."""
    if unit.kind == UnitKind.STAFF_ROOM.value:
        return unit.name
    name = unit.name if any(ch.isdigit() for ch in unit.name) else f"«{unit.name}»"
    return f"{vocab.unit} {name}"


def _valid_audience(org: Organization, unit: Unit, audience: str | Audience | None,
                    vocab: Vocabulary) -> Audience:
    allowed = audiences_for_unit(org.kind, unit.kind)
    try:
        wanted = Audience(audience)
    except ValueError:
        raise UserError("Выберите, для кого ссылка: родители, сотрудники или обучающиеся.",
                        field="audience") from None
    if wanted in allowed:
        return wanted
    if unit.kind == UnitKind.STAFF_ROOM.value:
        message = "В учительскую приглашают только сотрудников: выберите «Сотрудники»."
    elif wanted is Audience.STUDENTS and org.kind == OrgKind.KINDERGARTEN.value:
        message = (f"У группы детского сада нет чата воспитанников: выберите "
                   f"«{Audience.PARENTS.title}».")
    else:
        choices = ", ".join(f"«{audience_title(a, vocab)}»" for a in allowed)
        message = f"Для «{unit.name}» можно выбрать только {choices}."
    raise UserError(message, field="audience")


def _status(invitation: Invitation, today: dt.date) -> str:
    if invitation.status in (ANNULLED, REPLACED):
        return invitation.status
    if invitation.valid_until is not None and invitation.valid_until < today:
        return EXPIRED
    return ACTIVE
