"""Another program's SQLite file given as --db (or as copy-to's target) is refused untouched:
not even our tables are added to it. An empty file, and ours from before the mark, open."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from safety_helpers import digest

from sferum_desk.cli import main
from sferum_desk.db.recovery import APPLICATION_ID

pytestmark = pytest.mark.sqlite_only


def other_program(path):
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        raw.execute("INSERT INTO notes (text) VALUES ('покупки')")
    return path


def test_stats_on_another_programs_database_refuses_and_changes_nothing(tmp_path, capsys):
    foreign = other_program(tmp_path / "заметки.sqlite3")
    before = digest(foreign)
    assert main(["--db", str(foreign), "stats"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Файл «заметки.sqlite3» — база данных другой программы")
    assert err.count("\n") == 1
    assert digest(foreign) == before
    assert main(["--db", str(foreign), "import", "x.xlsx", "--as", "students"]) == 1


def test_copy_to_another_programs_database_is_refused(school, db_path, tmp_path, capsys):
    foreign = other_program(tmp_path / "заметки.sqlite3")
    before = digest(foreign)
    assert main(["--db", str(db_path), "copy-to", str(foreign)]) == 1
    assert "другой программы" in capsys.readouterr().err
    assert digest(foreign) == before


def test_our_files_are_marked_and_an_empty_file_opens(school, db_path, tmp_path):
    with closing(sqlite3.connect(db_path)) as raw:
        assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        raw.execute("PRAGMA application_id=0")  # a file from before the mark
    assert main(["--db", str(db_path), "stats"]) == 0
    with closing(sqlite3.connect(db_path)) as raw:
        assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    empty = tmp_path / "пустая.sqlite3"
    sqlite3.connect(empty).close()
    assert main(["--db", str(empty), "init", "--kind", "school", "--name", "Школа"]) == 0
