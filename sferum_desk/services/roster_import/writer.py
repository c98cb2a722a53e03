"""Writing a plan: bulk Core inserts with the planner's ids, bulk updates by key, and the
undo data of the batch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from itertools import chain, islice

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from sferum_desk.db.models import (
    Enrolment, Guardian, GuardianLink, ImportBatch, Person, Staff, Student, Unit,
)
from sferum_desk.domain.enums import UnitKind
from sferum_desk.domain.names import FullName
from sferum_desk.importers import STAFF
from sferum_desk.importers.values import key_of
from sferum_desk.services.base import record
from sferum_desk.services.organization import get_org
from sferum_desk.services.roster_import.identity import _Existing, _Incoming
from sferum_desk.services.roster_import.plan import (
    MAPPINGS_KEY, MAX_REMEMBERED, Cancelled, ImportCancelled, ImportPreview, Progress,
)
from sferum_desk.services.roster_import.planner import _Planner

CHUNK = 5000
BULK_INDEX_ROWS = 2000  # rows added to a table at least twice its size: index built after
PERSON_COLUMNS = ("id", "last_name", "first_name", "patronymic", "name_key", "birth_date",
                  "phone", "email", "left_on", "created_at", "updated_at", "import_batch_id",
                  "version")


class _Writer:
    """Bulk writes of a plan: Core inserts with the planner's ids, bulk updates by key."""

    def __init__(self, session: Session, planner: _Planner, preview: ImportPreview,
                 progress: Progress | None, cancelled: Cancelled):
        self.session = session
        self.planner = planner
        self.plan = planner.plan
        self.preview = preview
        self.progress = progress or (lambda done, total, stage: None)
        self.cancelled = cancelled
        self.now = dt.datetime.now().replace(microsecond=0)
        self.undo: dict = {"person_updates": [], "staff_updates": [], "moves": [],
                           "links": [], "relations": [], "roles_added": {"staff": [],
                                                                          "guardian": []},
                           "units": [uid for uid, _ in planner.units_new]}

    def write(self) -> None:
        batch = ImportBatch(source_name=self.preview.source_name, import_as=self.plan.kind)
        self.session.add(batch)
        self.session.flush()
        self.planner.batch_id = self.batch_id = batch.id
        self._units()
        if self.plan.kind == STAFF:
            self._staff()
        else:
            with self._indexes_built_after(self._student_tables()):
                self._students()
        self.remember_mappings()
        batch.summary = {"created": self.plan.created, "updated": self.plan.updated,
                         "unchanged": self.plan.unchanged,
                         "skipped": len(self.plan.skipped), "by_role": {
                             name: vars(c) for name, c in self.plan._named_roles()}}
        batch.undo_data = self.undo
        record(self.session, "import_batch", batch.id, "imported", kind=self.plan.kind,
               created=self.plan.created, updated=self.plan.updated)
        self.progress(100, 100, "Сохранение")
        if self.cancelled():
            raise ImportCancelled()

    # ---- inserts ------------------------------------------------------------------------------
    def _student_tables(self) -> dict[str, int]:
        """Table → rows this import adds to it (the big ones)."""
        planner = self.planner
        new = sum(1 for i in planner.incoming if i.target is None)
        guardians = sum(1 for g in planner.guardians if g.existing is None)
        return {Person.__tablename__: new + guardians, Student.__tablename__: new,
                Enrolment.__tablename__: new, GuardianLink.__tablename__: len(planner.links_new)}

    @contextmanager
    def _indexes_built_after(self, adding: dict[str, int]):
        """A first import into an (almost) empty school: a table's own indexes are dropped
        and built once after its rows are in — one sort instead of 30,000 scattered index
        inserts (SQLite only; the same transaction, so a cancel or an error restores them
        with everything else)."""
        connection = self.session.connection()
        rebuild: list[str] = []
        if connection.dialect.name == "sqlite":
            raw = connection.connection.driver_connection
            for table, count in adding.items():
                if count < BULK_INDEX_ROWS or \
                        raw.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] * 2 > count:
                    continue
                for name, sql in raw.execute(
                        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                        "tbl_name = ? AND sql IS NOT NULL", (table,)).fetchall():
                    raw.execute(f'DROP INDEX "{name}"')
                    rebuild.append(sql)
        yield
        if rebuild:
            raw = connection.connection.driver_connection
            for sql in rebuild:
                raw.execute(sql)

    def _insert(self, model, columns: tuple[str, ...], rows: Iterable[tuple], total: int,
                share: tuple[int, int]) -> None:
        """Insert `total` tuples (values in `columns` order) in chunks, reporting progress
        between `share` percent and checking cancel. The rows are made chunk by chunk: a
        100,000-pupil list never holds all its rows to write at once."""
        if not total:
            return
        start, end = share
        write = self._chunk_writer(model, columns)
        rows, done = iter(rows), 0
        while chunk := list(islice(rows, CHUNK)):
            if self.cancelled():
                raise ImportCancelled()
            write(chunk)
            done += len(chunk)
            self.progress(start + int((end - start) * min(done, total) / total), 100,
                          "Запись")

    def _chunk_writer(self, model, columns: tuple[str, ...]) -> Callable[[list[tuple]], None]:
        """On SQLite, the rows go to the driver's executemany with the columns' own bind
        processors (the same values SQLAlchemy would send, without its per-row overhead;
        each distinct date converted once). Same connection, same transaction. Elsewhere a
        Core insert() executemany."""
        table = model.__table__
        connection = self.session.connection()
        dialect = connection.dialect
        if dialect.name != "sqlite":
            statement = insert(table)
            return lambda chunk: self.session.execute(
                statement, [dict(zip(columns, row)) for row in chunk])
        quote = dialect.identifier_preparer.quote
        sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in columns)}) "
               f"VALUES ({', '.join('?' * len(columns))})")
        cursor = connection.connection.driver_connection.cursor()
        converted = [(index, processor) for index, processor in enumerate(
            table.c[n].type._cached_bind_processor(dialect) for n in columns) if processor]
        if not converted:
            return lambda chunk: cursor.executemany(sql, chunk)

        def write(chunk: list[tuple]) -> None:
            values = list(zip(*chunk))  # column by column: each converted in one pass
            for index, process in converted:
                values[index] = _converted(values[index], process)
            cursor.executemany(sql, zip(*values))
        return write

    def _person_rows(self, people: Iterable[tuple[int, FullName, str, object, str, str]]
                     ) -> Iterable[tuple]:
        """(id, name, its key as the planner worked it out, birth date, phone, e-mail) →
        person rows."""
        now, batch_id = self.now, self.batch_id
        for person_id, name, key, born, phone, email in people:
            yield (person_id, name.last, name.first, name.patronymic, key, born, phone,
                   email, None, now, now, batch_id, 1)

    def _units(self) -> None:
        rows = [{"id": uid, "name": name, "kind": UnitKind.REGULAR.value,
                 "academic_year_id": self.planner.year_id, "curator_id": None, "sort_order": 0,
                 "version": 1} for uid, name in self.planner.units_new]
        if rows:
            self.session.execute(insert(Unit.__table__), rows)

    def _students(self) -> None:
        planner, today = self.planner, self.planner.today
        new = [i for i in planner.incoming if i.target is None]
        new_guardians = [g for g in planner.guardians if g.existing is None]
        people = chain(((i.person_id, i.record.name, i.key, i.record.birth_date,
                         i.record.phone, i.record.email) for i in new),
                       ((g.person_id, g.name, g.key or key_of(g.name), None, g.phone, g.email)
                        for g in new_guardians))
        self._insert(Person, PERSON_COLUMNS, self._person_rows(people),
                     len(new) + len(new_guardians), (50, 75))
        self._insert(Student, ("id", "person_id", "unit_id"),
                     ((i.role_id, i.person_id, i.unit_id) for i in new), len(new), (75, 80))
        placed = [i for i in new if i.unit_id is not None]
        first = planner.next_ids(Enrolment, len(placed))
        self._insert(Enrolment, ("id", "student_id", "unit_id", "started_on", "ended_on"),
                     ((first + n, i.role_id, i.unit_id, today, None)
                      for n, i in enumerate(placed)), len(placed), (80, 84))
        roles = [g for g in planner.guardians if g.existing is None or g.role_added]
        self._insert(Guardian, ("id", "person_id"),
                     ((g.guardian_id, g.person_id) for g in roles), len(roles), (84, 88))
        self.undo["roles_added"]["guardian"] = [g.guardian_id for g in planner.guardians
                                                if g.role_added]
        links = planner.links_new
        first = planner.next_ids(GuardianLink, len(links))
        self._insert(GuardianLink, ("id", "guardian_id", "student_id", "relation"),
                     ((first + n, gid, sid, relation)
                      for n, (gid, sid, relation) in enumerate(links)), len(links), (88, 95))
        old_students = {i.role_id for i in planner.incoming if i.target is not None}
        old_guardians = {g.guardian_id for g in planner.guardians if g.existing is not None}
        self.undo["links"] = [first + n for n, (gid, sid, _) in enumerate(links)
                              if sid in old_students or gid in old_guardians]
        self._moves([i for i in planner.incoming if i.target is not None
                     and i.unit_id and i.unit_id != i.target.unit_id])
        self._update_people([(i.target, i.changes) for i in planner.incoming
                             if i.target is not None] +
                            [(g.existing, g.changes) for g in planner.guardians
                             if g.existing is not None])
        for link_id, before, after in planner.relation_updates:
            self.session.execute(update(GuardianLink).where(GuardianLink.id == link_id)
                                 .values(relation=after))
            self.undo["relations"].append([link_id, before])

    def _moves(self, moved: list[_Incoming]) -> None:
        """A pupil in another unit now: close the open enrolment, open a new one."""
        today = self.planner.today
        for item in moved:
            student_id = item.role_id
            closed = list(self.session.scalars(select(Enrolment.id).where(
                Enrolment.student_id == student_id, Enrolment.ended_on.is_(None))))
            if closed:
                self.session.execute(update(Enrolment).where(Enrolment.id.in_(closed))
                                     .values(ended_on=today))
            new_id = self.planner.next_id(Enrolment)
            self.session.execute(insert(Enrolment.__table__), [{
                "id": new_id, "student_id": student_id, "unit_id": item.unit_id,
                "started_on": today, "ended_on": None}])
            self.session.execute(update(Student).where(Student.id == student_id)
                                 .values(unit_id=item.unit_id))
            self.undo["moves"].append({"student_id": student_id,
                                       "unit_id": item.target.unit_id, "closed": closed,
                                       "opened": new_id})

    def _update_people(self, pairs: list[tuple[_Existing, dict]]) -> None:
        for person, changes in pairs:
            columns = {k: v for k, v in changes.items() if not k.startswith("_")}
            if not columns:
                continue
            before = dict(self.session.execute(
                select(*(getattr(Person, c) for c in columns))
                .where(Person.id == person.person_id)).one()._mapping)
            columns.update(version=person.version + 1, updated_at=self.now)
            self.session.execute(update(Person).where(Person.id == person.person_id)
                                 .values(**columns))
            self.undo["person_updates"].append({
                "id": person.person_id, "version": person.version + 1,
                "before": {k: (v.isoformat() if isinstance(v, dt.date) else v)
                           for k, v in before.items()}})

    def _staff(self) -> None:
        planner = self.planner
        items = planner.incoming
        new = [i for i in items if i.target is None]
        people = ((i.person_id, i.record.name, i.key, i.record.birth_date, i.record.phone,
                   i.record.email) for i in new)
        self._insert(Person, PERSON_COLUMNS, self._person_rows(people), len(new), (50, 80))
        added = [i for i in items if i.role_added or i.target is None]
        self._insert(Staff, ("id", "person_id", "position", "platform_roles"),
                     ((i.role_id, i.person_id, i.record.position, []) for i in added),
                     len(added), (80, 95))
        self.undo["roles_added"]["staff"] = [i.role_id for i in items
                                             if i.role_added]
        self._update_people([(i.target, i.changes) for i in items if i.target is not None])
        for item in items:
            position = item.changes.get("_position")
            if position and not item.role_added:
                self.session.execute(update(Staff).where(Staff.id == item.role_id)
                                     .values(position=position))
                self.undo["staff_updates"].append([item.role_id, item.target.position])

    def remember_mappings(self) -> None:
        org = get_org(self.session)
        settings = dict(org.settings or {})
        remembered = dict(settings.get(MAPPINGS_KEY) or {})
        for key, fields in self.preview.mappings.items():
            remembered.pop(key, None)
            remembered[key] = list(fields)  # newest last
        while len(remembered) > MAX_REMEMBERED:
            remembered.pop(next(iter(remembered)))
        settings[MAPPINGS_KEY] = remembered
        org.settings = settings


def _converted(values: tuple, process: Callable[[object], object]) -> list:
    """A column's values through its bind processor, each distinct value once (dates repeat
    by thousands), the lookups in C."""
    try:
        done = {value: process(value) for value in set(values)}
    except TypeError:  # a list for a JSON column: not hashable
        return [process(value) for value in values]
    return list(map(done.__getitem__, values))

