"""Review findings: every command that writes a file refuses a name promising another format
(an Excel book saved as «отчёт.pdf» opens nowhere) — exit 1, one Russian sentence, no file."""

import pytest

from cli_support import run

from sferum_desk.db.engine import open_database
from sferum_desk.services import Services
from sferum_desk.services.acknowledgements import ActInput, AudienceInput
from sferum_desk.services.dto import OrganizationData, StaffInput


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    svc = Services.over(database)
    svc.organization.save(OrganizationData(
        kind="school", full_name="МБОУ «СОШ № 1»", head_name="Трофименко Лидия Андреевна",
        admin_name="Бондаренко Наталия Сергеевна", admin_phone="8 916 555-44-33",
        admin_email="admin@school1.ru"))
    svc.people.save_staff(StaffInput("Иванова Анна Петровна", "Учитель"))
    svc.acknowledgements.add_act(ActInput(
        doc_type="Положение", title="Об использовании платформы", number="1",
        issued_on="01.09.2026", audience=AudienceInput(kind="staff", everyone=True)))
    database.close()
    return db_path


@pytest.mark.parametrize(("argv", "wanted"), [
    (["sheet", "--act", "1", "--out", "{dir}/лист.xlsx"], ".pdf"),
    (["act", "export", "--act", "1", "--out", "{dir}/акт.pdf"], ".xlsx"),
    (["act", "summary", "--out", "{dir}/сводная"], ".xlsx"),
    (["registration", "order", "--out", "{dir}/приказ.xlsx"], ".pdf"),
    (["registration", "letter", "--out", "{dir}/письмо.txt"], ".pdf"),
    (["registration", "email", "--out", "{dir}/письмо.pdf"], ".eml"),
    (["export", "students", "--out", "{dir}/ученики.pdf"], ".xlsx"),
    (["export", "staff", "--out", "{dir}/сотрудники.csv"], ".xlsx"),
    (["template", "students", "--out", "{dir}/шаблон.pdf"], ".xlsx"),
])
def test_a_file_name_of_another_format_is_refused(capsys, db, tmp_path, argv, wanted):
    out_dir = tmp_path / "выгрузки"
    out_dir.mkdir()
    code, out, err = run(capsys, "--db", db, *[a.format(dir=out_dir) for a in argv])
    assert code == 1 and out == ""
    assert err == f"Имя файла должно оканчиваться на {wanted}.\n"
    assert list(out_dir.iterdir()) == []


def test_the_right_extension_in_any_case_is_accepted(capsys, db, tmp_path):
    code, _, err = run(capsys, "--db", db, "act", "export", "--act", 1,
                       "--out", tmp_path / "АКТ.XLSX")
    assert code == 0, err
    assert (tmp_path / "АКТ.XLSX").stat().st_size > 0
