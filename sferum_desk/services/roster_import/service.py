"""The roster service: inspect a file, plan (the dry run), apply as one undoable batch,
undo the last batch; export and the template."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from sferum_desk.db.models import (
    Enrolment, Guardian, GuardianLink, ImportBatch, Invitation, NotDuplicatePair, Organization,
    Person, Staff, Student, Unit,
)
from sferum_desk.domain.errors import UserError
from sferum_desk.importers import STAFF, STUDENTS, analyse, read_table_file
from sferum_desk.importers.fields import fields_for
from sferum_desk.services.acknowledgements import sync_pending
from sferum_desk.services.base import Service, record
from sferum_desk.services.organization import get_org
from sferum_desk.services.output_files import require_suffix, write_atomically
from sferum_desk.collector import collector_paused
from sferum_desk.services.roster_import.plan import (
    MAPPINGS_KEY, BatchInfo, Cancelled, ImportCancelled, ImportPlan, ImportPreview, Progress,
)
from sferum_desk.services.roster_import.planner import ID_TABLES, _Planner
from sferum_desk.services.roster_import.writer import _Writer


# ---- the service ----------------------------------------------------------------------------
class RosterService(Service):
    @collector_paused
    def inspect(self, source: Path | str | bytes, kind: str,
                source_name: str = "") -> ImportPreview:
        """Read a file and find its header and columns (mapping remembered per file shape)."""
        if kind not in (STUDENTS, STAFF):
            raise UserError("Выберите, что загружать: учеников с родителями или сотрудников.")
        book = read_table_file(source, source_name)
        layout = analyse(book, kind)
        if not layout.sheets:
            raise UserError(f"В файле «{book.source_name}» не найден столбец с ФИО: добавьте "
                            "над списком строку заголовков («ФИО» или «Фамилия», «Имя»).")
        remembered = self._remembered_mappings()
        mappings, used = {}, set()
        for shape in layout.shapes:
            saved = remembered.get(shape.key)
            if saved and len(saved) == len(shape.titles):
                mappings[shape.key] = list(saved)
                used.add(shape.key)
            else:
                mappings[shape.key] = list(shape.auto)
        notes = list(book.notes) + [f"Лист «{name}» пропущен: на нём нет столбца с ФИО."
                                    for name in layout.skipped_sheets]
        return ImportPreview(book.source_name, book.file_format, kind, layout, mappings,
                             used, notes=notes)

    @collector_paused
    def plan(self, preview: ImportPreview, progress: Progress | None = None) -> ImportPlan:
        """The dry run: what the import would create, update and skip. Writes nothing."""
        _check_mappings(preview)
        with self.db.unit_of_work() as session:
            get_org(session)
            planner = _Planner(session, preview, progress)
            plan = planner.run()
            session.rollback()
        return plan

    @collector_paused
    def apply(self, preview: ImportPreview, progress: Progress | None = None,
              cancelled: Cancelled | None = None) -> ImportPlan:
        """Import in one transaction after a backup; cancel leaves the database as it was."""
        _check_mappings(preview)
        cancelled = cancelled or (lambda: False)
        self.db.backup("before-import")
        if cancelled():
            raise ImportCancelled()
        with self.db.unit_of_work() as session:
            get_org(session)
            _lock_for_ids(session)
            planner = _Planner(session, preview, progress)
            plan = planner.run()
            if cancelled():
                raise ImportCancelled()
            writer = _Writer(session, planner, preview, progress, cancelled)
            if plan.created or plan.updated:
                writer.write()
                _move_sequences(session)
                sync_pending(session)  # imported people join the lists of current acts
            else:  # nothing to change: no batch to undo, only the mapping is remembered
                writer.remember_mappings()
            plan.dry_run = False
            plan.batch_id = planner.batch_id
        return plan

    def last_batch(self) -> BatchInfo | None:
        with self.db.unit_of_work() as session:
            batch = _last_batch(session)
            if batch is None:
                return None
            summary = batch.summary or {}
            return BatchInfo(batch.id, batch.created_at, batch.source_name, batch.import_as,
                             int(summary.get("created", 0)), int(summary.get("updated", 0)))

    def undo_last(self) -> BatchInfo:
        """«Отменить последний импорт»: remove whom it added, restore what it changed."""
        info = self.last_batch()
        if info is None:
            raise UserError("Нет импорта, который можно отменить.")
        self.db.backup("before-undo-import")
        with self.db.unit_of_work() as session:
            batch = session.get(ImportBatch, info.id)
            _undo(session, batch)
            batch.undone = True
            sync_pending(session)
            record(session, "import_batch", batch.id, "undone")
        return info

    def mark_not_duplicate(self, key_a: str, key_b: str) -> None:
        """Two people the user says are different: never merge them."""
        a, b = sorted((key_a, key_b))
        with self.db.unit_of_work() as session:
            exists = session.scalar(select(NotDuplicatePair.id).where(
                NotDuplicatePair.key_a == a, NotDuplicatePair.key_b == b))
            if not exists:
                session.add(NotDuplicatePair(key_a=a, key_b=b))
                record(session, "not_duplicate_pair", None, "created")

    # ---- export -----------------------------------------------------------------------------
    def export_students(self, path: Path | str) -> int:
        from sferum_desk.exporters.rosters import students_workbook
        from sferum_desk.services.people import PeopleService

        require_suffix(path, ".xlsx")
        rows = PeopleService(self.db).list_students()
        write_atomically(path, students_workbook(rows, *self._heading()))
        return len(rows)

    def export_staff(self, path: Path | str) -> int:
        from sferum_desk.exporters.rosters import staff_workbook
        from sferum_desk.services.people import PeopleService

        require_suffix(path, ".xlsx")
        rows = PeopleService(self.db).list_staff()
        write_atomically(path, staff_workbook(rows, self._heading()[1]))
        return len(rows)

    def save_template(self, path: Path | str, kind: str) -> None:
        from sferum_desk.exporters.rosters import template_workbook

        require_suffix(path, ".xlsx")
        write_atomically(path, template_workbook(kind, *self._heading()))

    def _heading(self):
        from sferum_desk.services.organization import OrganizationService

        org_service = OrganizationService(self.db)
        org = org_service.get()
        return org_service.vocabulary(), (org.short_name or org.full_name) if org else ""

    def _remembered_mappings(self) -> dict[str, list]:
        with self.db.unit_of_work() as session:
            org = session.scalar(select(Organization))
            settings = (org.settings or {}) if org else {}
            return dict(settings.get(MAPPINGS_KEY) or {})


def _check_mappings(preview: ImportPreview) -> None:
    allowed = set(fields_for(preview.kind))
    for key, fields in preview.mappings.items():
        wrong = [f for f in fields if f is not None and f not in allowed]
        if wrong:
            raise UserError(f"Поле «{wrong[0]}» нельзя загрузить в этот список: выберите "
                            "другое поле.")
        chosen = [f for f in fields if f is not None]
        if len(chosen) != len(set(chosen)):
            raise UserError("Два столбца указаны для одного поля: оставьте одно.")
        if not any(f in ("full_name", "last_name") for f in chosen):
            sheets = next((s.sheets for s in preview.layout.shapes if s.key == key), [""])
            raise UserError(f"Укажите столбец с ФИО (или с фамилией) для листа «{sheets[0]}».")



def _lock_for_ids(session: Session) -> None:
    """The planner hands out ids max(id)+1 up front: on a shared PostgreSQL server no other
    PC may insert into these tables until the import commits (readers are not blocked)."""
    if session.get_bind().dialect.name == "postgresql":
        names = ", ".join(model.__tablename__ for model in ID_TABLES)
        session.execute(text(f"LOCK TABLE {names} IN EXCLUSIVE MODE"))


def _move_sequences(session: Session) -> None:
    """PostgreSQL's id sequences must move past the ids the import assigned itself."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in ID_TABLES:
        table = model.__tablename__
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"))


