"""The CLI contract: act add/list, sheet, signed, pending, registration papers."""

import io
import json

import pypdf
import pytest
from ack_helpers import STAFF, expected_order

from cli_support import run

from sferum_desk.db.engine import open_database
from sferum_desk.services import Services
from sferum_desk.services.dto import GuardianInput, OrganizationData, StaffInput, StudentInput


@pytest.fixture
def db(db_path):
    """A school database with staff and two classes with parents, then closed."""
    database = open_database(db_path)
    svc = Services.over(database)
    svc.organization.save(OrganizationData(
        kind="school", full_name="МБОУ «СОШ № 1»", head_name="Трофименко Лидия Андреевна",
        admin_name="Бондаренко Наталия Сергеевна", admin_phone="8 916 555-44-33",
        admin_email="admin@school1.ru"))
    for name, position in STAFF:
        svc.people.save_staff(StaffInput(name, position))
    a = svc.structure.create_unit("5А")
    svc.structure.create_unit("5Б")
    svc.people.save_student(StudentInput("Орлов Пётр", None, a.id,
                                         [GuardianInput("Орлова Вера Павловна", "mother")]))
    database.close()
    return db_path


def add_staff_act(capsys, db, *extra):
    code, out, err = run(capsys, "--db", db, "act", "add", "--type", "Положение", "--title",
                         "об использовании платформы «Сферум»", "--number", "58-р", "--date",
                         "20.06.2023", "--audience", "staff", "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_add_list_sheet_signed_pending(capsys, db, tmp_path):
    act = add_staff_act(capsys, db, "--deadline", "01.07.2023")
    assert (act["total"], act["pending"], act["number"]) == (8, 8, "58-р")
    code, out, _ = run(capsys, "--db", db, "act", "list", "--json")
    listed = json.loads(out)
    assert [a["id"] for a in listed] == [act["id"]] and listed[0]["overdue"] is True

    pdf = tmp_path / "sheet.pdf"
    code, out, _ = run(capsys, "--db", db, "sheet", "--act", act["id"], "--out", pdf)
    assert code == 0 and pdf.exists()
    text = pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()
    lines = [line.strip() for line in text.splitlines()]
    everyone = expected_order(n for n, _ in STAFF)
    assert [line for line in lines if line in everyone] == everyone

    names = tmp_path / "signed.txt"
    names.write_text("\n".join(everyone[:3]), encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "signed", "--act", act["id"], "--names-file", names,
                         "--date", "25.06.2023")
    assert code == 0 and "Отмечено ознакомленных: 3" in out, err

    code, out, _ = run(capsys, "--db", db, "pending", "--act", act["id"], "--json")
    assert [p["full_name"] for p in json.loads(out)] == everyone[3:]

    only = tmp_path / "pending.pdf"
    run(capsys, "--db", db, "sheet", "--act", act["id"], "--pending-only", "--out", only)
    text = pypdf.PdfReader(str(only)).pages[0].extract_text()
    assert [line.strip() for line in text.splitlines() if line.strip() in everyone] == \
        everyone[3:]


def test_parents_of_a_unit_and_a_new_edition(capsys, db):
    code, out, err = run(capsys, "--db", db, "act", "add", "--type", "Порядок", "--title",
                         "применения сервисов взаимодействия", "--audience", "parents",
                         "--unit", "5 а", "--json")
    assert code == 0, err
    act = json.loads(out)
    assert act["total"] == 1 and act["audience_text"] == "Родители: 5А"
    edition = add_staff_act(capsys, db, "--replaces", act["id"])
    assert edition["replaces_id"] == act["id"]
    code, out, _ = run(capsys, "--db", db, "act", "list", "--current", "--json")
    assert [a["id"] for a in json.loads(out)] == [edition["id"]]


@pytest.mark.parametrize("argv, message", [
    (["act", "add", "--type", "Положение", "--title", "x", "--audience", "parents", "--unit",
      "9Я"], "Нет подразделения"),
    (["act", "add", "--type", "Положение", "--title", " ", "--audience", "staff"],
     "Укажите название"),
    (["sheet", "--act", "99", "--out", "OUT"], "Такого акта больше нет"),
    (["signed", "--act", "1", "--names-file", "NAMES", "--date", "01.01.2099"],
     "ещё не наступила"),
    (["signed", "--act", "1", "--names-file", "NAMES"], "В списке этого акта нет"),
])
def test_refusals_exit_1_with_one_russian_sentence_and_no_file(capsys, db, tmp_path, argv,
                                                               message):
    add_staff_act(capsys, db)
    names = tmp_path / "names.txt"
    names.write_text("Кто-то Совсем Чужой\n", encoding="utf-8")
    out_file = tmp_path / "out.pdf"
    argv = [{"OUT": out_file, "NAMES": names}.get(a, a) for a in argv]
    code, out, err = run(capsys, "--db", db, *argv)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and message in err
    assert not out_file.exists()


def test_sheet_for_an_act_with_everyone_signed_writes_nothing(capsys, db, tmp_path):
    act = add_staff_act(capsys, db)
    names = tmp_path / "all.txt"
    names.write_text("\n".join(n for n, _ in STAFF), encoding="utf-8")
    run(capsys, "--db", db, "signed", "--act", act["id"], "--names-file", names)
    out_file = tmp_path / "p.pdf"
    code, _, err = run(capsys, "--db", db, "sheet", "--act", act["id"], "--pending-only",
                       "--out", out_file)
    assert code == 1 and "Все уже ознакомлены" in err and not out_file.exists()


def test_registration_papers_and_status(capsys, db, tmp_path):
    for paper, name in (("order", "order.pdf"), ("letter", "letter.pdf"),
                        ("email", "mail.eml")):
        code, out, err = run(capsys, "--db", db, "registration", paper, "--out", tmp_path / name)
        assert code == 0, err
    code, out, _ = run(capsys, "--db", db, "registration", "status", "--json")
    assert json.loads(out)["status"] == "prepared"
    code, out, _ = run(capsys, "--db", db, "registration", "status", "--set", "sent")
    assert code == 0 and out.startswith("Заявка отправлена")
