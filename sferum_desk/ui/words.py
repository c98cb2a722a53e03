"""Titles the screens show for stored codes, with the organisation's own words applied."""

from __future__ import annotations

from functools import lru_cache

from sferum_desk.domain.enums import PlatformRole, Relation
from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.domain.names import FullName
from sferum_desk.domain.phones import display_phone

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


@lru_cache(maxsize=100_000)
def phone_text(e164: str) -> str:
    """+79161234567 → «+7 916 123-45-67». Russian mobiles (nearly every phone in a roster) are
    grouped directly: phonenumbers takes ~50 µs a number, too slow for 20,000 parents' phones
    in a table; anything else goes through it."""
    if len(e164) == 12 and e164.startswith("+79") and e164[1:].isdigit():
        return f"+7 {e164[2:5]} {e164[5:8]}-{e164[8:10]}-{e164[10:]}"
    return display_phone(e164)


def short_name(full_name: str) -> str:
    """«Иванова Анна Петровна» → «Иванова А. П.» for a name the services already cleaned."""
    words = full_name.split()
    if len(words) < 2:
        return full_name
    return FullName(words[0], words[1], " ".join(words[2:])).short
