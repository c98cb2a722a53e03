"""Invitation links, QR slips and who has joined: the administrator's «Приглашения» work.

One module per area: `links` (domains, links, the list to annul), `paste` (many links at
once), `coverage` (the people of a unit and audience, coverage), `slips` and `family_slips`
(printing, batches, «выдана»), `joined` (join marks; services/joins.py keeps them, as pupil
moves do), `names` and `member_lists` (matching who joined), `rows` (the plain rows handed
out), `common` (shared helpers); the service is composed in `service`. The names callers
import from here are re-exported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sferum_desk.services.invitations.common import unit_label
from sferum_desk.services.invitations.rows import (
    ACTIVE,
    ANNULLED,
    DECLINED,
    EXPIRED,
    HANDED_OUT,
    JOINED,
    MATCH_ALREADY,
    MATCH_AMBIGUOUS,
    MATCH_NONE,
    MATCH_OK,
    MAYBE_SCORE,
    NO_SLIP,
    PRINTED,
    REASON_COMPLETE,
    REASON_EXPIRED,
    REASON_REPLACED,
    REPLACED,
    STALE,
    STATUS_TITLES,
    SURE_SCORE,
    TIE_MARGIN,
    AnnulCandidate,
    AudienceOption,
    AudiencePerson,
    BatchRow,
    CoverageRow,
    LinkCheck,
    LinkRow,
    NameCandidate,
    NameMatch,
    PasteLine,
    SlipRequest,
    SlipResult,
    SlipsCheck,
)
from sferum_desk.services.invitations.service import InvitationService
from sferum_desk.services.invitations.slips import slip_note
from sferum_desk.services.invitations.table_files import read_table

if TYPE_CHECKING:  # reportlab is loaded when a file is made, not at start-up
    from sferum_desk.printing.slips import SlipsCancelled

__all__ = [
    "ACTIVE", "ANNULLED", "DECLINED", "EXPIRED", "HANDED_OUT", "JOINED", "MATCH_ALREADY",
    "MATCH_AMBIGUOUS", "MATCH_NONE", "MATCH_OK", "MAYBE_SCORE", "NO_SLIP", "PRINTED",
    "REASON_COMPLETE", "REASON_EXPIRED", "REASON_REPLACED", "REPLACED", "STALE",
    "STATUS_TITLES", "SURE_SCORE", "TIE_MARGIN", "AnnulCandidate", "AudienceOption",
    "AudiencePerson", "BatchRow", "CoverageRow", "InvitationService", "LinkCheck", "LinkRow",
    "NameCandidate", "NameMatch", "PasteLine", "SlipRequest", "SlipResult", "SlipsCancelled",
    "SlipsCheck", "read_table", "slip_note", "unit_label",
]


def __getattr__(name: str):
    if name == "SlipsCancelled":  # the GUI catches it from here, as a service's refusal
        from sferum_desk.printing.slips import SlipsCancelled

        return SlipsCancelled
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
