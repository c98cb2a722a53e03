"""Plain data the services hand out and take in: never ORM objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class OrganizationData:
    kind: str
    full_name: str
    short_name: str = ""
    address: str = ""
    head_name: str = ""
    admin_name: str = ""
    admin_phone: str = ""
    admin_email: str = ""
    admin_order_number: str = ""
    admin_order_date: dt.date | None = None
    vocabulary_overrides: dict[str, str] = field(default_factory=dict)
    version: int | None = None  # as loaded: saving over a newer one is an EditConflict
    phone: str = ""  # the organisation's own phone and e-mail, for the letterhead
    email: str = ""
    inn: str = ""  # ИНН, 10 digits; ОГРН, 13: printed in the letterhead when filled
    ogrn: str = ""
    place: str = ""  # place of issue of orders, «г. Арсеньев»


@dataclass(frozen=True)
class UnitRow:
    id: int
    name: str
    kind: str  # "regular" | "staff_room"
    curator_id: int | None
    curator: str
    students: int
    academic_year: str
    teacher_ids: tuple[int, ...] = ()
    version: int = 0  # pass back as expected_version when saving an edit


@dataclass(frozen=True)
class StaffRow:
    id: int  # person id
    full_name: str
    position: str
    platform_roles: tuple[str, ...]
    phone: str
    email: str
    version: int = 0  # pass back as expected_version when saving an edit


@dataclass
class StaffInput:
    full_name: str
    position: str = ""
    platform_roles: list[str] = field(default_factory=list)
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class GuardianBrief:
    id: int  # person id
    full_name: str
    relation: str
    phone: str
    email: str = ""


@dataclass(frozen=True)
class StudentRow:
    id: int  # person id
    full_name: str
    birth_date: dt.date | None
    unit_id: int | None
    unit: str
    guardians: tuple[GuardianBrief, ...]
    version: int = 0  # pass back as expected_version when saving an edit


@dataclass
class GuardianInput:
    full_name: str
    relation: str = "other"
    phone: str = ""
    email: str = ""
    id: int | None = None  # an existing guardian's person id: link, don't create


@dataclass
class StudentInput:
    full_name: str
    birth_date: object = None  # a date or text the user typed
    unit_id: int | None = None
    guardians: list[GuardianInput] = field(default_factory=list)


@dataclass(frozen=True)
class ChildBrief:
    id: int
    full_name: str
    unit: str
    relation: str


@dataclass(frozen=True)
class GuardianRow:
    id: int  # person id
    full_name: str
    phone: str
    email: str
    children: tuple[ChildBrief, ...]
    version: int = 0  # pass back as expected_version when saving an edit


@dataclass(frozen=True)
class Stats:
    units: int
    staff: int
    students: int
    guardians: int
