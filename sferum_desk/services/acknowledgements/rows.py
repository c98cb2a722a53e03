"""The plain data of local acts: what a dialog fills in, the register's rows, a person's
row on an act, the sheet's options, what a person still has to sign."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sferum_desk.domain.enums import Audience

DOC_TYPES = ("Положение", "Порядок", "Приказ", "Инструкция", "Правила", "Регламент",
             "Распоряжение")
BODY_VERBS = ("Принято", "Согласовано", "Утверждено", "Рассмотрено")
MAX_BODIES = 2
UNDO_ACTION = "marked"


# ---- plain data in and out -----------------------------------------------------------
@dataclass
class BodyInput:
    """A body that adopted or agreed the act (педагогический совет…), with its protocol."""
    name: str
    verb: str = "Принято"
    protocol_number: str = ""
    protocol_date: object = None  # a date or text the user typed


@dataclass
class AudienceInput:
    kind: str = Audience.STAFF.value  # staff | parents | students
    everyone: bool = True  # all staff / every unit
    unit_ids: list[int] = field(default_factory=list)  # parents or pupils of these units
    person_ids: list[int] = field(default_factory=list)  # chosen staff


@dataclass
class ActInput:
    doc_type: str
    title: str
    number: str = ""
    issued_on: object = None
    place: str = ""
    bodies: list[BodyInput] = field(default_factory=list)
    order_number: str = ""
    order_date: object = None
    approver_post: str = ""
    approver_name: str = ""
    replaces: str = ""  # what this act replaces, as text
    audience: AudienceInput = field(default_factory=AudienceInput)
    attachment_path: str = ""
    deadline: object = None


@dataclass(frozen=True)
class ActRow:
    id: int
    doc_type: str
    title: str
    number: str
    issued_on: dt.date | None
    audience_kind: str
    audience_text: str
    total: int
    signed: int
    pending: int
    deadline: dt.date | None
    overdue: bool
    replaces_id: int | None
    superseded_by: int | None
    attachment_path: str

    @property
    def caption(self) -> str:
        from sferum_desk.printing.familiarisation import act_caption

        return act_caption(self.doc_type, self.title)

    @property
    def is_current(self) -> bool:
        return self.superseded_by is None

    @property
    def reference(self) -> str:
        """«Положение об … № 236-а от 17.10.2024»."""
        if self.number or self.issued_on:
            from sferum_desk.printing.official import number_and_date

            return f"{self.caption} {number_and_date(self.number, self.issued_on)}"
        return self.caption


@dataclass(frozen=True)
class AckRow:
    person_id: int
    full_name: str
    extra: str  # position (staff) or unit (parents, pupils)
    signed_on: dt.date | None
    left: bool  # the person has left the organisation

    @property
    def id(self) -> int:  # lists in the GUI key rows by `id`
        return self.person_id


@dataclass(frozen=True)
class SheetOptions:
    pending_only: bool = False
    extra_column: bool = False  # Должность (staff) or the unit (parents, pupils)
    date_mode: str = "empty"  # empty | signed (dates already marked) | fixed (one date)
    fixed_date: dt.date | None = None


@dataclass(frozen=True)
class PersonPending:
    person_id: int
    full_name: str
    acts: tuple[ActRow, ...]

    @property
    def id(self) -> int:
        return self.person_id

    @property
    def sentence(self) -> str:
        """«не ознакомлен(а) с: Положение …, Приказ …»."""
        return "не ознакомлен(а) с: " + "; ".join(a.reference for a in self.acts)
