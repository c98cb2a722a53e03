"""Alembic migrations, run from code at start (no alembic.ini needed by users).

Alembic itself is imported only when a migration may be due: a database already at the
newest revision (db/revision.py reads both without Alembic) opens without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sferum_desk.db.revision import Database, is_current
from sferum_desk.domain.errors import UserError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Engine

HERE = Path(__file__).resolve().parent


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


# db/revision.py reads the shipped scripts only: a configuration given other script folders
# (a test's extra migration) is always asked through Alembic.
_SHIPPED_CONFIG = alembic_config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def needs_upgrade(target: Engine | Database) -> bool:
    """True when the file is older than this program; a newer file is refused.

    Given an engine.Database of a file, the usual answer (up to date) is read with sqlite3,
    without making its engine (nor importing SQLAlchemy)."""
    if alembic_config is _SHIPPED_CONFIG and is_current(target):
        return False  # the usual case, answered without importing Alembic
    from alembic.script import ScriptDirectory

    engine = target.engine  # a Database makes its engine here; an Engine is its own

    current = current_revision(engine)
    if current is None:
        return True
    known = {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if current not in known:
        raise UserError("Эта база создана более новой версией Sferum Desk: обновите программу, "
                        "чтобы открыть её.")
    return current != head_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; on SQLite in one transaction (env.py), so that a
    migration cut short by a power cut leaves the file exactly as it was."""
    from alembic import command

    if engine.dialect.name != "sqlite":
        command.upgrade(alembic_config(engine), revision)
        return
    migrating = _sqlite_migration_engine(engine)
    try:
        command.upgrade(alembic_config(migrating), revision)
    finally:
        migrating.dispose()


def _sqlite_migration_engine(engine: Engine) -> Engine:
    """A connection of its own with foreign keys off, as SQLite's procedure for schema
    changes requires: Alembic's batch mode rebuilds a table by dropping it, which with
    foreign keys on would cascade-delete every row that refers to it. env.py checks the
    keys before committing instead. Never returned to a pool the app uses."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    migrating = create_engine(engine.url, poolclass=NullPool, hide_parameters=True)

    @event.listens_for(migrating, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return migrating
