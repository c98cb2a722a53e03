"""Is a migration due? Answered without importing Alembic when the file is up to date.

Alembic (and its whole import, a large part of a command's start) is needed only when the
stored revision differs from the newest one. The newest one is read here from the same
migration scripts Alembic reads (`revision = '…'`, `down_revision = '…'`), so it can never
fall out of step with them; `migrations.needs_upgrade` decides every other case.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

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


def stored_revision(engine: Engine) -> str | None:
    """The revision stamped in the database; None for a new file or an unreadable stamp."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no such table yet: a new, empty database
        return None
    return rows[0][0] if len(rows) == 1 else None


def is_current(engine: Engine) -> bool:
    """True only when the database is exactly at the newest revision."""
    head = head_revision()
    return head is not None and stored_revision(engine) == head
