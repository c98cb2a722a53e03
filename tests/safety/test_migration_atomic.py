"""A migration that rebuilds the `person` table (Alembic's batch mode drops and re-creates
it): every row that refers to a person survives, foreign keys are on again afterwards, and
a migration that fails half-way leaves the file exactly as it was."""

from __future__ import annotations

import os
import textwrap

import pytest
from safety_helpers import integrity, snapshot, write_roster

from sferum_desk.db import migrations
from sferum_desk.db.engine import open_database
from sferum_desk.services import Services
from sferum_desk.services.dto import OrganizationData

pytestmark = pytest.mark.sqlite_only

REBUILD = '''
import sqlalchemy as sa
from alembic import op

revision = "9002_rebuild"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("person", recreate="always") as batch:
        batch.add_column(sa.Column("nickname", sa.String(50), server_default=""))
    {tail}


def downgrade():
    pass
'''


@pytest.fixture
def school_file(tmp_path):
    path = tmp_path / "школа.sqlite3"
    db = open_database(path)
    services = Services.over(db)
    services.organization.save(OrganizationData(kind="school", full_name="МБОУ «СОШ № 9»"))
    services.roster.apply(services.roster.inspect(write_roster(tmp_path / "с.xlsx", 120),
                                                  "students"))
    db.close()
    return path


def with_extra_migration(monkeypatch, folder, tail: str) -> None:
    folder.mkdir()
    (folder / "9002_rebuild.py").write_text(textwrap.dedent(REBUILD).format(
        head=migrations.head_revision(), tail=tail), encoding="utf-8")
    make_config = migrations.alembic_config

    def config(engine=None):
        result = make_config(engine)
        result.set_main_option("path_separator", "os")
        result.set_main_option("version_locations", os.pathsep.join(
            [str(migrations.HERE / "versions"), str(folder)]))
        return result

    monkeypatch.setattr(migrations, "alembic_config", config)


def test_rebuilding_a_parent_table_keeps_every_child_row(school_file, tmp_path, monkeypatch):
    before = snapshot(school_file)
    with_extra_migration(monkeypatch, tmp_path / "versions", "pass")
    db = open_database(school_file)
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.close()
    after = snapshot(school_file)
    for table in ("student", "guardian", "guardian_link", "enrolment", "unit"):
        assert after[table] == before[table], table
    assert len(after["person"]) == len(before["person"]) == 240
    assert integrity(school_file) == "ok"


def test_a_failing_migration_changes_nothing(school_file, tmp_path, monkeypatch):
    before = snapshot(school_file)
    with_extra_migration(monkeypatch, tmp_path / "versions",
                         "op.execute(\"UPDATE person SET first_name = 'x'\")\n"
                         "    raise RuntimeError('the migration breaks half-way')")
    with pytest.raises(RuntimeError):
        open_database(school_file)
    assert snapshot(school_file) == before
    assert integrity(school_file) == "ok"
