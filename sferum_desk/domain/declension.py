"""Russian personal names in the case a sentence needs («Назначить … Ефимову Алёну
Викторовну»), by pytrovich (a port of the petrovich rules), never by hand-written endings.

The grammatical gender is taken only from the patronymic, which says it reliably (-вна/-чна,
-вич/-ич, «кызы»/«оглы»); a surname or a first name alone is never used to guess it. When the
gender is not certain the name stays in the nominative, and the caller phrases around it.
"""

from __future__ import annotations

import enum
from functools import lru_cache



class Case(str, enum.Enum):
    NOMINATIVE = "nominative"
    GENITIVE = "genitive"  # кого: «у Ефимовой Алёны Викторовны»
    DATIVE = "dative"  # кому: «Ефимовой Алёне Викторовне»
    ACCUSATIVE = "accusative"  # кого: «назначить Ефимову Алёну Викторовну»
    INSTRUMENTAL = "instrumental"  # кем: «Ефимовой Алёной Викторовной»
    PREPOSITIONAL = "prepositional"  # о ком: «о Ефимовой Алёне Викторовне»


_MALE_PARTICLES = {"оглы", "улы", "уулу"}
_FEMALE_PARTICLES = {"кызы", "гызы"}


def gender_of(patronymic: str) -> str:
    """«female», «male» or «» (unknown) from the patronymic alone."""
    words = patronymic.lower().replace("ё", "е").split()
    if not words:
        return ""
    last = words[-1]
    if last in _FEMALE_PARTICLES:
        return "female"
    if last in _MALE_PARTICLES:
        return "male"
    if len(words) == 1 and last.endswith(("вна", "чна", "шна")):
        return "female"
    if len(words) == 1 and last.endswith(("вич", "ьич", "ич")):
        return "male"
    return ""


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """«Фамилия Имя Отчество» (the patronymic may be two words: «Рашид оглы»)."""
    words = full_name.split()
    if len(words) < 3:
        return (words + ["", ""])[0], (words + ["", ""])[1], ""
    return words[0], words[1], " ".join(words[2:])


@lru_cache(maxsize=1)
def _maker():
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker()


@lru_cache(maxsize=4096)
def decline_full_name(full_name: str, case: Case | str) -> str:
    """The ФИО in `case`, or unchanged (nominative) when the gender is not certain."""
    case = Case(case)
    last, first, patronymic = split_full_name(full_name)
    gender = gender_of(patronymic)
    if case is Case.NOMINATIVE or not gender or not first:
        return full_name
    from pytrovich.enums import Case as PCase
    from pytrovich.enums import Gender, NamePart

    sex = Gender.FEMALE if gender == "female" else Gender.MALE
    target = getattr(PCase, case.name)
    maker = _maker()
    try:
        parts = [maker.make(NamePart.LASTNAME, sex, target, last),
                 maker.make(NamePart.FIRSTNAME, sex, target, first)]
        words = patronymic.split()
        if len(words) == 1:
            parts.append(maker.make(NamePart.MIDDLENAME, sex, target, patronymic))
        else:  # «Рашид оглы»: the father's name and the particle stay as they are
            parts.append(patronymic)
    except Exception:  # noqa: BLE001 - an unknown form: keep the nominative, lose nothing
        return full_name
    if not all(parts):
        return full_name
    return " ".join(parts)


def is_declinable(full_name: str) -> bool:
    """True when decline_full_name would change the case (the gender is certain)."""
    last, first, patronymic = split_full_name(full_name)
    return bool(first and gender_of(patronymic))


def past_tense_ending(full_name: str) -> str:
    """«ознакомлен(а)» → «ознакомлена» or «ознакомлен»: the ending when the gender is
    certain, else «(а)»."""
    gender = gender_of(split_full_name(full_name)[2])
    return {"female": "а", "male": ""}.get(gender, "(а)")
