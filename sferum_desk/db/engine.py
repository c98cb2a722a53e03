"""Engine, sessions and the unit of work over one database: a SQLite file or a PostgreSQL server.

`open_database` takes a file path (the usual case: one PC) or a URL such as
`postgresql+psycopg://user@host/dbname` (several PCs sharing one database).

Copies of a whole database (`copy_database`, SQLite ⇄ PostgreSQL) and a server's backups are
here too: a copy opens its target like any database, and a server database backs itself up
by such a copy, so they cannot live above this module; the rows are moved by copying.py.
db/transfer.py keeps their public names for callers.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sferum_desk.collector import collector_paused_over
from sferum_desk.db import migrations
from sferum_desk.db.backup import automatic_backup, partial_of, remove_partial, rotate_backups
from sferum_desk.db.erasure import finish_interrupted_erasure, marker_path
from sferum_desk.db.private import private_file, private_folder
from sferum_desk.db.recovery import (
    os_failure_message, refuse_damaged, refuse_foreign, refuse_long_path, refuse_missing,
    refuse_unwritable,
    sqlite_failure, stamp_ours,
)
from sferum_desk.db.restore import finish_interrupted_restore
from sferum_desk.domain.errors import EditConflict, UserError
from sferum_desk.paths import backups_dir_for, server_backups_dir

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Engine
    from sqlalchemy.exc import DatabaseError
    from sqlalchemy.orm import Session

# SQLAlchemy (its ORM above all) is imported on first use of `Database.engine`, `url` or a
# unit of work, not here: a command that only reads a file through `Database.reading()` or
# copies it with sqlite3 (stats, backup --to, check) starts without it (#17).

log = logging.getLogger(__name__)

URL_DIALECTS = ("sqlite", "postgresql")


BUSY_TIMEOUT_MS = 5000  # how long a write waits for another program's write to end
WRITE_LOCK_WAIT_MS = 2000  # how long a unit of work waits for the write lock before reading
WRITE_INTENT = "sferum_write_intent"  # execution option of the unit of work's connections
_BUSY = "База данных занята другой программой: подождите и повторите."


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # pysqlite's own transaction handling runs SELECTs outside any transaction, so an id
    # read before the first INSERT could be taken meanwhile by another process (UNIQUE on
    # person.id): the transactions are begun by _sqlite_begin instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(connection) -> None:
    """Every unit of work takes the write lock first (BEGIN IMMEDIATE): two writers run one
    after the other, and whatever one reads (the next free id) stays true until it commits.
    While another program holds the lock past the busy timeout, the transaction still
    begins as a reader (a WAL snapshot, so lists keep showing); should it then write, SQLite
    refuses the stale snapshot as «database is locked» and the user reads «занята»."""
    if not connection.get_execution_options().get(WRITE_INTENT):
        connection.exec_driver_sql("BEGIN")
        return
    raw = connection.connection.dbapi_connection
    raw.execute(f"PRAGMA busy_timeout={WRITE_LOCK_WAIT_MS}")
    try:
        raw.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
            raise
        raw.execute("BEGIN")
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def is_database_url(target: Path | str) -> bool:
    """A URL (`postgresql+psycopg://…`, `sqlite:///…`) rather than a file path."""
    return isinstance(target, str) and "://" in target


def database_url(target: Path | str | URL) -> URL:
    """The SQLAlchemy URL for a file path or a URL the user typed."""
    from sqlalchemy.engine import URL, make_url
    from sqlalchemy.exc import ArgumentError

    if isinstance(target, URL):
        return target
    if not is_database_url(target):
        return URL.create("sqlite", database=str(Path(target).expanduser()))
    try:
        url = make_url(str(target))
    except ArgumentError as exc:
        raise UserError("Адрес базы данных записан неверно: пример — "
                        "postgresql+psycopg://пользователь@сервер/база.") from exc
    if url.get_backend_name() not in URL_DIALECTS:
        raise UserError("Sferum Desk работает с файлом SQLite или с сервером PostgreSQL: "
                        "укажите файл или адрес postgresql+psycopg://…")
    if url.get_backend_name() == "postgresql" and url.drivername != "postgresql+psycopg":
        url = url.set(drivername="postgresql+psycopg")  # the one driver we ship
    return url


def make_engine(target: Path | str | URL) -> Engine:
    """An engine for a file or a URL; SQLite gets its pragmas, PostgreSQL a live-check pool.

    SQL parameters are hidden in error messages so that no name or phone reaches a log.
    """
    from sqlalchemy import create_engine, event
    from sqlalchemy.exc import NoSuchModuleError

    url = database_url(target)
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(url, hide_parameters=True, pool_pre_ping=True,
                             connect_args={"connect_timeout": 10,
                                           "application_name": "Sferum Desk"})
    except (ImportError, NoSuchModuleError) as exc:
        raise UserError("Для работы с сервером PostgreSQL нужен модуль psycopg: установите "
                        "программу заново или выполните pip install \"sferum-desk[postgres]\".") \
            from exc


def describe(url: URL) -> str:
    """What to show the user: the file path, or the server address without the password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ""
    return url.render_as_string(hide_password=True)


