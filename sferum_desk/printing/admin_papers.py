"""The papers that register an organisation on the platform.

The head's order appointing the platform administrator, and the free-form letter to the
platform's support on the organisation's letterhead naming the administrator (ФИО, the
personal mobile that becomes the login, e-mail), with places for the signature and stamp.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, Spacer, Table

from sferum_desk.domain.declension import (
    Case,
    decline_full_name,
    is_declinable,
    past_tense_ending,
)
from sferum_desk.printing.official import (
    TEXT_WIDTH,
    build_pdf,
    long_date,
    number_and_date,
    signature_block,
    signature_name,
    styles,
    table_style,
    text,
)

SUPPORT_EMAIL = "info@sferum.ru"
PLATFORM = "информационно-коммуникационной образовательной платформы «Сферум»"  # genitive
PLATFORM_ON = "информационно-коммуникационной образовательной платформе «Сферум»"


@dataclass(frozen=True)
class AdminPapersData:
    full_name: str
    short_name: str
    address: str
    head_title: str  # Директор / Заведующий
    head_name: str
    admin_name: str
    admin_position: str
    admin_phone: str  # as printed: +7 916 123-45-67
    admin_email: str
    order_number: str
    order_date: dt.date | None
    place: str = ""  # place of issue, «г. Арсеньев»
    org_phone: str = ""  # as printed
    org_email: str = ""
    inn: str = ""
    ogrn: str = ""


def _date_and_number(data: AdminPapersData) -> list:
    """Date left, number right; the place of issue centred under them (ГОСТ Р 7.0.97)."""
    st = styles()
    number = f"№ {data.order_number}" if data.order_number else "№ ______"
    table = Table([[Paragraph(long_date(data.order_date), st["plain"]),
                    Paragraph(text(number), st["right"])]],
                  colWidths=[TEXT_WIDTH / 2, TEXT_WIDTH / 2])
    table.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story: list = [table]
    if data.place:
        story += [Spacer(1, 2 * mm), Paragraph(text(data.place), st["small"])]
    return story


def _subject(value: str) -> Table:
    """The bold subject sits in the left part of the page, as in a typed order."""
    table = Table([[Paragraph(text(value), styles()["subject"])]],
                  colWidths=[TEXT_WIDTH * 0.62], hAlign="LEFT")
    table.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _appointment(data: AdminPapersData) -> str:
    """«Назначить администратором платформы Ёлкину Ольгу Петровну (старший воспитатель).»
    The name in the accusative when its gender is certain; else after a colon, as it is."""
    position = f" ({data.admin_position.lower()})" if data.admin_position else ""
    if is_declinable(data.admin_name):
        name = decline_full_name(data.admin_name, Case.ACCUSATIVE)
        return f"1. Назначить администратором платформы {name}{position}."
    return f"1. Назначить администратором платформы: {data.admin_name}{position}."


def _executor(data: AdminPapersData) -> list:
    """«Исполнитель»: who prepared the paper and how to reach them, at the foot."""
    st = styles()
    lines = [text(data.admin_name)] + ([text(data.admin_phone)] if data.admin_phone else [])
    return [Spacer(1, 4 * mm),
            Paragraph("Исполнитель: " + "<br/>".join(lines), st["small_left"])]


def order_pdf(data: AdminPapersData) -> bytes:
    """Приказ о назначении администратора платформы, ready for the head's signature."""
    st = styles()
    story = [
        Paragraph(text(data.full_name), st["org"]),
        Spacer(1, 6 * mm),
        Paragraph("П Р И К А З", st["title"]),
        Spacer(1, 4 * mm),
        *_date_and_number(data),
        Spacer(1, 8 * mm),
        _subject(f"О назначении администратора {PLATFORM}"),
        Spacer(1, 6 * mm),
        Paragraph(text(
            f"В целях организации взаимодействия участников образовательных отношений "
            f"с использованием {PLATFORM} (далее — платформа) и регистрации организации "
            "на платформе"), st["body"]),
        Spacer(1, 3 * mm),
        Paragraph("ПРИКАЗЫВАЮ:", st["plain"]),
        Spacer(1, 3 * mm),
    ]
    points = [
        _appointment(data),
        "2. Администратору платформы:",
        (f"2.1. направить в службу поддержки платформы ({SUPPORT_EMAIL}) заявку на "
         "регистрацию организации с контактными данными администратора;"),
        ("2.2. сформировать структуру организации на платформе, создать "
         "ссылки-приглашения для сотрудников, обучающихся и родителей (законных "
         "представителей) и передать их руководителям подразделений;"),
        ("2.3. поддерживать состав участников в актуальном состоянии при приёме, переводе "
         "и выбытии, аннулировать неиспользованные ссылки-приглашения."),
        "3. Контроль за исполнением настоящего приказа оставляю за собой.",
    ]
    story += [Paragraph(text(point), st["body"]) for point in points]
    story += [
        Spacer(1, 10 * mm),
        signature_block(data.head_title, data.head_name),
        Spacer(1, 6 * mm),
        KeepTogether([
            Paragraph(f"С приказом ознакомлен{past_tense_ending(data.admin_name)}:",
                      st["plain"]),
            signature_block("", data.admin_name),
            Paragraph("«___» ____________ 20___ г.", st["plain"]),
        ]),
        *_executor(data),
    ]
    return build_pdf(story, title="Приказ о назначении администратора платформы «Сферум»",
                     author=data.full_name, numbered=False)


