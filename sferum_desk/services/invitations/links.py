"""Invitation links: the platform's domains, adding, listing and annulling links, and the
list of links to annul.

A link belongs to one unit and one audience. It is active, expired (its «действует до» has
passed) or annulled; only an active link is ever printed — `_printable_link` is the one gate
every print path goes through.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sferum_desk.db.models import Invitation, Slip, Unit
from sferum_desk.domain.dates import format_date, parse_date
from sferum_desk.domain.enums import Audience, UnitKind
from sferum_desk.domain.errors import NotFound, UserError
from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.domain.links import (
    DEFAULT_DOMAINS,
    SETTINGS_KEY,
    audience_title,
    check_link,
    normalise_domain,
)
from sferum_desk.domain.names import clean_text
from sferum_desk.domain.units import unit_sort_key
from sferum_desk.services.base import Service, record
from sferum_desk.services.invitations.common import (
    _extra_domains,
    _org_vocab,
    _status,
    _unit,
    _valid_audience,
)
from sferum_desk.services.invitations.coverage import _coverage
from sferum_desk.services.invitations.rows import (
    ACTIVE,
    ANNULLED,
    EXPIRED,
    REASON_COMPLETE,
    REASON_EXPIRED,
    REASON_REPLACED,
    REPLACED,
    AnnulCandidate,
    CoverageRow,
    LinkCheck,
    LinkRow,
)
from sferum_desk.services.organization import get_org
from sferum_desk.services.output_files import require_suffix, write_atomically


class LinksMixin(Service):
    # ---- domains ---------------------------------------------------------------
    def extra_domains(self) -> list[str]:
        with self.db.unit_of_work() as session:
            return list((get_org(session).settings or {}).get(SETTINGS_KEY, []))

    def known_domains(self) -> list[str]:
        return [*DEFAULT_DOMAINS, *self.extra_domains()]

    def set_extra_domains(self, domains: Iterable[str]) -> list[str]:
        clean = list(dict.fromkeys(normalise_domain(d) for d in domains if clean_text(d)))
        clean = [d for d in clean if d not in DEFAULT_DOMAINS]
        with self.db.unit_of_work() as session:
            org = get_org(session)
            settings = dict(org.settings or {})
            settings[SETTINGS_KEY] = clean
            org.settings = settings
            record(session, "organization", org.id, "link_domains")
        return clean

    def check_url(self, url: str) -> LinkCheck:
        checked = check_link(url, self.extra_domains())
        return LinkCheck(checked.url, checked.host, checked.known_domain)

    # ---- links -----------------------------------------------------------------
    def list_links(self, today: dt.date | None = None) -> list[LinkRow]:
        today = today or dt.date.today()
        with self.db.unit_of_work() as session:
            return _link_rows(session, today)

    def add_link(self, unit_id: int, audience: str, url: str, valid_until: object = None,
                 allow_unknown_domain: bool = False, today: dt.date | None = None) -> LinkRow:
        today = today or dt.date.today()
        until = _valid_until(valid_until, today)
        with self.db.unit_of_work() as session:
            org, vocab = _org_vocab(session)
            unit = _unit(session, unit_id)
            audience = _valid_audience(org, unit, audience, vocab)
            checked = check_link(url, _extra_domains(org))
            if not checked.known_domain and not allow_unknown_domain:
                raise UserError(f"Адрес «{checked.host}» не из списка доменов платформы: "
                                "проверьте ссылку или подтвердите, что она верна.", field="url")
            new_id = _store_link(session, unit, audience, checked.url, vocab, until, today).id
            return next(r for r in _link_rows(session, today) if r.id == new_id)

    def annul_links(self, link_ids: Iterable[int], reason: str = "",
                    on: dt.date | None = None) -> int:
        """Annul several links at once (one transaction); returns how many changed."""
        on = on or dt.date.today()
        reason = clean_text(reason) or "аннулирована вручную"
        link_ids = list(dict.fromkeys(link_ids))
        self.backup_before_bulk(len(link_ids), "before-annul")
        changed = 0
        with self.db.unit_of_work() as session:
            for link_id in link_ids:
                invitation = session.get(Invitation, link_id)
                if invitation is None:
                    raise NotFound("Этой ссылки больше нет: обновите список.")
                if invitation.status == ANNULLED:
                    continue
                invitation.status, invitation.annulled_on = ANNULLED, on
                invitation.annul_reason = reason
                record(session, "invitation", invitation.id, "annulled")
                changed += 1
        return changed

    def annul_unit_links(self, unit_id: int, audience: str, reason: str = "",
                         on: dt.date | None = None) -> int:
        with self.db.unit_of_work() as session:
            unit = _unit(session, unit_id)
            ids = session.scalars(select(Invitation.id).where(
                Invitation.unit_id == unit.id, Invitation.audience == audience,
                Invitation.status != ANNULLED)).all()
            if not ids:
                _, vocab = _org_vocab(session)
                raise UserError(f"У «{unit.name}» нет неаннулированных ссылок для аудитории "
                                f"«{audience_title(audience, vocab).lower()}».")
        return self.annul_links(ids, reason, on)

    def links_to_annul(self, today: dt.date | None = None,
                       coverage: list[CoverageRow] | None = None) -> list[AnnulCandidate]:
        """Active links to annul on the platform: the audience all joined, the date passed,
        or a newer link replaced it. `coverage`: what `coverage()` just gave, if the caller
        has it (so that it is not computed twice)."""
        today = today or dt.date.today()
        with self.db.unit_of_work() as session:
            links = _link_rows(session, today)
            rows = coverage if coverage is not None else _coverage(session, today)
            complete = {(c.unit_id, c.audience) for c in rows if c.complete}
            newest: dict[tuple[int, str], int] = {}
            for link in links:
                if link.status != ANNULLED:
                    key = (link.unit_id, link.audience)
                    newest[key] = max(newest.get(key, 0), link.id)
        candidates = []
        for link in links:
            if link.status == ANNULLED:
                continue
            reasons = []
            if (link.unit_id, link.audience) in complete:
                reasons.append(REASON_COMPLETE)
            if link.status == EXPIRED:
                reasons.append(f"{REASON_EXPIRED} {format_date(link.valid_until)}")
            if link.status == REPLACED or newest[(link.unit_id, link.audience)] != link.id:
                reasons.append(REASON_REPLACED)
            if reasons:
                candidates.append(AnnulCandidate(link, tuple(reasons)))
        return candidates

    def export_links_to_annul(self, out: Path | str, today: dt.date | None = None) -> Path:
        """The list of links to annul as an Excel sheet to work through on the platform."""
        require_suffix(out, ".xlsx")
        today = today or dt.date.today()
        candidates = self.links_to_annul(today)
        if not candidates:
            raise UserError("Аннулировать нечего: список пуст.")
        with self.db.unit_of_work() as session:
            org = get_org(session)
            name = org.short_name or org.full_name
        from sferum_desk.exporters.invitations import AnnulLine, annul_list_workbook

        lines = [AnnulLine(c.link.unit_name, c.link.audience_title, c.link.url,
                           c.link.valid_until, c.reason_text) for c in candidates]
        return write_atomically(out, annul_list_workbook(name, today, lines))

    def annul_suggested(self, today: dt.date | None = None) -> int:
        """«Аннулировать все» in the list of links to annul: one step, one transaction."""
        today = today or dt.date.today()
        candidates = self.links_to_annul(today)
        with self.db.unit_of_work() as session:
            for candidate in candidates:
                invitation = session.get(Invitation, candidate.link.id)
                invitation.status, invitation.annulled_on = ANNULLED, today
                invitation.annul_reason = candidate.reason_text
                record(session, "invitation", invitation.id, "annulled")
        return len(candidates)


def _refuse_stored_url(session: Session, url: str, unit: Unit, audience: Audience,
                       vocab: Vocabulary) -> None:
    stored = session.scalar(select(Invitation).where(Invitation.url == url))
    if stored is None:
        return
    if stored.unit_id != unit.id:
        other = session.get(Unit, stored.unit_id)
        raise UserError(f"Эта ссылка уже сохранена для «{other.name}»: у каждого "
                        "подразделения своя ссылка, скопируйте нужную из платформы.",
                        field="url")
    if stored.status == ANNULLED:
        raise UserError("Эта ссылка уже аннулирована: возьмите в платформе новую.", field="url")
    title = audience_title(stored.audience, vocab).lower()
    raise UserError(f"Эта ссылка уже сохранена для «{unit.name}» ({title}).", field="url")


def _valid_until(valid_until: object, today: dt.date) -> dt.date | None:
    """«Действует до» as typed; a date already past is refused."""
    until = parse_date(valid_until, field="valid_until")
    if until is not None and until < today:
        raise UserError(f"Дата «действует до» {format_date(until)} уже прошла: укажите "
                        "будущую дату или оставьте поле пустым.", field="valid_until")
    return until


def _store_link(session: Session, unit: Unit, audience: Audience, url: str, vocab: Vocabulary,
                until: dt.date | None, today: dt.date, **details) -> Invitation:
    """A checked link saved as active (added by hand or pasted): a link stored already is
    refused, and the older live links of the unit and audience become «заменена»."""
    _refuse_stored_url(session, url, unit, audience, vocab)
    invitation = Invitation(unit_id=unit.id, audience=audience.value, url=url,
                            valid_until=until, status=ACTIVE)
    session.add(invitation)
    session.flush()
    record(session, "invitation", invitation.id, "created", unit_id=unit.id,
           audience=audience.value, **details)
    _replace_older(session, invitation, today)
    return invitation


def _replace_older(session: Session, new: Invitation, today: dt.date) -> None:
    """The platform kills a link when it makes a new one: the older live links of the same
    unit and audience become «заменена» (and go on the list to annul)."""
    for old in session.scalars(select(Invitation).where(
            Invitation.unit_id == new.unit_id, Invitation.audience == new.audience,
            Invitation.id != new.id, Invitation.status == ACTIVE)):
        old.status, old.replaced_on = REPLACED, today
        record(session, "invitation", old.id, "replaced", by=new.id)


def _link_rows(session: Session, today: dt.date) -> list[LinkRow]:
    _, vocab = _org_vocab(session)
    slips = dict(session.execute(select(Slip.invitation_id, func.count())
                                 .group_by(Slip.invitation_id)).all())
    keyed = []
    for invitation, unit in session.execute(
            select(Invitation, Unit).join(Unit, Unit.id == Invitation.unit_id)):
        row = LinkRow(
            id=invitation.id, unit_id=unit.id, unit_name=unit.name,
            audience=invitation.audience,
            audience_title=audience_title(invitation.audience, vocab), url=invitation.url,
            status=_status(invitation, today), valid_until=invitation.valid_until,
            created_at=invitation.created_at, annulled_on=invitation.annulled_on,
            annul_reason=invitation.annul_reason, slips=slips.get(invitation.id, 0),
            replaced_on=invitation.replaced_on)
        # The staff room first, then units in their natural order, the newest link on top.
        key = (unit.kind != UnitKind.STAFF_ROOM.value, unit_sort_key(unit.name),
               invitation.audience, -invitation.id)
        keyed.append((key, row))
    return [row for _, row in sorted(keyed, key=lambda pair: pair[0])]


def _printable_link(session: Session, unit: Unit, audience: Audience, vocab: Vocabulary,
                    today: dt.date) -> Invitation:
    """The newest active link of a unit and audience. The gate of every print: an annulled
    or expired link never reaches paper."""
    links = session.scalars(select(Invitation).where(
        Invitation.unit_id == unit.id, Invitation.audience == audience.value)
        .order_by(Invitation.id.desc())).all()
    for invitation in links:
        if _status(invitation, today) == ACTIVE:
            return invitation
    title = audience_title(audience, vocab).lower()
    if not links:
        raise UserError(f"Для «{unit.name}» нет ссылки-приглашения ({title}): сначала "
                        "добавьте её.")
    latest = links[0]
    if _status(latest, today) == ANNULLED:
        raise UserError(f"Ссылка для «{unit.name}» ({title}) аннулирована: добавьте новую "
                        "ссылку из платформы, аннулированные не печатаются.")
    raise UserError(f"Срок ссылки для «{unit.name}» ({title}) истёк "
                    f"{format_date(latest.valid_until)}: добавьте новую ссылку из платформы.")
