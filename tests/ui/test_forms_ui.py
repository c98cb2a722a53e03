"""The Designer forms in forms/: each loads, each caption is the buddy of its field (Alt+letter
and screen readers), the tab order is set in the file, and they ship with the program."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from sferum_desk.ui.forms import FieldForm
from sferum_desk.ui.ui_files import FORM_FOLDERS, form_path, load_form

ROOT = Path(__file__).resolve().parents[2]
FORMS = sorted((ROOT / "forms").glob("*.ui"))


def test_the_forms_folder_is_where_the_loader_looks():
    assert ROOT / "forms" in FORM_FOLDERS and FORMS


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.stem)
def test_a_form_loads_with_buddies_and_tab_order(qtbot, path):
    form = FieldForm.from_ui(path.stem)
    qtbot.addWidget(form)
    tabstops = [t.text for t in ET.parse(path).getroot().iter("tabstop")]
    assert tabstops, "the .ui sets its tab order"
    for name in tabstops:
        assert isinstance(form.body.findChild(QWidget, name), QWidget), name
    for caption in form.body.findChildren(QLabel):
        if caption.objectName().startswith("label_"):
            assert caption.buddy() is form.fields[caption.objectName()[6:]]


def test_an_unknown_form_names_the_folders_it_looked_in(qtbot):
    with pytest.raises(FileNotFoundError, match="forms"):
        form_path("no_such_form")
    assert load_form("staff") is not None


def test_the_wheel_and_the_bundle_carry_the_forms():
    setup = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert '"sferum_desk.forms": "forms"' in setup
    assert '"sferum_desk.forms" = ["*.ui"]' in (ROOT / "pyproject.toml").read_text("utf-8")
    spec = (ROOT / "packaging" / "sferum_desk.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "forms" / "*.ui"), "sferum_desk/forms")' in spec
