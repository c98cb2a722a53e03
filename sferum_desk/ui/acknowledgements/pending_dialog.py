"""«Кто не ознакомлен»: each person with the current acts they still have to sign."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from sferum_desk.services import Services
from sferum_desk.services.acknowledgements import PersonPending
from sferum_desk.ui.geometry import FitOnShow
from sferum_desk.ui.table_model import Column, RowTableModel, SearchProxy
from sferum_desk.ui.table_tab import apply_widths, make_table_view
from sferum_desk.ui.ui_files import load_form


def acts_text(person: PersonPending) -> str:
    return "; ".join(act.reference for act in person.acts)


class PendingPeopleDialog(FitOnShow, QDialog):
    """The frame is forms/pending_people.ui; the table is made here, in its `table_box`."""

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Кто не ознакомлен с действующими актами")
        layout = QVBoxLayout(self)
        body = load_form("pending_people", self)
        layout.addWidget(body)
        people = services.acknowledgements.pending_by_person()
        intro = body.findChild(QLabel, "pending_intro")
        intro.setText(f"Не ознакомлены: {len(people)} чел. Люди, которые выбыли, в список не "
                      "попадают." if people else "Все ознакомлены со всеми действующими "
                                                 "актами.")
        columns = [
            Column("Ф.И.О.", lambda p: p.full_name, chars=36),
            Column("Актов", lambda p: str(len(p.acts)), sort=lambda p: len(p.acts), chars=6,
                   align_right=True, searchable=False),
            Column("Не ознакомлен(а) с", acts_text, chars=80, tooltip=lambda p: p.sentence),
        ]
        self.model = RowTableModel(columns)
        self.model.set_rows(people)
        self.proxy = SearchProxy(self.model, self)
        box = body.findChild(QWidget, "table_box")
        self.view = make_table_view(self.proxy, box)
        self.view.setObjectName("pending_people")
        apply_widths(self.view, columns)
        box.layout().addWidget(self.view)
        buttons = body.findChild(QDialogButtonBox, "buttons")
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("Закрыть")
        buttons.rejected.connect(self.reject)
        self.view.setFocus()  # the cursor starts in the table, made after the form
        self.resize(980, 520)
