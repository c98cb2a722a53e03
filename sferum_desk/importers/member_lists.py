"""Member lists as the platforms give them → plain rows of (user id, name, role…).

Two shapes are read, by content, never by the extension:

* a CSV export of a «Сферум» (VK Messenger) chat's members, as the open sferumChatMembers
  exporter writes it: a header `id, ФИО, Учебные заведения, Роли` and one member per row, the
  name as «Фамилия Имя»; the same columns re-saved by Excel (`;`, Windows-1251, .xlsx) work too;
* a JSON list of a MAX chat's members as the bot API's `GET /chats/{chatId}/members` returns
  it: `{"members": [{"user_id", "first_name", "last_name", "name", "is_bot",
  "last_activity_time" (ms)…}], "marker"}` — or several such pages in a list, or the bare
  list of members.

Nothing here talks to a network: the file comes from the user.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from sferum_desk.domain.errors import UserError
from sferum_desk.domain.names import clean_text, fold
from sferum_desk.importers.reader import read_table_file, source_bytes

SFERUM, MAX = "sferum", "max"
PLATFORM_TITLES = {SFERUM: "«Сферум»", MAX: "MAX"}
ID_HEADERS = {"id", "user_id", "userid", "user id", "ид", "идентификатор", "id пользователя"}
NAME_HEADERS = {"фио", "ф.и.о.", "ф. и. о.", "name", "имя и фамилия", "фамилия имя",
                "фамилия и имя", "участник", "пользователь"}
LAST_HEADERS = {"фамилия", "last_name", "surname"}
FIRST_HEADERS = {"имя", "first_name"}
ROLE_HEADERS = {"роли", "роль", "role", "roles", "mainroles"}
ORG_HEADERS = {"учебные заведения", "учебное заведение", "организация", "организации",
               "organization", "organisation", "organizations"}
LONGEST_ID = 100


@dataclass(frozen=True)
class Member:
    """One member as the platform lists them."""
    platform: str  # sferum | max
    user_id: str
    name: str  # «Фамилия Имя» (MAX: last and first name as the user typed them)
    role: str = ""  # the platform's role text: Родитель, Ученик, Учитель…
    organisation: str = ""
    last_activity: dt.datetime | None = None


@dataclass(frozen=True)
class MemberList:
    platform: str
    members: tuple[Member, ...]
    skipped: tuple[tuple[int, str], ...] = field(default=())  # (row or position, why)


def read_member_list(source: Path | str | bytes, source_name: str = "") -> MemberList:
    """A file (or its bytes) holding a chat's member list; anything else is one sentence."""
    data, source_name = source_bytes(source, source_name, "выгрузку участников чата")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return parse_max_members(data, source_name)
    return parse_sferum_table(read_table_file(data, source_name).sheets[0].rows, source_name)


# ---- MAX: the bot API's JSON ---------------------------------------------------------------
def parse_max_members(data: bytes, source_name: str = "") -> MemberList:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise UserError(f"Файл «{source_name}» не читается как JSON: сохраните ответ "
                        "GET /chats/{chatId}/members целиком.") from None
    raw = _max_member_objects(document)
    if raw is None:
        raise UserError(f"В файле «{source_name}» нет списка участников (members): сохраните "
                        "ответ GET /chats/{chatId}/members целиком.")
    members: list[Member] = []
    skipped: list[tuple[int, str]] = []
    for position, item in enumerate(raw, start=1):
        member, why = _max_member(item)
        if member is not None:
            members.append(member)
        elif why:
            skipped.append((position, why))
    return MemberList(MAX, tuple(_unique(members)), tuple(skipped))


def _max_member_objects(document) -> list | None:
    """The member objects of one response, of several pages, or of a bare list."""
    if isinstance(document, dict):
        members = document.get("members")
        return members if isinstance(members, list) else None
    if isinstance(document, list):
        if all(isinstance(page, dict) and isinstance(page.get("members"), list)
               for page in document) and document:
            return [m for page in document for m in page["members"]]
        return document
    return None


def _max_member(item) -> tuple[Member | None, str]:
    if not isinstance(item, dict):
        return None, "не участник чата"
    if item.get("is_bot"):
        return None, ""  # bots are not people of the school: left out silently
    user_id = _user_id(item.get("user_id"))
    if not user_id:
        return None, "нет user_id"
    last, first = clean_text(item.get("last_name") or ""), clean_text(item.get("first_name")
                                                                        or "")
    name = " ".join(p for p in (last, first) if p) or clean_text(item.get("name") or "")
    if not name:
        return None, "нет имени"
    return Member(MAX, user_id, name, last_activity=_from_millis(
        item.get("last_activity_time"))), ""


def _from_millis(value) -> dt.datetime | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return None
    try:
        return dt.datetime.fromtimestamp(value / 1000).replace(microsecond=0)
    except (OverflowError, OSError, ValueError):
        return None


# ---- «Сферум»: the members exporter's CSV ----------------------------------------------------
def parse_sferum_table(rows: list[list[object]], source_name: str = "") -> MemberList:
    header_at, columns = _header(rows)
    if header_at is None:
        raise UserError(f"В файле «{source_name}» нет столбцов id и ФИО выгрузки участников "
                        "чата: для простого списка имён вставьте его или выберите «Из "
                        "файла…».")
    members: list[Member] = []
    skipped: list[tuple[int, str]] = []
    for row_no, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        cells = [_text(c) for c in row]
        if not any(cells):
            continue
        user_id = _user_id(_cell(cells, columns.get("id")))
        name = _cell(cells, columns.get("name")) or " ".join(
            p for p in (_cell(cells, columns.get("last")), _cell(cells, columns.get("first")))
            if p)
        if not user_id or not name:
            skipped.append((row_no, "нет id" if not user_id else "нет имени"))
            continue
        members.append(Member(SFERUM, user_id, name, _cell(cells, columns.get("role")),
                              _cell(cells, columns.get("org"))))
    return MemberList(SFERUM, tuple(_unique(members)), tuple(skipped))


def _header(rows: list[list[object]]) -> tuple[int | None, dict[str, int]]:
    """The first row (of the first ten) that names an id column and a name column."""
    for index, row in enumerate(rows[:10]):
        columns: dict[str, int] = {}
        for col, cell in enumerate(row):
            word = fold(_text(cell)).strip(" :")
            for key, names in (("id", ID_HEADERS), ("name", NAME_HEADERS),
                               ("last", LAST_HEADERS), ("first", FIRST_HEADERS),
                               ("role", ROLE_HEADERS), ("org", ORG_HEADERS)):
                if word in names and key not in columns:
                    columns[key] = col
        if "id" in columns and ("name" in columns or "last" in columns):
            return index, columns
    return None, {}


# ---- shared --------------------------------------------------------------------------------
def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(value) if value not in (None, "") else ""


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _user_id(value) -> str:
    """A platform user id as text: digits (VK, MAX), maybe with a sign; anything else is
    not an id."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text if text and len(text) <= LONGEST_ID and text.lstrip("-").isdigit() else ""


def _unique(members: list[Member]) -> list[Member]:
    """The same member twice (two pages overlapping) is one member."""
    seen: set[str] = set()
    result = []
    for member in members:
        if member.user_id not in seen:
            seen.add(member.user_id)
            result.append(member)
    return result
