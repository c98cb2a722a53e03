"""Titles the screens show for stored codes, with the organisation's own words applied."""

from __future__ import annotations

from sferum_desk.domain.enums import PlatformRole, Relation
from sferum_desk.domain.kinds import Vocabulary

RELATION_SHORT = {
    Relation.MOTHER.value: "мать",
    Relation.FATHER.value: "отец",
    Relation.GUARDIAN.value: "опекун",
    Relation.OTHER.value: "законный представитель",
}


def role_title(role: str, vocabulary: Vocabulary) -> str:
    """The teacher and curator roles are named by the kind («Учитель», «Воспитатель»)."""
    if role == PlatformRole.TEACHER.value:
        return vocabulary.teacher_role
    if role == PlatformRole.CURATOR.value:
        return vocabulary.curator
    try:
        return PlatformRole(role).title
    except ValueError:
        return role


def roles_text(roles, vocabulary: Vocabulary) -> str:
    return ", ".join(role_title(r, vocabulary) for r in roles)


def relation_title(relation: str) -> str:
    try:
        return Relation(relation).title
    except ValueError:
        return relation


def relation_short(relation: str) -> str:
    return RELATION_SHORT.get(relation, relation)
