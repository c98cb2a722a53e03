"""The log file: rotating, in the logs folder, written for the CLI and the GUI, and never
holding a name, phone, e-mail or birth date."""

import datetime as dt
import logging

import pytest

from sferum_desk import logs
from sferum_desk.cli import main
from sferum_desk.commands import core
from sferum_desk.db.models import AcademicYear
from sferum_desk.logs import redact
from sferum_desk.paths import logs_dir
from sferum_desk.services.dto import StaffInput

SECRETS = ["Иванова", "+79161234567", "89161234567", "ivanova@school.ru", "01.02.2015",
           "2015-02-01"]


def log_text() -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return (logs_dir() / logs.LOG_FILE_NAME).read_text(encoding="utf-8")


def test_redaction_blanks_personal_data_but_keeps_the_story():
    line = redact("saved «Иванова Анна» +7 916 123-45-67, ivanova@school.ru, born 01.02.2015 "
                  "and 2015-02-01; person 42 updated")
    assert not any(s in line for s in SECRETS + ["Анна", "916"])
    assert "person 42 updated" in line


def test_cli_run_is_logged_with_no_personal_data(capsys, monkeypatch, school, db_path):
    school.people.save_staff(StaffInput("Иванова Анна", phone="89161234567",
                                        email="ivanova@school.ru"))

    def boom(services, args):
        raise ValueError("«Иванова Анна» +79161234567 ivanova@school.ru 01.02.2015")

    monkeypatch.setattr(core, "cmd_stats", boom)
    assert main(["--db", str(db_path), "stats"]) == 3
    err = capsys.readouterr().err
    assert "Непредвиденная ошибка" in err and logs.LOG_FILE_NAME in err
    assert err.count("\n") == 1  # one sentence, no traceback on the screen
    assert main(["--db", str(db_path), "init", "--kind", "school", "--name", "Иванова"]) == 1
    text = log_text()
    assert "stats on a" in text and "Traceback" in text and "ValueError" in text
    assert "init refused: UserError" in text
    assert not any(s in text for s in SECRETS)


def test_sql_errors_reach_the_log_without_the_row(services):
    """A database error's message would list the row's values: the engine hides them, and
    PostgreSQL's own DETAIL line is blanked in the log."""
    logs.setup_logging("test")
    day = dt.date(2015, 2, 1)
    with pytest.raises(Exception) as info:
        with services.db.unit_of_work() as session:
            session.add_all([AcademicYear(title="Иванова", starts_on=day, ends_on=day),
                             AcademicYear(title="Иванова", starts_on=day, ends_on=day)])
    logs.log_exception(info.type, info.value, info.tb)
    text = log_text()
    assert "IntegrityError" in text and "Иванова" not in text and "2015" not in text


def test_log_rotates_at_a_megabyte():
    logs.setup_logging("test")
    handler = next(h for h in logging.getLogger().handlers
                   if isinstance(h, logging.handlers.RotatingFileHandler))
    assert handler.maxBytes == logs.MAX_BYTES and handler.backupCount == logs.BACKUP_COUNT
    assert logs.log_file().parent == logs_dir()
