"""Roster import: read a file, show a dry-run plan, apply it as one undoable batch; export.

The plan is computed by `_Planner` over a snapshot of the people already in the database:
the same child twice (also «иванов  иван» with the same birth date) is one person, siblings
share a guardian matched by name and phone, a re-import changes nothing, and an updated list
updates exactly the people whose data changed. A pair of people the user marked «не
дубликат» is never merged. Applying writes with bulk Core inserts (ids assigned up front)
inside ONE transaction after a backup, and records undo data in an ImportBatch.

The modules: `plan` (the preview and plan data), `identity` (who a row is, by evidence),
`planner` and `planner_guardians` (the dry run), `writer` (the bulk writes), `service`
(the use cases and undo), `bulk` (the collector paused over the bulk work). The names
callers used from the one module of old are here.
"""

from sferum_desk.services.roster_import.identity import (
    NO_CHANGES, NO_NOTES, person_identity, staff_identity, student_identity,
    student_identity_of, _Existing, _GuardianPlan, _Incoming,
)
from sferum_desk.services.roster_import.plan import (
    MAPPINGS_KEY, MAX_REMEMBERED, BatchInfo, Cancelled, ChangeNote, ColumnConflict,
    ImportCancelled, ImportPlan, ImportPreview, MergeNote, Progress, RoleCounts, UnitChoice,
)
from sferum_desk.services.roster_import.planner import ID_TABLES, _Planner, column_conflicts
from sferum_desk.services.roster_import.service import (
    RosterService, _check_mappings, _last_batch, _lock_for_ids, _move_sequences, _undo,
)
from sferum_desk.services.roster_import.writer import CHUNK, PERSON_COLUMNS, _Writer

__all__ = [
    "CHUNK", "ID_TABLES", "MAPPINGS_KEY", "MAX_REMEMBERED", "NO_CHANGES", "NO_NOTES",
    "PERSON_COLUMNS", "BatchInfo", "Cancelled", "ChangeNote", "ColumnConflict",
    "ImportCancelled", "ImportPlan", "ImportPreview", "MergeNote", "Progress", "RoleCounts",
    "RosterService", "UnitChoice", "_Existing", "_GuardianPlan", "_Incoming", "_Planner",
    "_Writer", "_check_mappings", "_last_batch", "_lock_for_ids", "_move_sequences", "_undo",
    "column_conflicts", "person_identity", "staff_identity", "student_identity",
    "student_identity_of",
]
