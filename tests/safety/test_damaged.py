"""Damaged database files: refused at the start with DatabaseDamaged, never overwritten, and
restored from a backup whose contents then compare equal."""

from __future__ import annotations

import sqlite3

import pytest
from safety_helpers import (
    DAMAGE, digest, integrity, overwrite_middle, snapshot, without_restore_note, write_roster,
)

from sferum_desk.cli import main
from sferum_desk.db.engine import open_database
from sferum_desk.db.recovery import backups_of
from sferum_desk.domain.errors import DatabaseDamaged, UserError
from sferum_desk.services import Services
from sferum_desk.services.dto import OrganizationData, StaffInput
from sferum_desk.services.safety import backups_for, check_database, restore_database

pytestmark = pytest.mark.sqlite_only

@pytest.fixture
def school_file(tmp_path):
    """A school with 300 pupils and parents, a backup of it, then more work after it."""
    path = tmp_path / "школа.sqlite3"
    db = open_database(path)
    services = Services.over(db)
    services.organization.save(OrganizationData(kind="school", full_name="МБОУ «СОШ № 3»"))
    roster = write_roster(tmp_path / "список.xlsx", 300)
    services.roster.apply(services.roster.inspect(roster, "students"))
    backup = services.organization.backup_now()
    services.people.save_staff(StaffInput("Позднякова Инна Львовна", "Учитель"))
    db.close()  # the last connection checkpoints the WAL into the file
    return path, backup


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damaged_file_is_refused_kept_and_restored(school_file, kind, capsys):
    path, backup = school_file
    DAMAGE[kind](path)
    damaged = digest(path)

    with pytest.raises(DatabaseDamaged) as info:
        open_database(path)
    assert info.value.path == path
    assert "восстановите" in info.value.message
    assert digest(path) == damaged  # refusing did not touch it

    assert main(["--db", str(path), "check"]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "восстановите" in out[0]
    assert main(["--db", str(path), "stats"]) == 1  # any command: one sentence, exit 1
    assert capsys.readouterr().err.count("\n") == 1

    newest = next(info for info in backups_for(path) if info.ok)
    assert newest.path == backup and newest.units == 33 and newest.people == 600
    assert main(["--db", str(path), "restore", "newest"]) == 0
    aside = next(path.parent.glob("школа-damaged-*.sqlite3"))
    assert digest(aside) == damaged  # kept aside byte for byte
    assert integrity(path) == "ok"
    assert without_restore_note(snapshot(path)) == snapshot(backup)
    db = open_database(path)  # the program works on the restored file
    assert Services.over(db).people.stats().students == 300
    db.close()
    assert main(["--db", str(path), "check"]) == 0


def test_restore_over_a_sound_file_keeps_it_aside(school_file):
    path, backup = school_file
    before = snapshot(path)
    restored = restore_database(path, backup)
    assert restored.kept_aside.name.startswith("школа-before-restore-")
    assert snapshot(restored.kept_aside) == before
    assert without_restore_note(snapshot(path)) == snapshot(backup)


def test_a_damaged_backup_is_refused_and_nothing_changes(school_file, tmp_path):
    path, backup = school_file
    bad = tmp_path / "испорченная.sqlite3"
    bad.write_bytes(backup.read_bytes())
    overwrite_middle(bad)
    before = digest(path)
    with pytest.raises(UserError, match="повреждена"):
        restore_database(path, bad)
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()
                  if p.is_file() and not p.name.endswith(("-wal", "-shm", ".lock"))) == \
        ["испорченная.sqlite3", "список.xlsx", "школа.sqlite3"]


def test_a_file_that_is_not_a_copy_is_refused(school_file, tmp_path):
    path, _ = school_file
    other = tmp_path / "чужая.sqlite3"
    with sqlite3.connect(other) as raw:
        raw.execute("CREATE TABLE t (x)")
    with pytest.raises(UserError, match="не является копией"):
        restore_database(path, other)


def test_backups_list_dates_reasons_and_counts(school_file):
    path, _ = school_file
    (path.parent / "backups" / f"{path.stem}-20250101-120000-000000-before-import.sqlite3") \
        .write_bytes(b"not a database")
    infos = backups_of(path, path.parent / "backups")
    assert [i.ok for i in infos][:1] == [True]
    broken = next(i for i in infos if not i.ok)
    assert broken.reason == "перед импортом" and broken.taken_at.year == 2025
    assert infos[0].reason == "сохранена вручную"


def test_check_reports_orphans_and_people_without_a_unit(school_file, capsys):
    path, _ = school_file
    with sqlite3.connect(path) as raw:  # what an outside edit or a bad sector could leave
        raw.execute("PRAGMA foreign_keys=OFF")
        raw.execute("INSERT INTO person (last_name, first_name, patronymic, name_key, phone, "
                    "email, created_at, updated_at, version) VALUES ('Безролев', 'Пётр', '', "
                    "'безролев петр', '', '', '2025-01-01', '2025-01-01', 1)")
        raw.execute("UPDATE student SET unit_id = NULL WHERE id IN (1, 2)")
        raw.execute("INSERT INTO guardian_link (guardian_id, student_id, relation) "
                    "VALUES (99999, 1, 'mother')")
    findings = check_database(path)
    texts = [f.text for f in findings]
    assert len(texts) == 3, texts
    assert any("guardian_link" in t and ": 1 —" in t for t in texts)
    assert any("без роли" in t for t in texts)
    assert any("без указанного подразделения (класс): 2" in t for t in texts)
    assert main(["--db", str(path), "check", "--repair"]) == 1  # the rest needs a person
    out = capsys.readouterr().out
    assert "Удалено записей о людях без роли: 1." in out
    assert not any("без роли" in t for t in (f.text for f in check_database(path)))
