"""Registering the organisation on the platform: the order, the letter, the e-mail, the status.

The e-mail is saved as a .eml draft (X-Unsent: 1) with the letter and the order attached, so
it opens in the user's mail program ready to send; we never send anything ourselves. The
application's status lives in Organization.settings["registration"].
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from sferum_desk.db.models import Organization, Person, Staff
from sferum_desk.domain.dates import parse_date
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import vocabulary_for
from sferum_desk.domain.names import fold
from sferum_desk.domain.org_names import place_of_issue
from sferum_desk.domain.phones import display_phone
from sferum_desk.domain.platform import REGISTRATION_STATUSES
from sferum_desk.services.base import Service, record
from sferum_desk.services.output_files import require_suffix, write_atomically

if TYPE_CHECKING:  # reportlab is loaded when a paper is made, not at start-up
    from sferum_desk.printing.admin_papers import AdminPapersData

SUBJECT = "СФЕРУМ:Регистрация организации"
STATUSES = REGISTRATION_STATUSES
LETTER_FILENAME = "Письмо о регистрации организации.pdf"
ORDER_FILENAME = "Приказ о назначении администратора.pdf"

_FIELD_TITLES = {
    "full_name": "полное название организации",
    "head_name": "ФИО руководителя",
    "admin_name": "ФИО администратора",
    "admin_phone": "мобильный телефон администратора",
    "admin_email": "e-mail администратора",
}


@dataclass(frozen=True)
class RegistrationStatus:
    status: str  # "" (nothing yet) or a key of STATUSES
    changed_on: dt.date | None
    history: tuple[tuple[str, dt.date], ...]

    @property
    def title(self) -> str:
        return STATUSES.get(self.status, "Заявка ещё не подготовлена")


def _papers(session, needed: tuple[str, ...]) -> AdminPapersData:
    org = session.scalar(select(Organization))
    if org is None:
        raise UserError("Сначала заполните карточку организации.")
    missing = [title for key, title in _FIELD_TITLES.items()
               if key in needed and not (getattr(org, key) or "").strip()]
    if missing:
        raise UserError(f"Заполните в карточке организации: {', '.join(missing)}.")
    words = vocabulary_for(org.kind, org.vocabulary_overrides)
    position = session.scalar(
        select(Staff.position).join(Person, Person.id == Staff.person_id)
        .where(Person.name_key == fold(org.admin_name))) if org.admin_name else ""
    from sferum_desk.printing.admin_papers import AdminPapersData

    return AdminPapersData(
        full_name=org.full_name, short_name=org.short_name, address=org.address,
        head_title=words.head_title, head_name=org.head_name, admin_name=org.admin_name,
        admin_position=position or "", admin_phone=display_phone(org.admin_phone),
        admin_email=org.admin_email, order_number=org.admin_order_number,
        order_date=org.admin_order_date, place=place_of_issue(org.place, org.address),
        org_phone=display_phone(org.phone), org_email=org.email, inn=org.inn, ogrn=org.ogrn)


def _status_from(settings: dict) -> RegistrationStatus:
    data = (settings or {}).get("registration") or {}
    history = tuple((s, dt.date.fromisoformat(d)) for s, d in data.get("history", []))
    changed = data.get("changed_on")
    return RegistrationStatus(data.get("status", ""),
                              dt.date.fromisoformat(changed) if changed else None, history)


class RegistrationService(Service):
    ORDER_FIELDS = ("full_name", "head_name", "admin_name")
    LETTER_FIELDS = tuple(_FIELD_TITLES)

    def order_pdf(self) -> bytes:
        with self.db.unit_of_work() as session:
            data = _papers(session, self.ORDER_FIELDS)
        from sferum_desk.printing import admin_papers

        return admin_papers.order_pdf(data)

    def letter_pdf(self) -> bytes:
        with self.db.unit_of_work() as session:
            data = _papers(session, self.LETTER_FIELDS)
        from sferum_desk.printing import admin_papers

        return admin_papers.letter_pdf(data)

    def save_order(self, out: Path | str) -> Path:
        """Приказ о назначении администратора, as a PDF ready for the head's signature."""
        require_suffix(out, ".pdf")
        return write_atomically(out, self.order_pdf())

    def save_letter(self, out: Path | str) -> Path:
        require_suffix(out, ".pdf")
        return write_atomically(out, self.letter_pdf())

    def build_email(self) -> EmailMessage:
        with self.db.unit_of_work() as session:
            data = _papers(session, self.LETTER_FIELDS)
        from sferum_desk.printing.admin_papers import (
            SUPPORT_EMAIL,
            email_body,
            letter_pdf,
            order_pdf,
        )

        message = EmailMessage(policy=default_policy.clone(linesep="\r\n"))
        message["To"] = SUPPORT_EMAIL
        message["From"] = data.admin_email
        message["Subject"] = SUBJECT
        message["X-Unsent"] = "1"  # Outlook and Thunderbird open it as a draft to send
        message.set_content(email_body(data))
        message.add_attachment(letter_pdf(data), maintype="application", subtype="pdf",
                               filename=LETTER_FILENAME)
        message.add_attachment(order_pdf(data), maintype="application", subtype="pdf",
                               filename=ORDER_FILENAME)
        return message

    def save_email(self, out: Path | str) -> Path:
        """The e-mail to support as a .eml draft; marks the application as prepared."""
        require_suffix(out, ".eml")
        path = write_atomically(out, self.build_email().as_bytes())
        if not self.status().status:
            self.set_status("prepared")
        return path

    def status(self) -> RegistrationStatus:
        with self.db.unit_of_work() as session:
            org = session.scalar(select(Organization))
            return _status_from(org.settings if org else {})

    def set_status(self, status: str, on: object = None) -> RegistrationStatus:
        if status not in STATUSES:
            raise UserError("Выберите состояние заявки: подготовлена, отправлена, получен "
                            "ответ или организация зарегистрирована.", field="status")
        day = parse_date(on, field="status_date") or dt.date.today()
        with self.db.unit_of_work() as session:
            org = session.scalar(select(Organization))
            if org is None:
                raise UserError("Сначала заполните карточку организации.")
            settings = dict(org.settings or {})
            current = dict(settings.get("registration") or {})
            history = list(current.get("history", [])) + [[status, day.isoformat()]]
            settings["registration"] = {"status": status, "changed_on": day.isoformat(),
                                        "history": history}
            org.settings = settings  # a new dict, so the JSON column sees the change
            record(session, "organization", org.id, "registration_status", status=status)
            return _status_from(settings)
