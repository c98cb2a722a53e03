"""Is a migration due? Answered without importing Alembic when the file is up to date.

Alembic (and its whole import, a large part of a command's start) is needed only when the
stored revision differs from the newest one. The newest one is read here from the same
migration scripts Alembic reads (`revision = '…'`, `down_revision = '…'`), so it can never
fall out of step with them; `migrations.needs_upgrade` decides every other case.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


class Database(Protocol):
    """What is read here of an open engine.Database (named so, not imported: engine.py
    imports this module through db/migrations, and an import back would make a cycle)."""

    path: Path | None

    @property
    def engine(self) -> Engine: ...

VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)
_QUOTED = re.compile(r"""['"]([^'"]+)['"]""")


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The one revision no script builds on; None when that is not plain (several heads,
    a script written in an unusual way): then Alembic itself must be asked."""
    revisions, parents = set(), set()
    for script in VERSIONS.glob("*.py"):
        found = dict(_ASSIGNMENT.findall(script.read_text(encoding="utf-8")))
        revision = _QUOTED.findall(found.get("revision", ""))
        if len(revision) != 1:
            return None
        revisions.add(revision[0])
        parents.update(_QUOTED.findall(found.get("down_revision", "")))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revision(target: Engine | Database) -> str | None:
    """The revision stamped in the database; None for a new file or an unreadable stamp.

    An engine.Database of a file is read with sqlite3 (its engine is not made)."""
    path = getattr(target, "path", None)
    if path is not None and "engine" not in vars(target):
        return _stored_in_file(path)
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    engine = target.engine  # an Engine is its own
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no such table yet: a new, empty database
        return None
    return rows[0][0] if len(rows) == 1 else None


def _stored_in_file(path: Path) -> str | None:
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as raw:
            raw.execute("PRAGMA busy_timeout=5000")
            rows = raw.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:  # no such table yet (a new, empty file), or none at all
        return None
    return rows[0][0] if len(rows) == 1 else None


def is_current(target: Engine | Database) -> bool:
    """True only when the database is exactly at the newest revision."""
    head = head_revision()
    return head is not None and stored_revision(target) == head
