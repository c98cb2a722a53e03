"""The act of destruction of personal data: made at the moment of erasure, names on the paper
and nowhere in the database file afterwards."""

import datetime as dt
import io
import sqlite3

import pytest
from cli_support import run as run_cli
from test_retention import file_bytes, traces

from sferum_desk.domain.errors import UserError
from sferum_desk.services.destruction import ActRow
from sferum_desk.services.dto import GuardianInput, StaffInput, StudentInput

PUPIL = "Уничтожаемый Евлампий Аристархович"
MOTHER = "Уничтожаемая Аглая Феоктистовна"
CLERK = "Архивариусова Зинаида Карповна"
LATER = dt.date.today() + dt.timedelta(days=400)  # the pupil and mother left today
NAMES = ("Уничтожаемый Евлампий", "Уничтожаемая Аглая", "Аглая Феоктистовна",
         "Архивариусова Зинаида", "+79169998877")


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def add_leavers(services, sch) -> list[int]:
    pupil = services.people.save_student(StudentInput(
        PUPIL, "03.04.2015", sch.units["5А"],
        [GuardianInput(MOTHER, "mother", "+79169998877")])).id
    mother = services.people.get_student(pupil).guardians[0].id
    clerk = services.people.save_staff(StaffInput(CLERK, "Делопроизводитель")).id
    services.invitations.set_joined([pupil, mother])
    services.movement.leave(pupil)
    services.movement.leave(clerk, "01.03.2020")
    return [pupil, mother, clerk]


@pytest.mark.sqlite_only
def test_act_names_everyone_and_the_file_forgets_them(built, db_path, tmp_path):
    services, sch = built
    add_leavers(services, sch)
    assert traces(file_bytes(db_path), *NAMES)
    out = tmp_path / "акт.pdf"
    done = services.destruction.erase_left(365, out, LATER)
    assert done.act_path == out and done.act_number == "1"
    assert (done.erasure.people, done.erasure.students, done.erasure.staff,
            done.erasure.guardians) == (3, 1, 1, 1)
    text = pdf_text(out.read_bytes())
    for name in (PUPIL, MOTHER, CLERK):
        assert name in text
    for words in ("АКТ № 1", "об уничтожении персональных данных", "Способ уничтожения",
                  "Причина уничтожения", "Председатель комиссии", "Члены комиссии",
                  "Информационная система", "Выгрузка из журнала регистрации событий",
                  "дата рождения", "номер телефона", "должность",
                  "01.03.2020"):
        assert words in text, words
    # The database keeps the act's number, date and count only.
    assert services.destruction.list_acts() == [ActRow("1", dt.date.today(), 3)]
    assert traces(file_bytes(db_path), *NAMES) == []
    assert not list(tmp_path.glob(".~*"))  # no staged copy left behind
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("SELECT number, people FROM destruction_act").fetchall() == [("1", 3)]


def test_second_act_gets_the_next_number_beside_the_database(built, db_path):
    services, sch = built
    add_leavers(services, sch)
    first = services.destruction.erase_left(365, today=LATER)
    services.movement.leave(sch.staff["9А"], "01.01.2021")
    second = services.destruction.erase_left(365, today=LATER)
    assert (first.act_number, second.act_number) == ("1", "2")
    assert first.act_path.parent == services.destruction.default_folder()
    assert first.act_path.exists() and second.act_path.exists()
    assert first.act_path.name.startswith("Акт уничтожения ПД № 1 от ")
    assert [a.people for a in services.destruction.list_acts()] == [3, 1]


def test_an_act_that_cannot_be_written_erases_nothing(built, tmp_path):
    services, sch = built
    ids = add_leavers(services, sch)
    with pytest.raises(UserError, match="Папки"):
        services.destruction.erase_left(365, tmp_path / "нет такой" / "акт.pdf", LATER)
    with pytest.raises(UserError, match=r"\.pdf"):
        services.destruction.erase_left(365, tmp_path / "акт.docx", LATER)
    earlier = tmp_path / "прошлый акт.pdf"
    earlier.write_bytes(b"%PDF earlier act")
    with pytest.raises(UserError, match="уже есть"):
        services.destruction.erase_left(365, earlier, LATER)
    assert earlier.read_bytes() == b"%PDF earlier act"
    assert services.movement.describe(ids[0]).full_name == PUPIL
    assert services.destruction.list_acts() == []


