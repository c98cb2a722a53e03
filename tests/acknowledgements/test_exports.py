"""Excel: one act's status and the head's acts × people summary."""

import datetime as dt

from ack_helpers import expected_order, staff_act
from openpyxl import load_workbook

from sferum_desk.services.acknowledgements import AudienceInput


def header_row(ws, first="№"):
    return next(row for row in range(1, 10) if ws.cell(row, 1).value == first)


def test_status_sheet(staffed, tmp_path):
    acks = staffed.acknowledgements
    act = acks.add_act(staff_act(deadline="01.11.2024"))
    people = acks.people(act.id)
    acks.mark_signed(act.id, [people[0].person_id], "02.10.2024")
    path = acks.export_status(act.id, tmp_path / "status.xlsx")
    ws = load_workbook(path).active
    top = header_row(ws)
    assert [c.value for c in ws[top]] == ["№", "Ф.И.О.", "Должность", "Статус",
                                          "Дата ознакомления"]
    names = [ws.cell(r, 2).value for r in range(top + 1, ws.max_row + 1)]
    assert names == expected_order(p.full_name for p in people)
    first = [c.value for c in ws[top + 1]]
    assert first[3] == "ознакомлен(а)" and first[4].date() == dt.date(2024, 10, 2)
    assert ws.cell(top + 2, 4).value == "не ознакомлен(а)"
    assert ws.freeze_panes == f"A{top + 1}"
    assert ws.auto_filter.ref == f"A{top}:E{ws.max_row}"
    assert ws.cell(top, 2).font.b and ws.cell(top + 1, 2).border.left.style == "thin"
    assert ws.column_dimensions["B"].width >= 30
    assert "Ознакомлены: 1 из 8; срок — до 01.11.2024" in [ws.cell(r, 1).value
                                                         for r in range(1, top)]


def test_summary_acts_by_people(with_classes, tmp_path):
    svc, a, _b = with_classes
    acks = svc.acknowledgements
    staff_act_row = acks.add_act(staff_act())
    parents = acks.add_act(staff_act(doc_type="Порядок", title="о чатах с родителями",
                                     number="3", audience=AudienceInput("parents", False,
                                                                        [a.id])))
    person = acks.people(staff_act_row.id)[0]
    acks.mark_signed(staff_act_row.id, [person.person_id], "03.09.2024")
    path = acks.export_summary(tmp_path / "summary.xlsx")
    ws = load_workbook(path).active
    top = header_row(ws)
    header = [c.value for c in ws[top]]
    assert header[:3] == ["№", "Ф.И.О.", "Должность / подразделение"]
    assert header[3].startswith("Положение об использовании") and header[3].endswith("№ 236-а")
    assert header[4] == "Порядок о чатах с родителями № 3"
    rows = {ws.cell(r, 2).value: [ws.cell(r, c).value for c in range(3, 7)]
            for r in range(top + 1, ws.max_row + 1)}
    assert rows[person.full_name][1].date() == dt.date(2024, 9, 3)
    assert rows[person.full_name][2] == "—" and rows[person.full_name][3] == 0
    assert rows["Орлова Вера Павловна"] == ["1А, 2Б", "—", "не ознакомлен(а)", 1]
    assert len(rows) == 8 + 2  # staff and the parents of 1А
    assert ws.freeze_panes == f"D{top + 1}" and ws.auto_filter.ref.startswith(f"A{top}:")
    _ = parents
