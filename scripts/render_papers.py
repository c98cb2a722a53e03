"""Render every paper with the longest real names (tests/papers) to a folder, as PDF and
small PNG pages for the README's «Документы».

Run: PYTHONPATH=$PWD /work/venv/bin/python scripts/render_papers.py OUT_FOLDER
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "papers"))
from paper_checks import (  # noqa: E402
    CHILD_LONGEST,
    ORG_LONGEST,
    PERSON_LONGEST,
    POSITION_LONGEST,
    TITLE_LONGEST,
)

from sferum_desk.db.engine import open_database  # noqa: E402
from sferum_desk.domain.declension import Case, decline_full_name  # noqa: E402
from sferum_desk.domain.org_names import abbreviate_org_name  # noqa: E402
from sferum_desk.exporters.todo import TodoLine  # noqa: E402
from sferum_desk.printing.todo import render_todo_pdf  # noqa: E402
from sferum_desk.services import Services  # noqa: E402
from sferum_desk.services.acknowledgements import ActInput, AudienceInput  # noqa: E402
from sferum_desk.services.dto import (  # noqa: E402
    GuardianInput,
    OrganizationData,
    StaffInput,
    StudentInput,
)
from sferum_desk.services.invitations import SlipRequest  # noqa: E402
from sferum_desk.services.personal_data import PersonalDataService  # noqa: E402

ADMIN = "Ефимова Алёна Викторовна"
FAMILIES = [(CHILD_LONGEST + " Александрович", PERSON_LONGEST),
            ("Королёв Иван Петрович", "Королёва Фёкла Семёновна"),
            ("Ким Лев", "Ким Ольга Борисовна"),
            ("Иванов Максим Андреевич", "Иванова Анна Петровна")]
UNITS = ("Подготовительная группа «Непоседы»", "Группа «Ромашка»", "Разновозрастная группа")


def png(out: Path, stem: str, pages: int = 1, dpi: int = 60) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", str(pages),
                    str(out / f"{stem}.pdf"), str(out / stem)], check=True)


def build(services: Services) -> tuple[list[int], int]:
    services.organization.save(OrganizationData(
        kind="kindergarten", full_name=ORG_LONGEST,
        address="692337, Приморский край, г. Арсеньев, ул. Ленинская, д. 1",
        head_name="Гилязиева Наиля Ахатовна", admin_name=ADMIN, admin_phone="89165554433",
        admin_email="efimova@ds27.ru", admin_order_number="236-а",
        admin_order_date="17.10.2024", phone="8 (42361) 3-24-56", email="ds27@arsenyev.ru",
        inn="2501004521", ogrn="1027700132195"))
    services.people.save_staff(StaffInput(ADMIN, "Старший воспитатель"))
    services.people.save_staff(StaffInput(PERSON_LONGEST, POSITION_LONGEST))
    units, last = [], 0
    for number, name in enumerate(UNITS):
        unit = services.structure.create_unit(name)
        units.append(unit.id)
        services.invitations.add_link(
            unit.id, "parents", f"https://sferum.ru/?invite=Gq7xR2mPzL4kT{number:02d}wQ1sDfEIl1O0")
        for index, (child, parent) in enumerate(FAMILIES):
            last = services.people.save_student(StudentInput(
                child, None, unit.id,
                [GuardianInput(parent, "mother", f"8916{number:03d}{index:04d}")])).id
    return units, last


def todo_lines() -> list[TodoLine]:
    day = dt.date(2025, 11, 25)
    mother = decline_full_name("Королёва Фёкла Семёновна", Case.ACCUSATIVE)
    return [
        TodoLine(1, "Перевести в другой чат", f"Перевести родителя {mother} из чата "
                 "родителей «Группа «Ромашка»» в чат родителей «Подготовительная группа "
                 "«Непоседы»»", "Группа «Ромашка»", day),
        TodoLine(2, "Удалить доступ", "Удалить родителя "
                 f"{decline_full_name(PERSON_LONGEST, Case.ACCUSATIVE)} из организации "
                 "(ребёнок выбыл)", "", day),
        TodoLine(3, "Добавить в «Учительскую»", "Добавить сотрудника "
                 f"{decline_full_name(ADMIN, Case.ACCUSATIVE)} ({POSITION_LONGEST}) в "
                 "«Учительскую»: передать ссылку-приглашение или принять заявку", "", day),
    ]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    db = open_database(Path(tempfile.mkdtemp()) / "papers.sqlite3")
    services = Services.over(db)
    units, pupil = build(services)
    for per in (1, 8):
        services.invitations.print_slips(SlipRequest(units[:2], "parents", per_page=per),
                                         out / f"slips-{per}.pdf")
        png(out, f"slips-{per}")
    services.invitations.print_slips(SlipRequest(units[:1], "parents", poster=True,
                                                 named=False), out / "poster.pdf")
    png(out, "poster")
    act = services.acknowledgements.add_act(ActInput(
        doc_type="Порядок", title=TITLE_LONGEST, number="236-а", issued_on="17.10.2024",
        audience=AudienceInput("staff")))
    services.acknowledgements.save_sheet(act.id, out / "list.pdf")
    png(out, "list")
    services.registration.save_order(out / "order.pdf")
    png(out, "order")
    services.registration.save_letter(out / "letter.pdf")
    png(out, "letter")
    services.reports.export(out / "report.pdf")
    png(out, "report")
    PersonalDataService(db).export(pupil, out / "statement.pdf")
    png(out, "statement")
    (out / "todo.pdf").write_bytes(render_todo_pdf(abbreviate_org_name(ORG_LONGEST),
                                                   dt.date(2025, 11, 25), todo_lines()))
    png(out, "todo")
    db.close()
    print("\n".join(sorted(p.name for p in out.glob("*.png"))))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
