"""«Вставить много ссылок» (services/invitations/paste.py): pasted lines and table files
matched to units and audiences, previewed, saved in one step.

A pasted line names its unit as people write it, with the organisation's own word for a
unit: «Учебная группа Робототехника», «Кружок Шахматы». The domain matcher (domain/units.py)
takes away «класс», «группа» and the like; the paste also drops «учебная» and the word the
organisation set for a unit, and asks the matcher again.
"""

from __future__ import annotations

import pytest
from inv_helpers import TODAY

from sferum_desk.domain.errors import UserError
from sferum_desk.services.dto import OrganizationData
from sferum_desk.services.invitations.paste import _find_unit_loosely
from sferum_desk.services.structure import find_unit


# ---- paste many ------------------------------------------------------------------------------
def test_paste_many_previews_then_saves_good_lines(roster):
    services, _ = roster
    text = ("5А родители https://sferum.ru/?invite=AAA\n"
            "5 б — Родители: https://vk.me/join/BBB\n"
            "\n"
            "Учительская\tсотрудники\thttps://web.max.ru/join/CCC\n"
            "5А ученики https://sferum.ru/?invite=DDD\n"
            "7В родители https://sferum.ru/?invite=EEE\n"
            "5А родители нет ссылки\n"
            "5Б https://sferum.ru/?invite=AAA\n"
            "класс 5А https://school.example/x\n")
    preview = services.invitations.preview_paste(text)
    summary = [(p.line_no, p.unit_name, p.audience, p.ok) for p in preview]
    assert summary == [(1, "5А", "parents", True), (2, "5Б", "parents", True),
                       (4, "Учительская", "staff", True), (5, "5А", "students", True),
                       (6, "", "parents", False), (7, "", None, False),
                       (8, "5Б", "parents", False), (9, "5А", "parents", True)]
    assert "7В" in preview[4].problem and "уже есть выше" in preview[6].problem
    assert not preview[7].known_domain
    assert services.invitations.list_links(TODAY) == []  # nothing saved by a preview
    with pytest.raises(UserError, match="подтвердите"):
        services.invitations.save_paste(preview, today=TODAY)
    assert services.invitations.list_links(TODAY) == []  # all or nothing
    assert services.invitations.save_paste(preview, allow_unknown_domains=True,
                                           today=TODAY) == 5
    assert len(services.invitations.list_links(TODAY)) == 5
    again = services.invitations.preview_paste("5А родители https://sferum.ru/?invite=AAA")
    assert "уже сохранена" in again[0].problem


def test_paste_from_a_two_column_excel_file(roster, tmp_path):
    from openpyxl import Workbook

    services, _ = roster
    book = Workbook()
    sheet = book.active
    sheet.append(["Класс", "Ссылка"])
    sheet.append(["5А", "https://sferum.ru/?invite=X1"])
    sheet.append(["5Б родители", "https://sferum.ru/?invite=X2"])
    path = tmp_path / "links.xlsx"
    book.save(path)
    preview = services.invitations.preview_table_file(path)
    assert [(p.unit_name, p.audience, p.url, p.ok) for p in preview] == [
        ("5А", "parents", "https://sferum.ru/?invite=X1", True),
        ("5Б", "parents", "https://sferum.ru/?invite=X2", True)]


# ---- the unit as people write it ----------------------------------------------------------------
@pytest.fixture
def centre(services):
    services.organization.save(OrganizationData(
        kind="additional", full_name="Центр дополнительного образования «Поиск»",
        short_name="ЦДО «Поиск»", vocabulary_overrides={"unit": "Кружок"}))
    for name in ("Робототехника", "Шахматы"):
        services.structure.create_unit(name)
    return services


@pytest.mark.parametrize(("line", "unit"), [
    ("Учебная группа Робототехника обучающиеся https://sferum.ru/?invite=R1", "Робототехника"),
    ("Кружок Шахматы родители https://sferum.ru/?invite=S1", "Шахматы"),
    ("Шахматы родители https://sferum.ru/?invite=S2", "Шахматы"),
], ids=["study-group", "own-word", "bare-name"])
def test_the_organisations_unit_word_is_dropped(centre, line, unit):
    [preview] = centre.invitations.preview_paste(line)
    assert (preview.unit_name, preview.ok) == (unit, True)


def test_the_domain_matcher_alone_does_not_drop_those_words(centre):
    """Why the paste keeps its second try: the one matcher, asked with these words, finds
    nothing (and must not learn an organisation's own word for every caller)."""
    with centre.db.unit_of_work() as session:
        assert find_unit(session, "Учебная группа Робототехника") is None
        assert find_unit(session, "Кружок Шахматы") is None
        found = _find_unit_loosely(session, ["Кружок", "Шахматы"],
                                   centre.organization.vocabulary())
        assert found is not None and found.name == "Шахматы"
