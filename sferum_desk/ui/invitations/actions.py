"""What the buttons of the «Приглашения» tab do: marks on the people of one unit and
audience, printing, links and batches. A mixin of InvitationsTab, which builds the widgets
these read (`people_model`, `date`, the tables).
"""

from __future__ import annotations

import datetime as dt

from sferum_desk.domain.dates import format_date
from sferum_desk.services.invitations import ANNULLED, CoverageRow
from sferum_desk.ui import dialogs, file_dialogs
from sferum_desk.ui.invitations.joined import JoinedNamesDialog
from sferum_desk.ui.invitations.links import AddLinkDialog, DomainsDialog, PasteLinksDialog
from sferum_desk.ui.invitations.print_dialog import PrintSlipsDialog
from sferum_desk.ui.invitations.refusal_dialog import RefusalDialog
from sferum_desk.ui.table_tab import open_dialog, run_safely


class InvitationActions:
    # ---- people actions ------------------------------------------------------------------------
    def day(self) -> dt.date:
        return self.date.date().toPython()

    def chosen_people(self) -> list[int]:
        """The ticked people; if none is ticked, the selected rows."""
        if self.people_model.ticked:
            return [p.person_id for p in self.people_model.people
                    if p.person_id in self.people_model.ticked]
        rows = {self.people_proxy.mapToSource(i).row()
                for i in self.people_view.selectionModel().selectedRows()}
        return [self.people_model.people[r].person_id for r in sorted(rows)]

    def _need_people(self) -> list[int] | None:
        people = self.chosen_people()
        if not people:
            dialogs.show_error(self, "Отметьте людей галочкой в первом столбце.")
            return None
        return people

    def _need_group(self) -> CoverageRow | None:
        group = self.current_group()
        if group is None:
            dialogs.show_error(self, "Выберите подразделение в списке слева.")
        return group

    def mark_joined(self) -> None:
        group, people = self.current_group(), self._need_people()
        if people and run_safely(self, lambda: self.services.invitations.set_joined(
                people, True, self.day(), **_place(group))):
            self.people_model.tick_all(False)
            self._changed()

    def mark_all_joined(self) -> None:
        group = self._need_group()
        if group is None or not dialogs.confirm(
                self, f"Отметить, что все в «{group.unit_name}» ({group.audience_title.lower()})"
                f" вступили {format_date(self.day())}?", yes="Отметить"):
            return
        if run_safely(self, lambda: self.services.invitations.mark_all_joined(
                group.unit_id, group.audience, self.day())):
            self._changed()

    def mark_handed(self) -> None:
        group, people = self.current_group(), self._need_people()
        if group and people and run_safely(self, lambda: self.services.invitations
                                           .set_handed_out(group.unit_id, group.audience,
                                                           people, True, self.day())):
            self.people_model.tick_all(False)
            self._changed()

    def mark_all_handed(self) -> None:
        group = self._need_group()
        if group and run_safely(self, lambda: self.services.invitations.set_unit_handed_out(
                group.unit_id, group.audience, self.day())):
            self._changed()

    def _handed_toggled(self, person_id: int, handed: bool) -> None:
        group = self.current_group()
        if group and run_safely(self, lambda: self.services.invitations.set_handed_out(
                group.unit_id, group.audience, [person_id], handed, self.day())):
            self._changed()

    def _joined_toggled(self, person_id: int, joined: bool) -> None:
        group = self.current_group()
        if run_safely(self, lambda: self.services.invitations.set_joined(
                [person_id], joined, self.day(), **_place(group))):
            self._changed()

    def joined_names(self) -> None:
        group = self._need_group()
        if group is None:
            return
        dialog = JoinedNamesDialog(self.services, group.unit_id, None, group.unit_name, self)
        dialog.saved.connect(lambda _count: self._changed())
        open_dialog(self, dialog)

    def decline(self) -> None:
        group, people = self.current_group(), self._need_people()
        if group is None or not people:
            return
        names = [p.full_name for p in self.people_model.people if p.person_id in people]
        dialog = RefusalDialog(self.services, people, names, group.audience == "parents", self)
        dialog.saved.connect(lambda _count: (self.people_model.tick_all(False), self._changed()))
        open_dialog(self, dialog)

    def undecline(self) -> None:
        people = self._need_people()
        if people and run_safely(self, lambda: self.services.refusals.undecline_people(people)):
            self.people_model.tick_all(False)
            self._changed()

    # ---- printing ------------------------------------------------------------------------------
    def _open_print(self, unit_ids=None, audience=None, person_ids=None) -> PrintSlipsDialog:
        dialog = PrintSlipsDialog(self.services, unit_ids, audience, person_ids, self)
        dialog.printed.connect(lambda _result: self._changed())
        open_dialog(self, dialog)
        return dialog

    def print_slips(self) -> None:
        group = self.current_group()
        if group is None:
            self._open_print()
        else:
            self._open_print([group.unit_id], group.audience)

    def print_ticked(self) -> None:
        group, people = self._need_group(), self._need_people()
        if group and people:
            self._open_print([group.unit_id], group.audience, people)

    def reprint(self) -> None:
        group = self._need_group()
        if group:
            self._open_print([group.unit_id], group.audience)

    # ---- links -----------------------------------------------------------------------------------
    def add_link(self) -> None:
        group = self.current_group()
        dialog = AddLinkDialog(self.services, group.unit_id if group else None,
                               group.audience if group else None, self)
        dialog.saved.connect(lambda _row: self._changed())
        open_dialog(self, dialog)

    def paste_links(self) -> None:
        dialog = PasteLinksDialog(self.services, self)
        dialog.saved.connect(lambda _count: self._changed())
        open_dialog(self, dialog)

    def edit_domains(self) -> None:
        open_dialog(self, DomainsDialog(self.services, self))

    def annul_selected(self) -> None:
        rows = [r for r in self.links.selected() if r.status != ANNULLED]
        if not rows:
            dialogs.show_error(self, "Выберите в списке ссылки, которые нужно аннулировать.")
            return
        if dialogs.confirm(self, f"Аннулировать выбранные ссылки ({len(rows)})? Аннулируйте "
                                 "их и в платформе; напечатать их больше будет нельзя.",
                           yes="Аннулировать") and run_safely(
                self, lambda: self.services.invitations.annul_links(
                    [r.id for r in rows], "аннулирована вручную")):
            self._changed()

    def annul_all(self) -> None:
        count = self.annul.model.rowCount()
        if count and dialogs.confirm(
                self, f"Аннулировать все ссылки из списка ({count})? Не забудьте аннулировать "
                      "их и в платформе.", yes="Аннулировать") and run_safely(
                self, self.services.invitations.annul_suggested):
            self._changed()

    def export_annul(self) -> None:
        name = file_dialogs.suggested_name("Ссылки к аннулированию", suffix=".xlsx")
        out = file_dialogs.ask_save_path(self, file_dialogs.WORKBOOK, "Сохранить список", name,
                                         file_dialogs.XLSX_FILTER)
        if out is None:
            return
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        if run_safely(self, lambda: self.services.invitations.export_links_to_annul(out)):
            file_dialogs.file_saved(self, file_dialogs.WORKBOOK, out)
            file_dialogs.open_path(out)

    def batch_handed(self) -> None:
        rows = self.batches.selected()
        if not rows:
            dialogs.show_error(self, "Выберите пачку в списке.")
            return
        if run_safely(self, lambda: [self.services.invitations.set_batch_handed_out(
                r.batch, self.day()) for r in rows]):
            self._changed()


def _place(group: CoverageRow | None) -> dict:
    """A join is marked in the shown unit's chat only (a parent of two units joins each)."""
    return {"unit_id": group.unit_id, "audience": group.audience} if group else {}
