"""What a print run of slips is made of: the sheet every slip shares, one slip's data, the
layouts, and the words (the steps, the administrator's line, the dates) the slips and the
family sheet both print."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from sferum_desk.domain.dates import format_date


LAYOUTS: dict[int, tuple[int, int]] = {1: (1, 1), 2: (1, 2), 4: (2, 2), 6: (2, 3), 8: (2, 4)}
PAGE_MARGIN = 10 * mm  # printers cannot print to the paper's edge
CELL_PADDING = 5 * mm
# The 8-per-page slip is the design's reference size; bigger cells scale fonts up.
REFERENCE_CELL = ((A4[0] - 2 * PAGE_MARGIN) / 2, (A4[1] - 2 * PAGE_MARGIN) / 4)
INK = (0.08, 0.08, 0.1)
GREY = (0.38, 0.38, 0.42)
RULE = (0.72, 0.72, 0.75)
NBSP = "\u00a0"

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?


class SlipsCancelled(Exception):
    """The user pressed «Отмена» while the slips were being drawn."""


@dataclass(frozen=True)
class SlipSheet:
    """What every slip of one print run shares."""

    org_name: str
    admin_name: str
    admin_phone: str  # as printed: +7 916 123-45-67
    printed_on: dt.date


@dataclass(frozen=True)
class SlipData:
    url: str
    unit_label: str  # «Класс 5А», «Группа «Ромашка»»
    audience: str  # parents | staff | students: chooses the wording of the steps
    audience_title: str  # «Родители»
    person_name: str = ""  # empty: a blank slip with a line to write the name on
    person_note: str = ""  # «ребёнок: Иванов Максим», «воспитатель»
    valid_until: dt.date | None = None  # the link's expiry, printed when known


def steps_for(audience: str, link_is: str = "ниже") -> tuple[str, str, str]:
    """Three short steps to join, in the reader's own situation; `link_is` says where the
    printed link is from the steps: «ниже» on a slip, «выше» on the poster."""
    if audience == "parents":
        own_phone = ("Откройте ссылку на своём телефоне, а не на телефоне ребёнка, и войдите "
                     "по своему номеру.")
    elif audience == "students":
        own_phone = "Откройте ссылку на своём телефоне и войдите по своему номеру."
    else:
        own_phone = "Откройте ссылку на своём личном телефоне и войдите по своему номеру."
    return (f"Наведите камеру телефона на QR-код или наберите ссылку, напечатанную {link_is}.",
            own_phone,
            "Нажмите «Вступить» и дождитесь, когда администратор примет заявку.")


def unit_heading(slip: SlipData) -> str:
    return f"{slip.unit_label} · {slip.audience_title}"


def admin_line(sheet: SlipSheet, short: int = 0) -> str:
    """«Администратор «Сферума»: ФИО, телефон»; shorter forms for a narrow slip: 1 puts the
    name as «А.П. Иванова», 2 also drops «Сферума». The phone never breaks across lines."""
    name = initials_name(sheet.admin_name) if short else sheet.admin_name
    phone = sheet.admin_phone.replace(" ", NBSP)
    contact = ", ".join(p for p in (name, phone) if p)
    title = "Администратор" if short > 1 else "Администратор «Сферума»"
    return f"{title}: {contact}" if contact else title


def initials_name(full_name: str) -> str:
    """«Иванова Анна Петровна» → «А.П. Иванова»."""
    last, *given = full_name.split() or [""]
    initials = "".join(f"{w[0]}." for w in given if w)
    return f"{initials} {last}".strip()


def printed_label(sheet: SlipSheet) -> str:
    return f"Напечатано {format_date(sheet.printed_on)}"


def expiry_label(slip: SlipData) -> str:
    return f"Ссылка действует до {format_date(slip.valid_until)}." if slip.valid_until else ""
