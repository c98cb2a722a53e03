"""Hypothesis strategies for hostile text, and the checks every fuzz test applies."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

from hypothesis import strategies as st

from sferum_desk.domain.errors import UserError

NASTY = ["\u202e", "\u202d", "\u200f", "\u200e", "\u2066", "\u2069", "\u200b", "\ufeff",
         "\u0000", "\x07", "\x1b[31m", "\r\n", "\n", "\t", "\x7f", "\u0085", "\u2028",
         "\ud800", "\udcff", "\ufffe", "\U000e0001", "\u0301", "\u00a0", "\u3000",
         "👨‍👩‍👧", "🏫", "🇷🇺", "ё", "Ё", "«", "»", "'", '"', "\\", "%s", "{0}", "<b>", "&amp;",
         "=cmd|' /C calc'!A0", "NULL", "DROP TABLE person;", "../../etc/passwd", "-", "--",
         "+7", "8 (916) 123-45-67", "@", "a@b.ru", "31.02.2020", "1900-01-01", "2100-12-31",
         "Иванова", "Анна", "Петровна", "Мамедов Рашид оглы", "О'Нил", "5А", " "]

# Any character at all, lone surrogates too (argv on Linux may carry them).
ANY_CHAR = st.one_of(st.characters(), st.characters(categories=["Cs", "Co", "Cn", "Cf", "Cc"]))
hostile = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=ANY_CHAR, max_size=30),
    st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=4)), max_size=10).map("".join),
    st.builds(lambda s, n: s * n, st.sampled_from(["Щ", "ё🏫", "\u202e", "a\u0000", "Иван "]),
              st.integers(2_000, 30_000)),  # huge
)

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
MAX_MESSAGE = 600  # a sentence a message box can show


def assert_russian_sentence(error: UserError) -> None:
    message = error.message
    assert message and "\n" not in message, repr(message[:200])
    assert CYRILLIC.search(message), repr(message[:200])
    assert len(message) <= MAX_MESSAGE, f"{len(message)} characters: {message[:120]!r}…"
    assert showable(message), repr(message[:200])


def showable(text: str) -> bool:
    """Nothing a list, a form or a printed page cannot show: no control, format, private or
    unassigned characters, no lone surrogates, no line or paragraph separators."""
    return text.isprintable()


def stored_text(db_path: Path) -> list[tuple[str, str, str]]:
    """Every text value in every table (JSON columns and free multi-line texts aside)."""
    skip = {"settings", "details", "audience", "summary", "undo_data", "vocabulary_overrides",
            "platform_roles", "chats_done", "url", "annul_reason", "description"}
    found = []
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as connection:
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        for table in tables:
            columns = [r[1] for r in connection.execute(f'PRAGMA table_info("{table}")')
                       if r[1] not in skip]
            for row in connection.execute(
                    f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}"'):
                found += [(table, c, v) for c, v in zip(columns, row) if isinstance(v, str)]
    return found


def assert_all_showable(db_path: Path) -> None:
    bad = [(t, c, v[:80]) for t, c, v in stored_text(db_path) if not showable(v)]
    assert not bad, bad
