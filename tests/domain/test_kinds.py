from sferum_desk.domain.kinds import OrgKind, vocabulary_for


def test_each_kind_names_its_pupils():
    assert [vocabulary_for(k).students for k in OrgKind] == [
        "Ученики", "Воспитанники", "Студенты", "Обучающиеся"]


def test_kindergarten_words():
    words = vocabulary_for("kindergarten")
    assert (words.unit, words.curator, words.head_title) == ("Группа", "Воспитатель",
                                                             "Заведующий")


def test_organisation_overrides_win_and_blank_ones_are_ignored():
    words = vocabulary_for("school", {"units": "Группы", "students": "Воспитанники",
                                      "curator": "  ", "bogus": "x"})
    assert (words.units, words.students, words.curator) == ("Группы", "Воспитанники",
                                                            "Классный руководитель")
