"""`InvitationService`: the administrator's «Приглашения» work, one use case a method.

The use cases live by area in this package (links, paste, coverage, slips, joined, names);
the service is their sum, so each method keeps the name and signature callers know. Only the
words (a unit by name, the audiences a unit allows) are here.
"""

from __future__ import annotations

from collections.abc import Iterable

from sferum_desk.domain.enums import Audience
from sferum_desk.domain.errors import NotFound
from sferum_desk.domain.links import audience_title, audiences_for_unit
from sferum_desk.domain.names import clean_text
from sferum_desk.services.base import Service
from sferum_desk.services.invitations.common import _org_vocab, _units_sorted
from sferum_desk.services.invitations.coverage import CoverageMixin
from sferum_desk.services.invitations.joined import JoinedMixin
from sferum_desk.services.invitations.links import LinksMixin
from sferum_desk.services.invitations.names import NamesMixin
from sferum_desk.services.invitations.paste import PasteMixin
from sferum_desk.services.invitations.rows import AudienceOption
from sferum_desk.services.invitations.slips import SlipsMixin
from sferum_desk.services.structure import find_unit


class InvitationService(LinksMixin, PasteMixin, CoverageMixin, SlipsMixin, JoinedMixin,
                        NamesMixin, Service):
    # ---- words -----------------------------------------------------------------
    def unit_id(self, name: str) -> int:
        """A unit by the name people type («5 а» finds «5А»)."""
        with self.db.unit_of_work() as session:
            unit = find_unit(session, clean_text(name)) if clean_text(name) else None
            if unit is None:
                raise NotFound(f"Подразделения «{clean_text(name)}» нет: проверьте название "
                               "(список: sferum-desk list units).", field="unit")
            return unit.id

    def audience_options(self, unit_ids: Iterable[int] | None = None) -> list[AudienceOption]:
        """Every (unit, audience) pair the organisation's kind allows, in unit order."""
        with self.db.unit_of_work() as session:
            org, vocab = _org_vocab(session)
            units = _units_sorted(session)
            wanted = set(unit_ids) if unit_ids is not None else None
            return [AudienceOption(u.id, u.name, a.value,
                                   f"{u.name} — {audience_title(a, vocab)}")
                    for u in units if wanted is None or u.id in wanted
                    for a in audiences_for_unit(org.kind, u.kind)]

    def audience_titles(self) -> dict[str, str]:
        with self.db.unit_of_work() as session:
            _, vocab = _org_vocab(session)
            return {a.value: audience_title(a, vocab) for a in Audience}
