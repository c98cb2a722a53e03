"""The CLI starts light: --version and --help import no SQLAlchemy or Alembic, and a
database already at the newest revision opens without Alembic (#17)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from sferum_desk.db import migrations, revision
from sferum_desk.db.engine import open_database

HEAVY = ("sqlalchemy", "alembic", "PySide6", "openpyxl", "reportlab")
PROBE = """
import json, sys
heavy = set(json.loads(sys.argv[2]))
sys.argv = ["sferum-desk", *json.loads(sys.argv[1])]
from sferum_desk.cli import main
try:
    code = main()
except SystemExit as exit_:
    code = exit_.code
loaded = sorted({m.split(".")[0] for m in sys.modules} & heavy)
sys.stdout.flush()
sys.stderr.write("LOADED " + json.dumps(loaded) + "\\n")
"""


def _loaded(tmp_path: Path, *argv: str) -> list[str]:
    env = dict(os.environ, SFERUM_DESK_HOME=str(tmp_path / "home"))
    result = subprocess.run([sys.executable, "-c", PROBE, json.dumps(argv), json.dumps(HEAVY)],
                            capture_output=True, encoding="utf-8", env=env, timeout=120)
    line = next(x for x in result.stderr.splitlines() if x.startswith("LOADED "))
    return json.loads(line[7:])


def test_version_imports_no_database_library(tmp_path):
    assert _loaded(tmp_path, "--version") == []


def test_help_imports_no_database_library(tmp_path):
    assert _loaded(tmp_path, "--help") == []
    assert _loaded(tmp_path, "new-year", "--help") == []


def test_a_current_database_opens_without_alembic(tmp_path):
    db = tmp_path / "school.sqlite3"
    open_database(db).close()  # created and migrated to the newest revision
    loaded = _loaded(tmp_path, "--db", str(db), "list", "units", "--json")
    assert "sqlalchemy" in loaded  # the ORM lists the units
    assert "alembic" not in loaded


def test_stats_and_backup_of_a_current_file_import_no_sqlalchemy(tmp_path):
    """Counts and a file copy are plain SQLite work: the start pays for no ORM (#17)."""
    db = tmp_path / "school.sqlite3"
    open_database(db).close()
    assert _loaded(tmp_path, "--db", str(db), "stats", "--json") == []
    assert _loaded(tmp_path, "--db", str(db), "backup", "--to",
                   str(tmp_path / "copy.sqlite3")) == []
    assert (tmp_path / "copy.sqlite3").exists()
    assert _loaded(tmp_path, "--db", str(db), "check") == []
    assert _loaded(tmp_path, "--db", str(db), "copy-to", str(tmp_path / "new.sqlite3")) == []
    assert (tmp_path / "new.sqlite3").exists()


def test_a_file_copy_counts_tables_in_the_models_order(tmp_path):
    """copy-to --json lists the tables parents first, as before it read them from the
    models (SQLAlchemy's sorted_tables), now read from the file itself."""
    from sferum_desk.db.file_copy import parents_first
    from sferum_desk.db.models import Base

    db = tmp_path / "school.sqlite3"
    open_database(db).close()
    with sqlite3.connect(db) as raw:
        assert parents_first(raw) == [t.name for t in Base.metadata.sorted_tables]


def test_an_old_file_is_still_migrated_by_a_light_command(tmp_path):
    """`stats` reads the stored revision with sqlite3; one behind still gets Alembic."""
    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    db = tmp_path / "school.sqlite3"
    open_database(db).close()
    engine = create_engine(f"sqlite:///{db}", poolclass=NullPool)
    command.downgrade(migrations.alembic_config(engine), "0004")
    engine.dispose()
    assert "alembic" in _loaded(tmp_path, "--db", str(db), "stats", "--json")
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == \
            revision.head_revision()


def test_head_read_from_the_scripts_is_alembics_head():
    script = ScriptDirectory.from_config(migrations.alembic_config())
    assert revision.head_revision() == script.get_current_head()


def test_an_older_database_is_still_migrated(tmp_path):
    db = tmp_path / "old.sqlite3"
    open_database(db).close()
    database = open_database(db)
    with database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'unknown-older'")
    assert not revision.is_current(database.engine)
    database.close()


def test_a_new_file_is_not_current(tmp_path):
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    assert revision.stored_revision(engine) is None
    assert not revision.is_current(engine)
    engine.dispose()


def test_coverage_and_the_pdf_report_import_no_sqlalchemy(tmp_path):
    """Coverage is read as plain SQL (services/coverage_rows.py): `coverage` and the head's
    PDF start without the ORM (#17); the workbook still lists who is missing."""
    from sferum_desk.services import Services
    from sferum_desk.services.dto import OrganizationData

    db = tmp_path / "school.sqlite3"
    database = open_database(db)
    Services.over(database).organization.save(OrganizationData(kind="school",
                                                               full_name="Школа № 1"))
    database.close()
    assert _loaded(tmp_path, "--db", str(db), "coverage", "--json") == []
    assert _loaded(tmp_path, "--db", str(db), "report", "--out",
                   str(tmp_path / "r.pdf")) == ["reportlab"]
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
