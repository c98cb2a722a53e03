"""Each test gets its own temporary database; Qt runs offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from sferum_desk.db.engine import open_database  # noqa: E402
from sferum_desk.services import Services  # noqa: E402
from sferum_desk.services.dto import OrganizationData  # noqa: E402


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "test.sqlite3"


@pytest.fixture
def services(db_path):
    db = open_database(db_path)
    yield Services.over(db)
    db.close()


@pytest.fixture
def school(services):
    services.organization.save(OrganizationData(kind="school", full_name="МБОУ «СОШ № 1»"))
    return services


@pytest.fixture
def kindergarten(services):
    services.organization.save(OrganizationData(kind="kindergarten",
                                                full_name="МБДОУ «Детский сад № 5»"))
    return services
