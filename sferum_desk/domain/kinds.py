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


def vocabulary_for(kind: OrgKind | str, overrides: dict[str, str] | None = None) -> Vocabulary:
    """The kind's words with the organisation's own overrides on top (blank ones ignored)."""
    base = DEFAULT_VOCABULARY[OrgKind(kind)]
    clean = {k: v.strip() for k, v in (overrides or {}).items()
             if k in Vocabulary.field_names() and v and v.strip()}
    return replace(base, **clean)


def kind_has_student_audience(kind: OrgKind | str) -> bool:
    """A kindergarten group has no pupils' chat on the platform."""
    return OrgKind(kind) is not OrgKind.KINDERGARTEN
