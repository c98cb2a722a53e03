"""`check` on whichever database the tests run on (a SQLite file, or PostgreSQL with
SFERUM_TEST_DB_URL): clean → nothing; a pupil without a class → one sentence."""

from __future__ import annotations

from sferum_desk.cli import main
from sferum_desk.services.dto import StudentInput
from sferum_desk.services.safety import SafetyService, check_database


def test_check_finds_a_pupil_without_a_class(school, db_path, capsys):
    assert check_database(db_path) == []
    assert main(["--db", str(db_path), "check"]) == 0
    assert capsys.readouterr().out == "База в порядке: ошибок не найдено.\n"
    school.people.save_student(StudentInput("Лаптев Глеб Ильич", "02.03.2017", None))
    findings = SafetyService(school.db).check()
    assert [f.text for f in findings] == [(
        "В списке «Ученики» без указанного подразделения (класс): 1 — откройте вкладку "
        "«Ученики» и заполните это поле или отметьте выбытие.")]
    assert main(["--db", str(db_path), "check", "--json"]) == 1