class Database:
    """One opened database: the services get this and nothing else.

    `path` is the SQLite file, or None on a PostgreSQL server; there `backup()` saves the
    server's data as a SQLite file in this PC's data folder (paths.server_backups_dir).
    """

    def __init__(self, target: Path | str | URL):
        if _is_file_target(target):  # a file: no SQLAlchemy until the engine is needed
            self.path = _file_path(target)
            self.dialect = "sqlite"
        else:
            self.url = database_url(target)
            self.dialect = self.url.get_backend_name()
            self.path = Path(self.url.database) if self.is_sqlite and self.url.database else None

    @cached_property
    def url(self) -> URL:
        return database_url(self.path)

    @cached_property
    def engine(self) -> Engine:
        with collector_paused_over():  # SQLAlchemy's dialect modules load: no garbage
            return make_engine(self.url)

    @cached_property
    def _sessions(self):
        with collector_paused_over():
            from sqlalchemy.orm import sessionmaker

        return sessionmaker(self.engine.execution_options(**{WRITE_INTENT: True}),
                            expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def location(self) -> str:
        """The file path or the server address (never the password), for messages."""
        return describe(self.url)

    @property
    def backups_dir(self) -> Path:
        return backups_dir_for(self.path) if self.path else server_backups_dir()

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on any error.

        A row changed on another PC since it was read (its version moved on) becomes
        `EditConflict`, never a silent overwrite.
        """
        from sqlalchemy.exc import DatabaseError, DataError, OperationalError
        from sqlalchemy.orm.exc import StaleDataError

        if self.path is not None:
            refuse_missing(self.path)  # the drive may have been pulled out since the start
        session = self._sessions()
        try:
            yield session
            session.commit()
        except StaleDataError as exc:
            session.rollback()
            raise EditConflict() from exc
        except DataError as exc:  # PostgreSQL enforces column sizes that SQLite ignores
            session.rollback()
            raise UserError("Слишком длинный текст в одном из полей: сократите его и "
                            "повторите.") from exc
        except OperationalError as exc:
            session.rollback()
            if "locked" in str(exc).lower():
                raise UserError(_BUSY) from exc
            if not self.is_sqlite:
                raise _connection_error(self.url) from exc
            _raise_sqlite_failure(exc, self.path)
            raise
        except DatabaseError as exc:  # a damaged file, a read-only one, a full disk
            session.rollback()
            _raise_sqlite_failure(exc, self.path)
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Callable[[str], list[tuple]]]:
        """One read-only snapshot for plain SQL text (`read(sql)` gives its rows): counts
        asked often or by a command alone (`stats`). A file is read straight through sqlite3,
        so such a command never imports SQLAlchemy; a server through the engine."""
        if self.path is None:
            from sqlalchemy.exc import OperationalError

            try:
                with self.engine.connect() as connection:
                    yield lambda sql: [tuple(row) for row in connection.exec_driver_sql(sql)]
            except OperationalError as exc:  # a lost server: the sentence a unit of work says
                raise _connection_error(self.url) from exc
            return
        refuse_missing(self.path)
        try:
            with closing(sqlite3.connect(self.path, isolation_level=None)) as connection:
                connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                connection.execute("BEGIN")  # every count from the same moment
                yield lambda sql: connection.execute(sql).fetchall()
        except sqlite3.DatabaseError as exc:  # said as a unit of work says it
            if "locked" in str(exc).lower():
                raise UserError(_BUSY) from exc
            _raise_sqlite_failure(exc, self.path)
            raise

    def backup(self, reason: str) -> Path | None:
        """A rotated, verified copy before a risky step (None while there is nothing to copy).

        A server database is copied into a SQLite file that opens anywhere with --db.
        """
        if self.path is None:
            return server_backup(self, reason)
        return automatic_backup(self.path, reason, self.backups_dir)

    def close(self) -> None:
        if "engine" in self.__dict__:  # never made: nothing to dispose of
            self.engine.dispose()


def _is_file_target(target) -> bool:
    return isinstance(target, Path) or (isinstance(target, str) and not is_database_url(target))


def _file_path(target: Path | str) -> Path:
    return Path(str(Path(target).expanduser()))


def open_database(target: Path | str | URL, probed: bool = False) -> Database:
    """Open (or create) a database and bring its schema up to date.

    An existing SQLite file gets a backup before any migration touches it. `probed`: the
    caller has just checked the file page by page itself (`check`), so it is not read twice.
    """
    if _is_file_target(target):
        return _open_sqlite(_file_path(target), probed)
    url = database_url(target)
    if url.get_backend_name() == "sqlite":
        return _open_sqlite(Path(url.database or ""), probed)
    return _open_server(url)


def _open_sqlite(path: Path, probed: bool = False) -> Database:
    if not str(path) or str(path) == ":memory:":
        raise UserError("Укажите файл базы данных.")
    refuse_long_path(path)
    if path.is_dir():
        raise UserError(f"«{path}» — это папка, а нужен файл базы данных.")
    try:
        private_folder(path.parent)
    except OSError as exc:
        raise UserError(f"Папки «{path.parent}» нет, и создать её не удалось: подключите "
                        "диск или флешку с базой данных или выберите другое место.") from exc
    refuse_unwritable(path)
    finish_interrupted_restore(path)  # a restore cut short by a kill is completed first
    if not probed:
        refuse_damaged(path)  # DatabaseDamaged: the GUI offers to restore a backup
    refuse_foreign(path)  # another program's file is never touched
    if marker_path(path).exists():  # an erasure killed after its commit, or left unfinished
        finish_interrupted_erasure(path, backups_dir_for(path))
    had_data = path.exists() and path.stat().st_size > 0
    _create_private(path)
    db = Database(path)
    try:
        if migrations.needs_upgrade(db):  # read with sqlite3 when the file is up to date
            if had_data:
                db.backup("before-migration")
            migrations.upgrade(db.engine)
        stamp_ours(path)
    except (sqlite3.OperationalError, *_sqlalchemy_operational_error()) as exc:
        db.close()
        raise UserError(os_failure_message(exc, path.parent) or
                        f"Не удалось открыть базу данных «{path}»: проверьте, что файл "
                        "доступен для записи.") from exc
    except BaseException:
        db.close()
        raise
    return db


def _sqlalchemy_operational_error() -> tuple[type[BaseException], ...]:
    """SQLAlchemy's OperationalError, when a migration (or anything) has imported it."""
    import sys

    exc = sys.modules.get("sqlalchemy.exc")
    return (exc.OperationalError,) if exc is not None else ()


def _create_private(path: Path) -> None:
    try:
        private_file(path)
    except OSError as exc:
        raise UserError(os_failure_message(exc, path.parent) or
                        f"Не удалось создать файл базы данных «{path}»: проверьте, что папка "
                        "доступна для записи.") from exc


def _open_server(url: URL) -> Database:
    from sqlalchemy.exc import OperationalError

    db = Database(url)
    try:
        if migrations.needs_upgrade(db.engine):
            migrations.upgrade(db.engine)  # serialised between PCs by a lock in env.py
    except OperationalError as exc:
        db.close()
        raise _connection_error(url) from exc
    except BaseException:
        db.close()
        raise
    return db


def _raise_sqlite_failure(exc: DatabaseError | sqlite3.DatabaseError,
                          path: Path | None) -> None:
    failure = sqlite_failure(exc, path) if path is not None else None
    if failure is not None:
        raise failure from exc


def _connection_error(url: URL) -> UserError:
    return UserError(f"Не удалось подключиться к базе «{describe(url)}»: проверьте, что сервер "
                     "PostgreSQL включён, а имя пользователя и пароль верны.")


# ---- copies of a whole database, and a server's backups (a copy into a new file) --------
def copy_database(source: Database, target: Path | str) -> dict[str, int]:
    """Copy every row of `source` into the empty database at `target` (a path or a URL).

    Returns the row count of each table, identical in both databases. A file copied into
    a new file is sqlite3's work alone (file_copy.py): no SQLAlchemy is imported for it.
    """
    if _is_file_target(target) and source.path is not None:
        copied = _file_to_new_file(source, _file_path(target))
        if copied is not None:
            return copied
    from sqlalchemy.exc import DBAPIError

    from sferum_desk.db.copying import copy_tables, new_sqlite_file, write_failure

    url = database_url(target)
    if url == source.url:
        raise UserError(_SAME_DATABASE)
    new_file = new_sqlite_file(url)
    partial = partial_of(new_file) if new_file else None
    if partial:
        remove_partial(partial)
    try:
        destination = open_database(partial or url)
    except BaseException:
        remove_partial(partial)  # a full disk may refuse the new file's very first pages
        raise
    try:
        counts = copy_tables(source, destination)
    except DBAPIError as exc:
        destination.close()
        remove_partial(partial)
        raise write_failure(exc, new_file) from exc
    except BaseException:
        destination.close()
        remove_partial(partial)
        raise
    destination.close()
    if partial:
        try:
            partial.replace(new_file)
        except OSError as exc:
            raise UserError(f"Не удалось сохранить файл «{new_file}»: проверьте, что папка "
                            "доступна для записи.") from exc
    log.info("copied %s database to %s: %d rows", source.dialect, url.get_backend_name(),
             sum(counts.values()))
    return counts


_SAME_DATABASE = "Укажите другую базу: нельзя копировать базу саму в себя."


def _file_to_new_file(source: Database, target: Path) -> dict[str, int] | None:
    """A file into a new file by VACUUM INTO; None when the target file is there already
    (then it is opened and filled row by row, refused unless empty)."""
    from sferum_desk.db.file_copy import file_to_new_file, new_file_at

    if target == source.path:
        raise UserError(_SAME_DATABASE)
    new_file = new_file_at(target)
    if new_file is None:
        return None
    partial = partial_of(new_file)
    remove_partial(partial)
    return file_to_new_file(source, partial, new_file)


def describe_target(target: Path | str) -> str:
    """`describe` of what the user typed, a file without SQLAlchemy."""
    return str(_file_path(target)) if _is_file_target(target) else describe(database_url(target))


def server_backup(source: Database, reason: str) -> Path | None:
    """A rotated SQLite copy of a server database in this PC's data folder (as for files:
    the last ten and one a month are kept); None while the database is still empty."""
    from sqlalchemy import select

    from sferum_desk.db.models import Organization

    with source.engine.connect() as connection:
        if connection.scalar(select(Organization.id).limit(1)) is None:
            return None
    stem = server_backup_stem(source)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = source.backups_dir / f"{stem}-{stamp}-{reason}.sqlite3"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Не удалось сохранить резервную копию в «{target.parent}»: "
                        "проверьте, что папка доступна для записи.") from exc
    copy_database(source, target)
    rotate_backups(target.parent, stem)
    return target


def server_backup_stem(source: Database) -> str:
    """`server-dbname`, safe as a file name: copies of two servers never rotate each other."""
    raw = f"{source.url.host or 'local'}-{source.url.database or 'sferum'}"
    return re.sub(r"[^\w.]+", "_", raw)
