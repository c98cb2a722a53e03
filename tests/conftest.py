"""Each test gets its own temporary database; Qt runs offscreen.

With SFERUM_TEST_DB_URL set to a PostgreSQL database the test user owns (e.g.
`postgresql+psycopg:///sferum_test?host=/var/run/postgresql`), `db_path` is the URL of a fresh
schema in it instead of a SQLite file, dropped after the test: the same service and CLI tests
then run against the server. Tests that read the SQLite file itself are marked `sqlite_only`.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import uuid

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "SFERUM_DESK_HOME" not in os.environ:  # logs and server backups never land in the real folder
    import tempfile

    os.environ["SFERUM_DESK_HOME"] = tempfile.mkdtemp(prefix="sferum-desk-tests-")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# The property tests run the same examples on every machine: a CI run is never red by the
# luck of a draw. HYPOTHESIS_PROFILE=explore draws new ones (run it now and then, locally).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

from sferum_desk.db.engine import open_database  # noqa: E402
from sferum_desk.services import Services  # noqa: E402
from sferum_desk.services.dto import OrganizationData  # noqa: E402

PG_URL = os.environ.get("SFERUM_TEST_DB_URL", "")
SCHEMA_PREFIX = "sferum_test_"


def _under_wine() -> bool:
    """The Windows Python of packaging/check_windows.sh --tests: wine's ntdll says so."""
    if sys.platform != "win32":
        return False
    try:
        import ctypes

        return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")
    except (OSError, AttributeError):
        return False


UNDER_WINE = _under_wine()


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: reads or writes the SQLite file itself; "
                                       "skipped when the tests run on PostgreSQL")
    config.addinivalue_line("markers", "postgres: needs a PostgreSQL server "
                                       "(SFERUM_TEST_DB_URL); skipped without one")
    config.addinivalue_line("markers", "not_under_wine(reason): cannot run under wine "
                                       "(packaging/check_windows.sh --tests) for the reason "
                                       "given; runs on Windows and Linux")


def pytest_report_header(config):
    return (f"database: {'PostgreSQL (SFERUM_TEST_DB_URL)' if PG_URL else 'SQLite files'}"
            + ("; under wine" if UNDER_WINE else ""))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if PG_URL and "sqlite_only" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="SQLite file test; running on PostgreSQL"))
        if not PG_URL and "postgres" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="no PostgreSQL: set SFERUM_TEST_DB_URL"))
        wine = item.get_closest_marker("not_under_wine")
        if UNDER_WINE and wine is not None:
            reason = wine.kwargs.get("reason") or (wine.args[0] if wine.args else "")
            if not reason:
                raise pytest.UsageError(f"{item.nodeid}: not_under_wine needs a reason")
            item.add_marker(pytest.mark.skip(reason=f"under wine: {reason}"))


class PostgresSchemas:
    """Fresh schemas in the test database: one per test database, dropped afterwards."""

    def __init__(self, url: str):
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.base = make_url(url)
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")

    def new_schema(self) -> str:
        """A new empty schema; its name carries this process's id (see drop_stale)."""
        name = f"{SCHEMA_PREFIX}{os.getpid()}_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        return name

    def url_for(self, schema: str) -> str:
        url = self.base.update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    def drop_stale(self) -> None:
        """Schemas left by an interrupted run: their test process is gone (another run going
        on at the same time keeps its own)."""
        self.drop([name for name in self._existing(SCHEMA_PREFIX)
                   if not _process_alive(name[len(SCHEMA_PREFIX):].split("_")[0])])

    def drop(self, names: list[str]) -> None:
        with self.admin.connect() as connection:
            connection.exec_driver_sql("SET lock_timeout = '10s'")
            for name in names:
                connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')

    def _existing(self, prefix: str) -> list[str]:
        with self.admin.connect() as connection:
            return [row[0] for row in connection.exec_driver_sql(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE %(p)s",
                {"p": prefix + "%"})]


def _process_alive(pid: str) -> bool:
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture(scope="session")
def _pg_admin():
    if not PG_URL:
        yield None
        return
    schemas = PostgresSchemas(PG_URL)
    schemas.drop_stale()
    yield schemas
    schemas.admin.dispose()


@pytest.fixture
def fresh_postgres(_pg_admin):
    """A factory of URLs, each a new empty schema on the test server (PostgreSQL only)."""
    if _pg_admin is None:
        pytest.skip("no PostgreSQL: set SFERUM_TEST_DB_URL")
    made: list[str] = []

    def new_url() -> str:
        made.append(_pg_admin.new_schema())
        return _pg_admin.url_for(made[-1])
    yield new_url
    _pg_admin.drop(made)


@pytest.fixture
def db_path(tmp_path, _pg_admin):
    """The test database: a SQLite file path, or a PostgreSQL URL (a string) on the server."""
    if _pg_admin is None:
        yield tmp_path / "test.sqlite3"
        return
    schema = _pg_admin.new_schema()
    yield _pg_admin.url_for(schema)
    _pg_admin.drop([schema])


@pytest.fixture
def services(db_path):
    db = open_database(db_path)
    yield Services.over(db)
    db.close()


@pytest.fixture
def raw_sql(services):
    """Run a query on the test database outside the services: rows as tuples, dates as ISO
    text (as SQLite stores them), whichever database the tests run on."""
    def run(query: str) -> list[tuple]:
        with services.db.engine.connect() as connection:
            return [tuple(v.isoformat() if isinstance(v, dt.date) else v for v in row)
                    for row in connection.exec_driver_sql(query)]
    return run


@pytest.fixture
def school(services):
    services.organization.save(OrganizationData(kind="school", full_name="МБОУ «СОШ № 1»"))
    return services


@pytest.fixture
def kindergarten(services):
    services.organization.save(OrganizationData(kind="kindergarten",
                                                full_name="МБДОУ «Детский сад № 5»"))
    return services
