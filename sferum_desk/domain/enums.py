"""Small closed sets of values stored in the database, with their Russian titles."""

from __future__ import annotations

import enum


class _Titled(str, enum.Enum):
    @property
    def title(self) -> str:
        return _TITLES[self]

    @classmethod
    def from_title(cls, title: str):
        for member in cls:
            if member.title == title:
                return member
        raise ValueError(title)


class UnitKind(_Titled):
    REGULAR = "regular"  # a class or a group
    STAFF_ROOM = "staff_room"


class Audience(_Titled):
    PARENTS = "parents"
    STAFF = "staff"
    STUDENTS = "students"


class Relation(_Titled):
    MOTHER = "mother"
    FATHER = "father"
    GUARDIAN = "guardian"
    OTHER = "other"


class PlatformRole(_Titled):
    ADMINISTRATOR = "administrator"
    ADMINISTRATION = "administration"
    TEACHER = "teacher"
    CURATOR = "curator"
    SUBJECT_TEACHER = "subject_teacher"
    SPECIALIST = "specialist"
    ADVISER = "adviser"


_TITLES = {
    UnitKind.REGULAR: "Подразделение",
    UnitKind.STAFF_ROOM: "Учительская",
    Audience.PARENTS: "Родители",
    Audience.STAFF: "Сотрудники",
    Audience.STUDENTS: "Обучающиеся",
    Relation.MOTHER: "Мать",
    Relation.FATHER: "Отец",
    Relation.GUARDIAN: "Опекун",
    Relation.OTHER: "Законный представитель",
    PlatformRole.ADMINISTRATOR: "Администратор",
    PlatformRole.ADMINISTRATION: "Администрация",
    PlatformRole.TEACHER: "Педагог",
    PlatformRole.CURATOR: "Руководитель группы/класса",
    PlatformRole.SUBJECT_TEACHER: "Учитель-предметник",
    PlatformRole.SPECIALIST: "Специалист",
    PlatformRole.ADVISER: "Советник по воспитанию",
}
