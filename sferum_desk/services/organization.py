"""The organisation card, its academic years and the words its kind implies."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sferum_desk.db.models import AcademicYear, Organization, Unit
from sferum_desk.domain.contacts import normalise_email
from sferum_desk.domain.dates import parse_past_date
from sferum_desk.domain.enums import UnitKind
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import STAFF_ROOM_NAME, OrgKind, Vocabulary, vocabulary_for
from sferum_desk.domain.names import clean_text
from sferum_desk.domain.org_names import SHORT_NAME_MAX, default_short_name
from sferum_desk.domain.phones import normalise_phone
from sferum_desk.domain.requisites import normalise_inn, normalise_ogrn
from sferum_desk.services.base import Service, guard_edit, record
from sferum_desk.services.dto import OrganizationData


def academic_year_for(day: dt.date) -> tuple[str, dt.date, dt.date]:
    """The Russian academic year runs 1 September to 31 August."""
    start_year = day.year if day.month >= 9 else day.year - 1
    return (f"{start_year}/{start_year + 1}", dt.date(start_year, 9, 1),
            dt.date(start_year + 1, 8, 31))


def current_year(session: Session) -> AcademicYear:
    year = session.scalar(select(AcademicYear).where(AcademicYear.is_current))
    if year is None:
        title, starts, ends = academic_year_for(dt.date.today())
        year = AcademicYear(title=title, starts_on=starts, ends_on=ends, is_current=True)
        session.add(year)
        session.flush()
    return year


def get_org(session: Session) -> Organization:
    org = session.scalar(select(Organization))
    if org is None:
        raise UserError("Сначала заполните карточку организации.")
    return org


class OrganizationService(Service):
    def exists(self) -> bool:
        with self.db.unit_of_work() as session:
            return session.scalar(select(Organization.id)) is not None

    def get(self) -> OrganizationData | None:
        with self.db.unit_of_work() as session:
            org = session.scalar(select(Organization))
            if org is None:
                return None
            return OrganizationData(
                kind=org.kind, full_name=org.full_name, short_name=org.short_name,
                address=org.address, head_name=org.head_name, admin_name=org.admin_name,
                admin_phone=org.admin_phone, admin_email=org.admin_email,
                admin_order_number=org.admin_order_number,
                admin_order_date=org.admin_order_date,
                vocabulary_overrides=dict(org.vocabulary_overrides or {}),
                version=org.version, phone=org.phone, email=org.email, inn=org.inn,
                ogrn=org.ogrn, place=org.place,
            )

    def vocabulary(self) -> Vocabulary:
        org = self.get()
        return vocabulary_for(org.kind if org else OrgKind.SCHOOL,
                              org.vocabulary_overrides if org else None)

    def save(self, data: OrganizationData) -> OrganizationData:
        """Create the organisation (with its staff room and year) or update its card.

        `data.version`, when set, is the version the card was loaded with: a newer one in the
        database (saved on another PC) is an EditConflict.
        """
        clean = _validated(data)
        with self.db.unit_of_work() as session:
            org = session.scalar(select(Organization))
            created = org is None
            if created:
                org = Organization(kind=clean.kind, full_name=clean.full_name)
                session.add(org)
            else:
                guard_edit(org, data.version)
            for key, value in asdict(clean).items():
                if key != "version":
                    setattr(org, key, value)
            if created:
                year = current_year(session)
                session.add(Unit(name=STAFF_ROOM_NAME, kind=UnitKind.STAFF_ROOM.value,
                                 academic_year_id=year.id, sort_order=-1))
            session.flush()
            record(session, "organization", org.id, "created" if created else "updated")
            clean.version = org.version
            if data.version is not None:  # the caller's card is current again: save it twice
                data.version = org.version
        return clean

    def academic_year(self) -> str:
        with self.db.unit_of_work() as session:
            return current_year(session).title

    def backup_now(self) -> Path:
        """A copy of the database on the user's request (kept with the rotated backups)."""
        target = self.db.backup("manual")
        if target is None:
            raise UserError("В базе пока нечего сохранять: сначала заполните карточку "
                            "организации.")
        return target


def _validated(data: OrganizationData) -> OrganizationData:
    try:
        kind = OrgKind(data.kind).value
    except ValueError:
        raise UserError("Выберите тип организации: школа, детский сад, колледж или центр "
                        "дополнительного образования.", field="kind") from None
    full_name = clean_text(data.full_name)
    if not full_name:
        raise UserError("Укажите полное название организации.", field="full_name")
    return OrganizationData(
        kind=kind,
        full_name=full_name,
        short_name=_short_name(data.short_name, full_name),
        address=clean_text(data.address),
        head_name=clean_text(data.head_name),
        admin_name=clean_text(data.admin_name),
        admin_phone=normalise_phone(data.admin_phone, field="admin_phone"),
        admin_email=normalise_email(data.admin_email, field="admin_email"),
        admin_order_number=clean_text(data.admin_order_number),
        admin_order_date=parse_past_date(data.admin_order_date, "admin_order_date",
                                         "Дата приказа"),
        vocabulary_overrides={k: clean_text(v) for k, v in
                              (data.vocabulary_overrides or {}).items() if clean_text(v)},
        phone=normalise_phone(data.phone, field="phone"),
        email=normalise_email(data.email, field="email"),
        inn=normalise_inn(data.inn),
        ogrn=normalise_ogrn(data.ogrn),
        place=clean_text(data.place),
    )


def _short_name(typed: str, full_name: str) -> str:
    """The short name as typed (up to the column's 200 characters); left empty, the legal
    form's abbreviation of the full name («МБДОУ «Детский сад № 5»»), never cut mid-word."""
    short = clean_text(typed)
    if len(short) > SHORT_NAME_MAX:
        raise UserError(f"Краткое название длиннее {SHORT_NAME_MAX} знаков: сократите его.",
                        field="short_name")
    return short or default_short_name(full_name)
