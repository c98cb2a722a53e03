"""Engine, sessions and the unit of work over one SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from sferum_desk.db import migrations
from sferum_desk.db.backup import automatic_backup
from sferum_desk.domain.errors import UserError
from sferum_desk.paths import backups_dir_for


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Database:
    """One opened database file: the services get this and nothing else."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.engine = make_engine(self.path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def backups_dir(self) -> Path:
        return backups_dir_for(self.path)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            if "locked" in str(exc).lower():
                raise UserError("База данных занята другой программой: подождите и "
                                "повторите.") from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def backup(self, reason: str) -> Path | None:
        return automatic_backup(self.path, reason, self.backups_dir)

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path | str) -> Database:
    """Open (or create) a database file and bring its schema up to date.

    An existing file gets a backup before any migration touches it.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise UserError(f"«{path}» — это папка, а нужен файл базы данных.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Не удалось создать папку «{path.parent}»: выберите другое место "
                        "для базы данных.") from exc
    if path.exists() and path.stat().st_size and not _looks_like_sqlite(path):
        raise UserError(f"Файл «{path.name}» не является базой Sferum Desk: выберите другой "
                        "файл.")
    had_data = path.exists() and path.stat().st_size > 0
    db = Database(path)
    try:
        if migrations.needs_upgrade(db.engine):
            if had_data:
                db.backup("before-migration")
            migrations.upgrade(db.engine)
    except OperationalError as exc:
        db.close()
        raise UserError(f"Не удалось открыть базу данных «{path}»: проверьте, что файл "
                        "доступен для записи.") from exc
    return db


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"
