"""A pasted line names its unit as people write it, with the organisation's own word for a
unit: «Учебная группа Робототехника», «Кружок Шахматы». The domain matcher (domain/units.py)
takes away «класс», «группа» and the like; the paste also drops «учебная» and the word the
organisation set for a unit, and asks the matcher again (services/invitations/paste.py)."""

from __future__ import annotations

import pytest

from sferum_desk.services.dto import OrganizationData
from sferum_desk.services.invitations.paste import _find_unit_loosely
from sferum_desk.services.structure import find_unit


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