def _letterhead(data: AdminPapersData) -> list:
    """The organisation, its address, phone, e-mail and, when filled, ИНН/ОГРН, then the
    double rule."""
    st = styles()
    story = [Paragraph(text(data.full_name), st["org"])]
    if data.address:
        story.append(Paragraph(text(data.address), st["small"]))
    contacts = "; ".join(part for part in (
        f"тел.: {data.org_phone}" if data.org_phone else "",
        f"e-mail: {data.org_email}" if data.org_email else "") if part)
    numbers = ", ".join(part for part in (f"ИНН {data.inn}" if data.inn else "",
                                          f"ОГРН {data.ogrn}" if data.ogrn else "") if part)
    for line in (contacts, numbers):
        if line:
            story.append(Paragraph(text(line), st["small"]))
    story.append(HRFlowable(width="100%", thickness=1.2, color=colors.black,
                            spaceBefore=2 * mm, spaceAfter=0.6 * mm))
    story.append(HRFlowable(width="100%", thickness=0.4, color=colors.black,
                            spaceAfter=6 * mm))
    return story


def _outgoing_and_addressee() -> Table:
    st = styles()
    left = Paragraph("Исх. № ______<br/>от «___» ____________ 20___ г.", st["small_left"])
    right = Paragraph("В службу поддержки<br/>информационно-коммуникационной "
                      f"образовательной платформы «Сферум»<br/>{SUPPORT_EMAIL}", st["plain"])
    table = Table([[left, right]], colWidths=[TEXT_WIDTH * 0.45, TEXT_WIDTH * 0.55])
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _contacts(data: AdminPapersData) -> Table:
    st = styles()
    rows = [("Ф.И.О. администратора", data.admin_name)]
    if data.admin_position:
        rows.append(("Должность", data.admin_position))
    rows += [("Мобильный телефон (логин на платформе)", data.admin_phone),
             ("Адрес электронной почты", data.admin_email)]
    table = Table([[Paragraph(text(a), st["small_left"]), Paragraph(text(b), st["small_left"])]
                   for a, b in rows], colWidths=[TEXT_WIDTH * 0.42, TEXT_WIDTH * 0.58])
    table.setStyle(table_style([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return table


def letter_pdf(data: AdminPapersData) -> bytes:
    """The free-form registration letter on the letterhead, with signature and stamp places."""
    st = styles()
    order = number_and_date(data.order_number, data.order_date) if (
        data.order_number or data.order_date) else ""
    appointed = f"приказом {order} " if order else "приказом руководителя "
    story = _letterhead(data) + [
        _outgoing_and_addressee(),
        Spacer(1, 10 * mm),
        Paragraph("О регистрации организации на платформе «Сферум»", st["title"]),
        Spacer(1, 4 * mm),
        Paragraph(text(f"Просим зарегистрировать на {PLATFORM_ON} (ИКОП «Сферум») "
                       f"организацию: {data.full_name}."), st["body"]),
        Paragraph(text(f"Администратором платформы в организации {appointed}назначен "
                       "сотрудник, контактные данные которого приведены ниже. Указанный "
                       "мобильный номер будет использоваться для входа администратора на "
                       "платформу."), st["body"]),
        Spacer(1, 5 * mm),
        _contacts(data),
        Spacer(1, 5 * mm),
        Paragraph("Приложение: копия приказа о назначении администратора на 1 л. в 1 экз.",
                  st["plain"]),
        Spacer(1, 10 * mm),
        signature_block(data.head_title, data.head_name),
        Spacer(1, 2 * mm),
        Paragraph("М.П.", st["plain"]),
        *_executor(data),
    ]
    return build_pdf(story, title="О регистрации организации на платформе «Сферум»",
                     author=data.full_name, numbered=False)


def email_body(data: AdminPapersData) -> str:
    """The text of the registration e-mail (the letter and the order go as attachments)."""
    return (
        "Здравствуйте!\n\n"
        f"Просим зарегистрировать на {PLATFORM_ON} организацию: {data.full_name}.\n\n"
        f"Администратор платформы: {data.admin_name}\n"
        f"Мобильный телефон (логин): {data.admin_phone}\n"
        f"Электронная почта: {data.admin_email}\n\n"
        "Письмо на бланке организации и приказ о назначении администратора — во вложении.\n\n"
        "С уважением,\n"
        f"{data.head_title} {signature_name(data.head_name)}\n"
        f"{data.short_name or data.full_name}\n"
    )

