"""A power cut in the middle of a step: the CLI runs in a subprocess, is stopped at a point
inside its transaction and killed with SIGKILL. On the next start the file passes
`PRAGMA integrity_check` and holds exactly what it held before the killed step."""

from __future__ import annotations

import textwrap

import pytest
from safety_helpers import (
    KILLED, counts, integrity, pupils, run_and_kill, snapshot, write_roster,
)

from sferum_desk.cli import main
from sferum_desk.db import migrations
from sferum_desk.db.engine import open_database
from sferum_desk.services import Services
from sferum_desk.services.dto import OrganizationData, StaffInput, StudentInput

pytestmark = pytest.mark.sqlite_only  # Popen.kill is TerminateProcess on Windows

IMPORT_ROWS = 10_000
JOINED_ROWS = 400


@pytest.fixture(scope="module")
def big_roster(tmp_path_factory):
    return write_roster(tmp_path_factory.mktemp("roster") / "ученики.xlsx", IMPORT_ROWS)


def school_with_people(path) -> None:
    """A school that already holds a little: what must survive."""
    db = open_database(path)
    services = Services.over(db)
    services.organization.save(OrganizationData(kind="school", full_name="МБОУ «СОШ № 7»"))
    unit = services.structure.create_unit("1А")
    services.people.save_staff(StaffInput("Сидорова Вера Павловна", "Учитель"))
    services.people.save_student(StudentInput("Кузьмин Павел Ильич", "01.02.2017", unit.id))
    db.close()


def next_start(path) -> None:
    """What the program does at the next start: open (and migrate) the file."""
    open_database(path).close()


@pytest.mark.parametrize("pause_at", [
    "sferum_desk.services.roster_import.writer:_Writer._insert",  # after the first chunk
    "sferum_desk.services.roster_import.service:_move_sequences",  # all 30,000 rows written
])
def test_import_of_10000_rows_killed_midway(tmp_path, big_roster, pause_at):
    db_path = tmp_path / "школа.sqlite3"
    school_with_people(db_path)
    before = snapshot(db_path)
    killed = run_and_kill(["--db", str(db_path), "import", str(big_roster), "--as", "students"],
                          tmp_path / "paused", "--pause-after", pause_at)
    assert killed.returncode == KILLED
    assert killed.wal_bytes > 0  # uncommitted pages had reached the journal on disk
    next_start(db_path)
    assert integrity(db_path) == "ok"
    assert snapshot(db_path) == before
    # the same import then runs to the end on the same file
    assert main(["--db", str(db_path), "import", str(big_roster), "--as", "students"]) == 0
    assert counts(db_path)["student"] == IMPORT_ROWS + 1


def test_bulk_mark_joined_killed_midway(tmp_path):
    db_path = tmp_path / "школа.sqlite3"
    school_with_people(db_path)
    roster = write_roster(tmp_path / "1б.xlsx", JOINED_ROWS, unit="1Б")
    assert main(["--db", str(db_path), "import", str(roster), "--as", "students"]) == 0
    names = tmp_path / "вступили.txt"
    names.write_text("\n".join(" ".join(name.split()[:2]) for name, _ in pupils(JOINED_ROWS)),
                     encoding="utf-8")
    before = snapshot(db_path)
    killed = run_and_kill(["--db", str(db_path), "joined", "--unit", "1Б", "--names-file",
                           str(names), "--audience", "students"], tmp_path / "paused",
                          "--pause-after", "sferum_desk.services.invitations.joined:record",
                          "--when-arg", "1=membership", "--flush-session")
    assert killed.returncode == KILLED
    next_start(db_path)
    assert integrity(db_path) == "ok"
    assert snapshot(db_path) == before
    assert counts(db_path)["membership"] == 0
    # done again, it marks them all
    assert main(["--db", str(db_path), "joined", "--unit", "1Б", "--names-file", str(names),
                 "--audience", "students"]) == 0
    assert counts(db_path)["membership"] == JOINED_ROWS


MIGRATION = '''
"""A test-only migration that dies half-way (written by tests/safety/test_killed.py)."""
import os
import time
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "9001_fault"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("fault_probe", sa.Column("id", sa.Integer, primary_key=True))
    with op.batch_alter_table("person", recreate="always") as batch:
        batch.add_column(sa.Column("fault_note", sa.String(20), server_default="x"))
    op.execute("UPDATE person SET first_name = first_name || '!'")
    op.execute("DELETE FROM unit_teacher")
    Path(os.environ["SFERUM_FAULT_MARKER"]).write_text("paused")
    while True:
        time.sleep(1)


def downgrade():
    pass
'''


def test_migration_killed_midway(tmp_path):
    db_path = tmp_path / "школа.sqlite3"
    school_with_people(db_path)
    roster = write_roster(tmp_path / "список.xlsx", 300)
    assert main(["--db", str(db_path), "import", str(roster), "--as", "students"]) == 0
    before = snapshot(db_path)
    head = migrations.head_revision()
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "9001_fault.py").write_text(textwrap.dedent(MIGRATION).format(head=head),
                                            encoding="utf-8")
    killed = run_and_kill(["--db", str(db_path), "stats"], tmp_path / "paused",
                          "--versions", str(versions))
    assert killed.returncode == KILLED
    backups = list((tmp_path / "backups").glob("*before-migration*"))
    assert len(backups) == 1  # the copy taken before the migration started
    next_start(db_path)  # the program without the extra migration
    assert integrity(db_path) == "ok"
    assert snapshot(db_path) == before
    assert snapshot(backups[0]) == before
