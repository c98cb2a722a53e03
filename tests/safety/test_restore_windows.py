"""Restore where Windows refuses to replace the file: another program has it open, and
`os.replace` fails with WinError 32 (a sharing violation). The swap is made to fail the
same way here, so this runs on Linux too: one sentence, the old database whole and in place,
nothing left that a later start would finish behind the user's back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from safety_helpers import integrity

from sferum_desk.cli import main
from sferum_desk.db.restore import SWAP_REFUSED, finish_interrupted_restore
from sferum_desk.domain.errors import UserError
from sferum_desk.services.dto import StaffInput

pytestmark = pytest.mark.sqlite_only

LEFTOVER_ENDINGS = (".restoring", ".restore-journal", ".part")


@pytest.fixture
def backed_up(school, db_path):
    """A backup holding 1 staff member; the live file holds 2, closed as `restore` needs."""
    school.people.save_staff(StaffInput("Сидорова Вера Павловна", "Учитель"))
    school.organization.backup_now()
    school.people.save_staff(StaffInput("Лебедева Ольга Ивановна", "Учитель"))
    school.db.close()
    return db_path


@pytest.fixture
def windows_sharing(monkeypatch):
    """os.replace onto the given live database fails as on Windows while it is open."""
    real_replace = os.replace

    def refuse(target: Path):
        def replace(src, dst, *args, **kwargs):
            if Path(dst) == target:
                raise PermissionError(13, "The process cannot access the file because it is "
                                          "being used by another process", str(dst))
            return real_replace(src, dst, *args, **kwargs)
        monkeypatch.setattr(os, "replace", replace)

    yield refuse
    monkeypatch.setattr(os, "replace", real_replace)


def staff_count(db_path: Path, capsys) -> int:
    capsys.readouterr()
    assert main(["--db", str(db_path), "stats", "--json"]) == 0
    return int(capsys.readouterr().out.split('"staff": ')[1].split(",")[0])


def leftovers(db_path: Path) -> list[str]:
    return sorted(p.name for p in db_path.parent.iterdir() if p.name.endswith(LEFTOVER_ENDINGS))


def test_a_restore_windows_cannot_swap_is_one_sentence_and_undone(backed_up, windows_sharing,
                                                                   capsys):
    db_path = backed_up
    windows_sharing(db_path)
    assert main(["--db", str(db_path), "restore", "newest"]) == 1
    assert capsys.readouterr().err == SWAP_REFUSED + "\n"  # one sentence, no traceback
    assert leftovers(db_path) == []  # no note for a later start to finish unasked
    assert integrity(db_path) == "ok"
    windows_sharing(Path("никакой-файл"))  # the other program is closed: the retry works
    assert staff_count(db_path, capsys) == 2  # the old database, whole, in place
    assert main(["--db", str(db_path), "restore", "newest"]) == 0
    assert staff_count(db_path, capsys) == 1
    assert leftovers(db_path) == []


def test_an_interrupted_restore_windows_cannot_finish_waits_for_the_next_start(backed_up,
                                                                              windows_sharing):
    db_path = backed_up
    db_path.with_name(db_path.name + ".restoring").write_bytes(db_path.read_bytes())
    db_path.with_name(db_path.name + ".restore-journal").write_text('{"kept_aside": null}',
                                                                      encoding="utf-8")
    windows_sharing(db_path)
    with pytest.raises(UserError) as info:
        finish_interrupted_restore(db_path)
    assert info.value.message == SWAP_REFUSED
    assert leftovers(db_path) == [db_path.name + ".restore-journal", db_path.name + ".restoring"]
    assert integrity(db_path) == "ok"
    windows_sharing(Path("никакой-файл"))
    assert finish_interrupted_restore(db_path) == "finished"
    assert leftovers(db_path) == []
