"""Each test gets its own temporary database; Qt runs offscreen.

With SFERUM_TEST_DB_URL set to a PostgreSQL database the test user owns (e.g.
`postgresql+psycopg:///sferum_test?host=/var/run/postgresql`), `db_path` is the URL of a fresh
schema in it instead of a SQLite file, dropped after the test: the same service and CLI tests
then run against the server. Tests that read the SQLite file itself are marked `sqlite_only`.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "SFERUM_DESK_HOME" not in os.environ:  # logs and server backups never land in the real folder
    import tempfile

    os.environ["SFERUM_DESK_HOME"] = tempfile.mkdtemp(prefix="sferum-desk-tests-")

import pytest  # noqa: E402

from sferum_desk.db.engine import open_database  # noqa: E402
from sferum_desk.services import Services  # noqa: E402
from sferum_desk.services.dto import OrganizationData  # noqa: E402

PG_URL = os.environ.get("SFERUM_TEST_DB_URL", "")
SCHEMA_PREFIX = "sferum_test_"


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: reads or writes the SQLite file itself; "
                                       "skipped when the tests run on PostgreSQL")
    config.addinivalue_line("markers", "postgres: needs a PostgreSQL server "
                                       "(SFERUM_TEST_DB_URL); skipped without one")


def pytest_report_header(config):
    return f"database: {'PostgreSQL (SFERUM_TEST_DB_URL)' if PG_URL else 'SQLite files'}"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if PG_URL and "sqlite_only" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="SQLite file test; running on PostgreSQL"))
        if not PG_URL and "postgres" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="no PostgreSQL: set SFERUM_TEST_DB_URL"))


class PostgresSchemas:
    """Fresh schemas in the test database: one per test database, dropped afterwards."""

    def __init__(self, url: str):
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.base = make_url(url)
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def new_url(self) -> str:
        name = SCHEMA_PREFIX + uuid.uuid4().hex[:12]
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        self.created.append(name)
        url = self.base.update_query_dict({"options": f"-csearch_path={name}"})
        return url.render_as_string(hide_password=False)

    def drop_all(self, prefix: str = "") -> None:
        names = self.created if not prefix else self._existing(prefix)
        with self.admin.connect() as connection:
            connection.exec_driver_sql("SET lock_timeout = '10s'")
            for name in names:
                connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        self.created = []

    def _existing(self, prefix: str) -> list[str]:
        with self.admin.connect() as connection:
            return [row[0] for row in connection.exec_driver_sql(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE %(p)s",
                {"p": prefix + "%"})]


@pytest.fixture(scope="session")
def _pg_admin():
    if not PG_URL:
        yield None
        return
    schemas = PostgresSchemas(PG_URL)
    schemas.drop_all(prefix=SCHEMA_PREFIX)  # left over by an interrupted run
    yield schemas
    schemas.admin.dispose()


@pytest.fixture
def fresh_postgres(_pg_admin):
    """A factory of URLs, each a new empty schema on the test server (PostgreSQL only)."""
    if _pg_admin is None:
        pytest.skip("no PostgreSQL: set SFERUM_TEST_DB_URL")
    yield _pg_admin.new_url
    _pg_admin.drop_all()


@pytest.fixture
def db_path(tmp_path, _pg_admin):
    """The test database: a SQLite file path, or a PostgreSQL URL (a string) on the server."""
    if _pg_admin is None:
        yield tmp_path / "test.sqlite3"
        return
    yield _pg_admin.new_url()
    _pg_admin.drop_all()


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
