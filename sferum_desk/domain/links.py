"""Invitation links: which URLs we accept, and the audience words of each organisation kind.

The platform has moved between messengers (VK Мессенджер, then MAX), so the known domains
are one list the organisation can extend; a link outside it needs an explicit «yes».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from sferum_desk.domain.enums import Audience, UnitKind
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import Vocabulary, kind_has_student_audience
from sferum_desk.domain.names import clean_text, fold

DEFAULT_DOMAINS: tuple[str, ...] = ("sferum.ru", "vk.com", "vk.me", "max.ru")
SETTINGS_KEY = "link_domains"  # Organization.settings: the user's extra domains

_URL_IN_TEXT = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9а-яё-]{1,63}\.)+[a-z0-9а-яё-]{2,63}$")
_TRAILING_PUNCTUATION = ".,;:!?»)\"'"
# A real invitation link is under 200 characters; a longer text is a paste gone wrong (and
# no QR code on a slip could hold thousands of characters).
MAX_LINK_LENGTH = 500


@dataclass(frozen=True)
class CheckedLink:
    url: str
    host: str
    known_domain: bool


def normalise_url(text: object, field: str = "url") -> str:
    """A clean https URL, or a UserError saying what is wrong with it."""
    url = clean_text(text).strip(_TRAILING_PUNCTUATION + "«")
    if not url:
        raise UserError("Вставьте ссылку-приглашение, которую дала платформа.", field=field)
    if len(url) > MAX_LINK_LENGTH:
        raise UserError(f"Ссылка слишком длинная ({len(url)} знаков, ссылка-приглашение "
                        f"короче {MAX_LINK_LENGTH}): скопируйте из платформы только саму "
                        "ссылку.", field=field)
    if " " in url:
        raise UserError("В ссылке не должно быть пробелов: скопируйте её целиком ещё раз.",
                        field=field)
    parts = urlsplit(url)
    if parts.scheme.lower() == "http":
        raise UserError("Ссылка должна начинаться с https:// — незащищённые ссылки "
                        "не принимаются.", field=field)
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise UserError("Ссылка должна начинаться с https://: скопируйте её из платформы "
                        "целиком.", field=field)
    host = parts.hostname.lower().rstrip(".")
    if not _DOMAIN.match(host):
        raise UserError(f"«{parts.hostname}» не похоже на адрес сайта: проверьте ссылку.",
                        field=field)
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    return urlunsplit(("https", netloc, parts.path, parts.query, parts.fragment))


def normalise_domain(text: object) -> str:
    """«https://Web.Max.ru/» or «max.ru» → «max.ru» for the user's domain list."""
    value = clean_text(text).lower()
    if "://" in value:
        value = urlsplit(value).hostname or ""
    value = value.strip("./ ")
    value = value.removeprefix("*.")
    if not _DOMAIN.match(value):
        raise UserError(f"«{text}» не похоже на домен: укажите его так, например: max.ru.",
                        field="domains")
    return value


def host_in_domains(host: str, domains: tuple[str, ...] | list[str]) -> bool:
    """sub.vk.com is in vk.com; evilvk.com is not."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)


def check_link(text: object, extra_domains: list[str] | tuple[str, ...] = ()) -> CheckedLink:
    url = normalise_url(text)
    host = urlsplit(url).hostname or ""
    domains = (*DEFAULT_DOMAINS, *extra_domains)
    return CheckedLink(url=url, host=host, known_domain=host_in_domains(host, domains))


def find_url(text: str) -> tuple[str, str] | None:
    """The first URL-like piece of a pasted line and the text around it."""
    match = _URL_IN_TEXT.search(text)
    if match is None:
        return None
    url = match.group(0).rstrip(_TRAILING_PUNCTUATION)
    rest = (text[:match.start()] + " " + text[match.start() + len(url):]).strip()
    return url, rest


# ---- audiences -------------------------------------------------------------------
def audiences_for_unit(org_kind: str, unit_kind: str) -> list[Audience]:
    """Who can be invited into a unit: the staff room holds staff; a class holds parents and
    pupils; a kindergarten group holds parents only (no pupils' chat)."""
    if unit_kind == UnitKind.STAFF_ROOM.value:
        return [Audience.STAFF]
    audiences = [Audience.PARENTS]
    if kind_has_student_audience(org_kind):
        audiences.append(Audience.STUDENTS)
    return audiences


def audience_title(audience: Audience | str, vocabulary: Vocabulary) -> str:
    """«Родители», «Сотрудники», or the kind's word for pupils («Ученики», «Студенты»)."""
    audience = Audience(audience)
    if audience is Audience.STUDENTS:
        return vocabulary.students
    return audience.title


# Word beginnings people type for each audience, folded (ё → е, lower case).
_AUDIENCE_STEMS = {
    Audience.PARENTS: ("родител", "родит", "законн", "мам", "пап", "parent"),
    Audience.STAFF: ("сотрудн", "учител", "педагог", "персонал", "работник", "преподават",
                     "staff", "teacher"),
    Audience.STUDENTS: ("учени", "учащ", "обучающ", "воспитанн", "студент", "дет", "ребят",
                        "школьн", "student", "pupil"),
}


def parse_audience(text: object, vocabulary: Vocabulary | None = None) -> Audience | None:
    """«родители», «Родителей», «parents», «ученики», the kind's own word → an audience."""
    word = fold(str(text or "")).strip(" -–—:;,.()")
    if not word:
        return None
    try:
        return Audience(word)
    except ValueError:
        pass
    if vocabulary is not None and word in (fold(vocabulary.students), fold(vocabulary.student)):
        return Audience.STUDENTS
    for audience, stems in _AUDIENCE_STEMS.items():
        if word.startswith(stems):
            return audience
    return None


def audience_from_code(text: str) -> Audience:
    try:
        return Audience(text)
    except ValueError:
        raise UserError("Укажите аудиторию: parents (родители), staff (сотрудники) или "
                        "students (обучающиеся).", field="audience") from None
