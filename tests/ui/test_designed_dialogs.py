"""The dialogs converted to Qt Designer forms (#15) build their widget tree from
forms/<name>.ui: the form's root and fields carry the file's object names, Tab walks the
file's tab order, and what is typed at once lands in the first field of the file."""

from __future__ import annotations


import pytest
from gui_support import form_tabstops, key_clicks, show_active
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QRadioButton, QWidget

from sferum_desk.services.dto import GuardianInput, StaffInput, StudentInput
from sferum_desk.ui import person_dialogs as people
from sferum_desk.ui.acknowledgements import act_dialog as acts
from sferum_desk.ui.invitations import links
from sferum_desk.ui.organization_form import OrganizationForm
from sferum_desk.ui.invitations.refusal_dialog import RefusalDialog


tabstops = form_tabstops


def tab_walk(qtbot, start: QWidget, steps: int) -> list[str]:
    """Press Tab `steps` times from `start`: the object names that took the focus."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    names = [start.objectName()]
    for _ in range(steps):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        names.append(QApplication.focusWidget().objectName())
    return names


def reachable(body: QWidget, name: str) -> bool:
    """Tab reaches a shown, enabled widget; of radio buttons only the checked one (Qt: the
    arrows move between them)."""
    widget = body.findChild(QWidget, name)
    radio = isinstance(widget, QRadioButton) and not widget.isChecked()
    return widget.isVisibleTo(body.window()) and widget.isEnabled() and not radio


def in_file_order(walk: list[str], names: list[str]) -> list[str]:
    """The designed widgets in the order the Tab key reached them."""
    return [n for n in dict.fromkeys(walk) if n in names]


@pytest.fixture
def family(kindergarten):
    unit = kindergarten.structure.save_unit("Ромашка").id
    kindergarten.people.save_staff(StaffInput("Петрова Ольга Ивановна", "Воспитатель"))
    mother = GuardianInput(full_name="Ёлкина Мария", relation="mother", phone="+79160000001")
    pupil = kindergarten.people.save_student(StudentInput("Ёлкин Лев", unit_id=unit,
                                                          guardians=[mother]))
    return kindergarten, pupil


def _dialogs(services, pupil):
    words = services.organization.vocabulary()
    return {
        "student": lambda: people.StudentDialog(services, words, None),
        "guardian_picker": lambda: people.GuardianPickerDialog(services, set()),
        "act": lambda: acts.ActDialog(services, words),
        "link": lambda: links.AddLinkDialog(services),
        "refusal": lambda: RefusalDialog(services, [pupil.id], ["Ёлкин Лев"], False),
    }


# name of the form -> the first field and what Tab reaches in the file's order (visible ones)
EXPECTED_FIRST = {"student": "full_name", "guardian_picker": "search", "act": "doc_type",
                  "link": "target", "refusal": "channel"}


@pytest.mark.parametrize("name", sorted(EXPECTED_FIRST))
def test_a_form_dialog_comes_from_its_ui_file(qtbot, family, name):
    services, pupil = family
    dialog = _dialogs(services, pupil)[name]()
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    assert dialog.form.body.objectName() == name  # the root of forms/<name>.ui
    first = dialog.form.body.findChild(QWidget, EXPECTED_FIRST[name])
    assert QApplication.focusWidget() in (first, getattr(first, "lineEdit", lambda: None)())
    visible = [n for n in tabstops(name) if reachable(dialog.form.body, n)]
    walk = tab_walk(qtbot, first, 2 * len(tabstops(name)) + 8)
    assert in_file_order(walk, visible) == visible
    assert walk.index(visible[-1]) < walk.index("ok_button" if name != "link" else
                                                "save_button")


def test_typing_into_the_designed_pupil_card_fills_its_fields(qtbot, family):
    services, pupil = family
    dialog = people.StudentDialog(services, services.organization.vocabulary(), None)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    key_clicks(QApplication.focusWidget(), "Жуков Иван")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    key_clicks(QApplication.focusWidget(), "01.02.2020")
    assert (dialog.full_name.text(), dialog.birth_date.text()) == ("Жуков Иван", "01.02.2020")
    assert dialog.guardians.parent() is dialog.form.widget("guardians_place")
    editor = dialog.guardians.findChild(QWidget, "guardians_editor")  # its own .ui
    assert editor is not None and dialog.guardians.view.parent() is editor
    walk = tab_walk(qtbot, dialog.unit, 8)
    assert in_file_order(walk, ["unit", *tabstops("guardians_editor")[:3]]) == [
        "unit", "guardians_table", "add_guardian", "pick_guardian"]
    assert dialog.form.labels["unit"].text() == "Группа:"


def test_the_organisation_card_comes_from_its_ui_file(qtbot, family):
    form = OrganizationForm(with_vocabulary=True)
    qtbot.addWidget(form)
    show_active(qtbot, form)
    assert form.body.objectName() == "organization"
    order = tabstops("organization")
    assert order[:3] == ["kind", "full_name", "short_name"] and "inn" in order
    walk = tab_walk(qtbot, form.kind, len(order) + 2)
    assert in_file_order(walk, order) == order
    form.full_name.setFocus()
    key_clicks(form.full_name, "МБДОУ «Детский сад № 5»")
    assert form.data().full_name == "МБДОУ «Детский сад № 5»"
    assert form.labels["word_unit"].text() == "Подразделение (ед. ч.):"
    card = OrganizationForm()  # the first start: without the words
    qtbot.addWidget(card)
    card.show()
    assert not card.fields["word_unit"].isVisibleTo(card)
    assert not card.widget("words_header").isVisibleTo(card)


@pytest.mark.parametrize("name", ["paste_links", "domains"])
def test_a_plain_link_dialog_comes_from_its_ui_file(qtbot, family, name):
    services, _pupil = family
    dialog = (links.PasteLinksDialog if name == "paste_links" else links.DomainsDialog)(
        services)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    body = dialog.findChild(QWidget, name)
    assert body is not None and body.parent() is dialog
    order = [n for n in tabstops(name) if reachable(body, n)]
    walk = tab_walk(qtbot, body.findChild(QWidget, order[0]), 2 * len(order) + 4)
    assert in_file_order(walk, order) == order
    text = body.findChild(QWidget, order[0])
    key_clicks(text, "sferum.example")
    assert "sferum.example" in text.toPlainText()


def test_the_act_people_panel_comes_from_its_ui_file(qtbot, family):
    from sferum_desk.ui.acknowledgements.people import ActPeoplePanel

    services, _pupil = family
    panel = ActPeoplePanel(services)
    qtbot.addWidget(panel)
    show_active(qtbot, panel)
    body = panel.findChild(QWidget, "act_people")
    assert body is not None and panel.view is body.findChild(QWidget, "people_table")
    order = [n for n in tabstops("act_people") if reachable(body, n)]
    assert order[:2] == ["show_filter", "people_search"]
    walk = tab_walk(qtbot, panel.show_filter, 2 * len(order) + 4)
    assert in_file_order(walk, order) == order, walk
    key_clicks(panel.search, "Ёлк")
    assert panel.search.text() == "Ёлк"


def test_the_note_of_a_shared_guardian_is_a_row_of_the_guardian_form(qtbot, family):
    services, pupil = family
    known = GuardianInput(full_name="Ёлкина Мария", relation="mother", id=pupil.guardians[0].id)
    for guardian, shown in ((known, True), (None, False)):
        dialog = people.GuardianDialog(services, guardian)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.form.widget("guardian_note").isVisibleTo(dialog) is shown
        assert dialog.form.body.objectName() == "guardian"
