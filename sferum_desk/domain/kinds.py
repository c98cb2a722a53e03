"""Organisation kinds and every word of the UI that depends on the kind.

This is the one place those words live: widgets, printouts and the CLI ask
`vocabulary_for(kind, overrides)` and never spell «класс» or «группа» themselves.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields, replace


class OrgKind(str, enum.Enum):
    SCHOOL = "school"
    KINDERGARTEN = "kindergarten"
    COLLEGE = "college"
    ADDITIONAL = "additional"

    @property
    def title(self) -> str:
        return KIND_TITLES[self]


KIND_TITLES = {
    OrgKind.SCHOOL: "Школа",
    OrgKind.KINDERGARTEN: "Детский сад",
    OrgKind.COLLEGE: "Колледж / техникум",
    OrgKind.ADDITIONAL: "Центр дополнительного образования",
}


@dataclass(frozen=True)
class Vocabulary:
    """Words for one organisation. Plural forms are what tabs and headers use."""

    unit: str  # Класс
    units: str  # Классы
    student: str  # Ученик
    students: str  # Ученики
    curator: str  # Классный руководитель
    teacher_role: str  # Учитель
    head_title: str  # Директор

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


VOCABULARY_FIELD_TITLES = {
    "unit": "Подразделение (ед. ч.)",
    "units": "Подразделения (мн. ч.)",
    "student": "Обучающийся (ед. ч.)",
    "students": "Обучающиеся (мн. ч.)",
    "curator": "Руководитель подразделения",
    "teacher_role": "Роль педагога на платформе",
    "head_title": "Должность руководителя",
}

DEFAULT_VOCABULARY = {
    OrgKind.SCHOOL: Vocabulary(
        "Класс", "Классы", "Ученик", "Ученики", "Классный руководитель", "Учитель", "Директор"
    ),
    OrgKind.KINDERGARTEN: Vocabulary(
        "Группа", "Группы", "Воспитанник", "Воспитанники", "Воспитатель",
        "Педагогический работник", "Заведующий",
    ),
    OrgKind.COLLEGE: Vocabulary(
        "Группа", "Группы", "Студент", "Студенты", "Куратор группы", "Преподаватель", "Директор"
    ),
    OrgKind.ADDITIONAL: Vocabulary(
        "Учебная группа", "Учебные группы", "Обучающийся", "Обучающиеся", "Педагог", "Педагог",
        "Директор",
    ),
}

STAFF_ROOM_NAME = "Учительская"


# ---- words with their grammar: a sentence never glues an ending onto a word -----------------
CASES = ("nominative", "genitive", "dative", "accusative", "instrumental", "prepositional")


@dataclass(frozen=True)
class Noun:
    """A word of the vocabulary with its gender («m», «f», «n») and its six singular cases."""

    gender: str
    forms: tuple[str, str, str, str, str, str]  # in the order of CASES, lower case

    def case(self, case: str) -> str:
        return self.forms[CASES.index(case)]


NOUNS: dict[str, Noun] = {
    "класс": Noun("m", ("класс", "класса", "классу", "класс", "классом", "классе")),
    "группа": Noun("f", ("группа", "группы", "группе", "группу", "группой", "группе")),
    "учебная группа": Noun("f", ("учебная группа", "учебной группы", "учебной группе",
                                 "учебную группу", "учебной группой", "учебной группе")),
    "объединение": Noun("n", ("объединение", "объединения", "объединению", "объединение",
                              "объединением", "объединении")),
    "отряд": Noun("m", ("отряд", "отряда", "отряду", "отряд", "отрядом", "отряде")),
    "подразделение": Noun("n", ("подразделение", "подразделения", "подразделению",
                                "подразделение", "подразделением", "подразделении")),
}
_EACH_GENITIVE = {"m": "каждого", "n": "каждого", "f": "каждой"}
_IT_DATIVE = {"m": "нему", "n": "нему", "f": "ней"}


def noun(word: str) -> Noun | None:
    """The word's grammar when we know it (an organisation's own word may be new to us)."""
    return NOUNS.get(" ".join(word.lower().replace("ё", "е").split()))


def unit_phrases(vocabulary: Vocabulary) -> dict[str, str]:
    """Ready phrases about the unit word for sentences such as «у каждого класса свой лист,
    названный по нему»; an unknown word is named in quotes after «подразделения»."""
    known = noun(vocabulary.unit)
    if known is None:
        each = f"каждого подразделения («{vocabulary.unit}»)"
        return {"unit": vocabulary.unit, "each_unit_genitive": each, "by_it": "нему"}
    return {"unit": vocabulary.unit,
            "each_unit_genitive": f"{_EACH_GENITIVE[known.gender]} {known.case('genitive')}",
            "by_it": _IT_DATIVE[known.gender]}


def vocabulary_for(kind: OrgKind | str, overrides: dict[str, str] | None = None) -> Vocabulary:
    """The kind's words with the organisation's own overrides on top (blank ones ignored)."""
    base = DEFAULT_VOCABULARY[OrgKind(kind)]
    clean = {k: v.strip() for k, v in (overrides or {}).items()
             if k in Vocabulary.field_names() and v and v.strip()}
    return replace(base, **clean)


def kind_has_student_audience(kind: OrgKind | str) -> bool:
    """A kindergarten group has no pupils' chat on the platform."""
    return OrgKind(kind) is not OrgKind.KINDERGARTEN