def _last_batch(session: Session) -> ImportBatch | None:
    return session.scalar(select(ImportBatch).where(ImportBatch.undone.is_(False))
                          .order_by(ImportBatch.id.desc()).limit(1))



# ---- undo -----------------------------------------------------------------------------------
def _undo(session: Session, batch: ImportBatch) -> None:
    data = batch.undo_data or {}
    if data.get("links"):
        session.execute(delete(GuardianLink).where(GuardianLink.id.in_(data["links"])))
    for link_id, before in data.get("relations", []):
        session.execute(update(GuardianLink).where(GuardianLink.id == link_id)
                        .values(relation=before))
    roles = data.get("roles_added", {})
    if roles.get("staff"):
        session.execute(delete(Staff).where(Staff.id.in_(roles["staff"])))
    if roles.get("guardian"):
        session.execute(delete(Guardian).where(Guardian.id.in_(roles["guardian"])))
    for move in data.get("moves", []):
        session.execute(delete(Enrolment).where(Enrolment.id == move["opened"]))
        if move["closed"]:
            session.execute(update(Enrolment).where(Enrolment.id.in_(move["closed"]))
                            .values(ended_on=None))
        session.execute(update(Student).where(Student.id == move["student_id"])
                        .values(unit_id=move["unit_id"]))
    for change in data.get("person_updates", []):
        before = {k: (dt.date.fromisoformat(v) if k in ("birth_date",) and v else v)
                  for k, v in change["before"].items()}
        session.execute(update(Person).where(Person.id == change["id"])
                        .values(**before, version=Person.version + 1))
    for staff_id, position in data.get("staff_updates", []):
        session.execute(update(Staff).where(Staff.id == staff_id).values(position=position))
    session.execute(delete(Person).where(Person.import_batch_id == batch.id))
    for unit_id in data.get("units", []):
        busy = session.scalar(select(func.count()).select_from(Student)
                              .where(Student.unit_id == unit_id)) or session.scalar(
            select(func.count()).select_from(Invitation).where(Invitation.unit_id == unit_id))
        if not busy:
            session.execute(delete(Unit).where(Unit.id == unit_id))
