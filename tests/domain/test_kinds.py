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


def test_unit_words_know_their_gender_and_cases():
    # #16: the template said «у каждого группаа свой лист»
    from sferum_desk.domain.kinds import noun, unit_phrases

    assert unit_phrases(vocabulary_for("kindergarten"))["each_unit_genitive"] == "каждой группы"
    assert unit_phrases(vocabulary_for("school"))["each_unit_genitive"] == "каждого класса"
    assert unit_phrases(vocabulary_for("additional"))["by_it"] == "ней"
    assert noun("Группа").case("accusative") == "группу" and noun("Класс").gender == "m"
    odd = unit_phrases(vocabulary_for("school", {"unit": "Лаборатория"}))
    assert odd["each_unit_genitive"] == "каждого подразделения («Лаборатория»)"


def test_the_import_template_tip_is_grammatical():
    import io

    import openpyxl

    from sferum_desk.exporters.rosters import template_workbook

    for kind, phrase in (("kindergarten", "у каждой группы свой лист, названный по ней"),
                         ("school", "у каждого класса свой лист, названный по нему")):
        book = openpyxl.load_workbook(io.BytesIO(template_workbook("students",
                                                                   vocabulary_for(kind))))
        tips = " ".join(str(c.value) for c in book["Как заполнять"]["A"])
        assert phrase in tips and "группаа" not in tips