def test_a_failed_erasure_leaves_no_act(built, tmp_path, monkeypatch):
    services, sch = built
    add_leavers(services, sch)

    def broken(*_args):
        raise RuntimeError("disk gone")

    monkeypatch.setattr("sferum_desk.services.erasure._scrub_texts", broken)
    folder = tmp_path / "акты"
    folder.mkdir()
    with pytest.raises(RuntimeError):
        services.destruction.erase_left(365, folder / "акт.pdf", LATER)
    assert list(folder.iterdir()) == []
    assert services.destruction.list_acts() == []
    assert len(services.movement.retention_candidates(365, LATER)) == 3


@pytest.mark.sqlite_only
def test_cli_writes_the_act_beside_the_database_or_where_asked(capsys, built, db_path,
                                                               tmp_path):
    services, sch = built
    add_leavers(services, sch)
    services.db.close()
    code, out, err = run_cli(capsys, "--db", db_path, "erase-left", "--days", "365", "--yes")
    assert (code, err) == (0, "")
    assert "Стёрто навсегда: 1 чел." in out and "Акт об уничтожении" in out  # the clerk
    act = next(db_path.parent.glob("Акт уничтожения ПД № 1 *.pdf"))
    assert str(act) in out and CLERK in pdf_text(act.read_bytes())
    assert traces(file_bytes(db_path), "Архивариусова Зинаида") == []

    from sferum_desk.db.engine import open_database
    from sferum_desk.services import Services

    again = Services.over(open_database(db_path))
    again.movement.leave(sch.staff["5А"], "01.01.2021")
    again.db.close()
    named = tmp_path / "акты" / "второй.pdf"
    named.parent.mkdir()
    code, out, _ = run_cli(capsys, "--db", db_path, "erase-left", "--days", "365", "--yes",
                           "--act", named)
    assert code == 0 and f"№ 2 сохранён: {named}" in out
    assert sch.names[sch.staff["5А"]] in pdf_text(named.read_bytes())
    code, _, err = run_cli(capsys, "--db", db_path, "erase-left", "--days", "0", "--yes",
                           "--act", tmp_path / "x.txt")
    assert code == 1 and ".pdf" in err


def _held_one_by_one(session, person_id: int) -> tuple[str, ...]:
    """The act's categories for one person, asked one question at a time (the rule the
    set-based `_data_held` must keep, #17)."""
    from sqlalchemy import select

    from sferum_desk.db.models import (
        Acknowledgement, GuardianLink, Membership, Person, PlatformAccount, PlatformTask,
        Refusal, Slip,
    )

    person = session.get(Person, person_id)
    held = ["фамилия, имя, отчество"]
    held += [title for value, title in ((person.birth_date, "дата рождения"),
                                        (person.phone, "номер телефона"),
                                        (person.email, "адрес электронной почты")) if value]
    if person.staff is not None:
        held.append("должность, роли на платформе")
    if person.student is not None:
        held.append("класс (группа) и история переводов")
        if session.scalar(select(GuardianLink.id).where(
                GuardianLink.student_id == person.student.id).limit(1)):
            held.append("связь с родителями (законными представителями)")
    if person.guardian is not None and session.scalar(select(GuardianLink.id).where(
            GuardianLink.guardian_id == person.guardian.id).limit(1)):
        held.append("степень родства с ребёнком")
    for model in (Membership, Slip, Acknowledgement, PlatformTask, Refusal, PlatformAccount):
        if session.scalar(select(model.id).where(model.person_id == person_id).limit(1)):
            held.append(model.__name__)
    return tuple(held)


def test_the_categories_of_many_people_are_those_of_each_alone(built):
    from sqlalchemy import select

    from sferum_desk.db.models import Person
    from sferum_desk.services.destruction import _CHECKS, _data_held

    services, sch = built
    add_leavers(services, sch)
    titles = {model.__name__: title for model, title in _CHECKS}
    with services.db.unit_of_work() as session:
        ids = list(session.scalars(select(Person.id)))
        held = _data_held(session, ids)
        expected = {pid: tuple(titles.get(t, t) for t in _held_one_by_one(session, pid))
                    for pid in ids}
    assert held == expected
    assert len({len(h) for h in held.values()}) > 2  # people with different data were seen
