"""Words about the platform side of a person: to-do kinds, required chats, coverage audiences."""

from __future__ import annotations

import enum

from sferum_desk.domain.enums import Audience
from sferum_desk.domain.kinds import OrgKind, kind_has_student_audience


class TaskKind(str, enum.Enum):
    """What the administrator must do by hand on the platform after a change."""

    REMOVE_ACCESS = "remove_access"
    MOVE_CHAT = "move_chat"
    ANNUL_LINK = "annul_link"
    ADD_TO_STAFF_ROOM = "add_to_staff_room"
    CONFIRM_TEACHER = "confirm_teacher"
    RENAME_UNIT = "rename_unit"

    @property
    def title(self) -> str:
        return TASK_TITLES[self]


TASK_TITLES = {
    TaskKind.REMOVE_ACCESS: "Удалить доступ",
    TaskKind.MOVE_CHAT: "Перевести в другой чат",
    TaskKind.ANNUL_LINK: "Аннулировать ссылку",
    TaskKind.ADD_TO_STAFF_ROOM: "Добавить в «Учительскую»",
    TaskKind.CONFIRM_TEACHER: "Подтвердить статус педагога",
    TaskKind.RENAME_UNIT: "Переименовать на платформе",
}

# The chats some regions require per role (product brief); an organisation may override
# them in Organization.settings["required_chats"].
REQUIRED_CHATS_KEY = "required_chats"
DEFAULT_REQUIRED_CHATS: dict[str, list[str]] = {
    "staff": ["Преподаватели"],
    "curator": ["Группы", "Родители"],
    "student": ["Группы"],
    "parent": ["Родители"],
}
CHAT_ROLE_TITLES = {"staff": "сотрудник", "curator": "руководитель подразделения",
                    "student": "обучающийся", "parent": "родитель"}

# Which audiences the coverage report counts (some organisations keep pupils off the platform).
COVERAGE_AUDIENCES_KEY = "coverage_audiences"
AUDIENCE_ORDER = (Audience.STAFF.value, Audience.STUDENTS.value, Audience.PARENTS.value)

# The last grade of each kind: its pupils leave at the new academic year.
FINAL_GRADE_KEY = "final_grade"

# Where the organisation's registration on the platform stands (services/registration.py).
REGISTRATION_STATUSES = {
    "prepared": "Заявка подготовлена",
    "sent": "Заявка отправлена",
    "answered": "Получен ответ поддержки",
    "registered": "Организация зарегистрирована",
}
DEFAULT_FINAL_GRADE = {OrgKind.SCHOOL: 11, OrgKind.COLLEGE: 4, OrgKind.ADDITIONAL: None,
                       OrgKind.KINDERGARTEN: None}

# Kindergarten age groups in order; the last one goes to school.
KINDERGARTEN_STAGES = ("первая младшая", "вторая младшая", "младшая", "средняя", "старшая",
                       "подготовительная")
_NEXT_STAGE = {"первая младшая": "вторая младшая", "вторая младшая": "средняя",
               "младшая": "средняя", "средняя": "старшая", "старшая": "подготовительная"}

TEACHING_ROLES = frozenset({"teacher", "curator", "subject_teacher", "specialist", "adviser"})


def default_audiences(kind: OrgKind | str) -> list[str]:
    if kind_has_student_audience(kind):
        return list(AUDIENCE_ORDER)
    return [Audience.STAFF.value, Audience.PARENTS.value]


def clean_audiences(values) -> list[str]:
    """Known audiences only, in the report's order."""
    chosen = set(values or ())
    return [a for a in AUDIENCE_ORDER if a in chosen]


def default_final_grade(kind: OrgKind | str) -> int | None:
    return DEFAULT_FINAL_GRADE[OrgKind(kind)]


def leading_number(name: str) -> tuple[int | None, str]:
    """«10Б» → (10, «Б»); «Ромашка» → (None, «Ромашка»)."""
    digits = ""
    for ch in name:
        if not ch.isdecimal():  # «²» is a digit int() refuses
            break
        digits += ch
    if not digits:
        return None, name
    return int(digits), name[len(digits):]


def next_stage_name(name: str) -> tuple[str | None, bool]:
    """A kindergarten group's name next year: («Средняя группа №2», False) → «Старшая…».

    Returns (new name or None when the name says nothing about age, leaves_now).
    """
    lower = name.lower()
    for stage in KINDERGARTEN_STAGES:  # longest-first matters: «первая младшая» before «младшая»
        position = lower.find(stage)
        if position < 0:
            continue
        if stage == "подготовительная":
            return None, True
        following = _NEXT_STAGE[stage]
        original = name[position:position + len(stage)]
        if original[:1].isupper():
            following = following[:1].upper() + following[1:]
        return name[:position] + following + name[position + len(stage):], False
    return None, False


# Other channels a school uses for those who declined the platform (suggestions only).
REFUSAL_CHANNELS = ("телефон", "бумажные объявления", "электронный журнал")
