"""What the invitations service hands out: plain rows and the words of their states."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sferum_desk.domain.dates import format_date

ACTIVE, EXPIRED, ANNULLED, REPLACED = "active", "expired", "annulled", "replaced"
STATUS_TITLES = {ACTIVE: "действует", EXPIRED: "срок истёк", ANNULLED: "аннулирована",
                 REPLACED: "заменена", "none": "нет ссылки"}
REASON_COMPLETE = "все вступили"
REASON_EXPIRED = "срок действия истёк"
REASON_REPLACED = "заменена новой ссылкой"

# People's slip status in one unit and audience, as the list shows it.
NO_SLIP, PRINTED, HANDED_OUT, JOINED = "нет карточки", "напечатана", "выдана, не вступил", \
    "вступил"
STALE = "карточка устарела: ссылка заменена"  # printed from a link that no longer works
DECLINED = "отказался"  # services/refusals: reached by another channel

MATCH_OK, MATCH_AMBIGUOUS, MATCH_NONE, MATCH_ALREADY = "matched", "ambiguous", "unmatched", \
    "already"
SURE_SCORE, MAYBE_SCORE, TIE_MARGIN = 90.0, 75.0, 4.0


# ---- plain data out ----------------------------------------------------------------
@dataclass(frozen=True)
class LinkRow:
    id: int
    unit_id: int
    unit_name: str
    audience: str
    audience_title: str
    url: str
    status: str  # active | expired | annulled
    valid_until: dt.date | None
    created_at: dt.datetime
    annulled_on: dt.date | None
    annul_reason: str
    slips: int
    replaced_on: dt.date | None = None

    @property
    def status_title(self) -> str:
        if self.status == REPLACED and self.replaced_on:
            return f"{STATUS_TITLES[REPLACED]} {format_date(self.replaced_on)}"
        return STATUS_TITLES[self.status]


@dataclass(frozen=True)
class LinkCheck:
    url: str
    host: str
    known_domain: bool


@dataclass(frozen=True)
class AnnulCandidate:
    link: LinkRow
    reasons: tuple[str, ...]

    @property
    def id(self) -> int:
        return self.link.id

    @property
    def reason_text(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class PasteLine:
    """One pasted line (or table row) matched to a unit and an audience."""

    line_no: int
    source: str
    unit_id: int | None
    unit_name: str
    audience: str | None
    audience_title: str
    url: str
    known_domain: bool
    problem: str  # "" when the line can be saved

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def id(self) -> int:
        return self.line_no


@dataclass(frozen=True)
class AudienceOption:
    unit_id: int
    unit_name: str
    audience: str
    title: str  # «5А — Родители»


@dataclass(frozen=True)
class AudiencePerson:
    person_id: int
    full_name: str
    detail: str  # the children's names for a parent, the position for staff
    slips: int
    last_slip_id: int | None
    handed_out_on: dt.date | None
    joined_on: dt.date | None
    stale: bool = False  # the latest slip carries a replaced or annulled link
    declined_on: dt.date | None = None

    @property
    def id(self) -> int:
        return self.person_id

    @property
    def status(self) -> str:
        if self.joined_on:
            return JOINED
        if self.declined_on:
            return DECLINED
        if self.stale:
            return STALE
        if self.handed_out_on:
            return HANDED_OUT
        return PRINTED if self.slips else NO_SLIP


@dataclass(frozen=True)
class CoverageRow:
    unit_id: int
    unit_name: str
    audience: str
    audience_title: str
    link_status: str  # active | expired | annulled | none
    size: int
    printed: int  # slips printed (named and blank)
    handed_out: int  # slips ticked «выдана»
    joined: int

    @property
    def id(self) -> str:
        return f"{self.unit_id}:{self.audience}"

    @property
    def link_status_title(self) -> str:
        return STATUS_TITLES[self.link_status]

    @property
    def percent(self) -> float:
        return round(100.0 * self.joined / self.size, 1) if self.size else 0.0

    @property
    def complete(self) -> bool:
        return self.size > 0 and self.joined >= self.size


@dataclass
class SlipRequest:
    unit_ids: list[int]
    audience: str
    named: bool = True
    blank_per_unit: int = 0
    per_page: int = 8
    poster: bool = False
    start_position: int = 1
    person_ids: list[int] | None = None  # only these people (a ticked subset)
    include_declined: bool = False  # named slips for those who declined too (asked for)
    family: bool = False  # one sheet per parent with every child's unit (family_slips.py)


@dataclass(frozen=True)
class SlipResult:
    path: Path
    slips: int
    pages: int
    batch: str
    skipped_joined: int
    skipped_declined: int = 0
    units_without_link: tuple[str, ...] = ()  # family slips: children's units left off


@dataclass(frozen=True)
class SlipsCheck:
    """What the print gate would refuse about the links, asked before a file is chosen."""

    units: tuple[str, ...] = ()  # units without an active link
    problems: tuple[str, ...] = ()  # the gate's own sentence for each
    audience_title: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def message(self) -> str:
        """One sentence for the user ("" when every link is printable)."""
        if len(self.problems) <= 1:
            return "".join(self.problems)
        names = ", ".join(f"«{name}»" for name in self.units if name)
        whom = f" ({self.audience_title})" if self.audience_title else ""
        return (f"Для {names} нет действующей ссылки-приглашения{whom}: "
                "добавьте новые ссылки из платформы, аннулированные и просроченные не "
                "печатаются.")


@dataclass(frozen=True)
class BatchRow:
    batch: str
    printed_at: dt.datetime
    units: str
    audience_title: str
    slips: int
    handed_out: int

    @property
    def id(self) -> str:
        return self.batch


@dataclass(frozen=True)
class NameCandidate:
    person_id: int
    full_name: str
    detail: str
    audience: str
    score: float


@dataclass(frozen=True)
class NameMatch:
    line_no: int
    source: str
    name: str
    status: str  # matched | ambiguous | unmatched | already
    candidates: tuple[NameCandidate, ...] = field(default=())

    @property
    def person_id(self) -> int | None:
        """The confident choice; ambiguous lines wait for the user."""
        if self.status in (MATCH_OK, MATCH_ALREADY) and self.candidates:
            return self.candidates[0].person_id
        return None
