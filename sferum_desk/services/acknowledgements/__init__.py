"""Local acts and who has read them.

A Document row is one edition of an act; its audience (all staff, chosen staff, parents or
pupils of chosen units) becomes Acknowledgement rows, pending until someone marks the date
the person signed. A new edition is a new Document (replaces_id → the old one) with a fresh
round; the old round stays as history and is never touched again. `sync_pending` keeps the
pending rows of current acts equal to their audience: newcomers are added, people who left
(or left the audience) lose their pending rows, and signed rows are never removed.

The package, by area: rows (plain data), pending (audiences and sync_pending), common,
acts (the register), signatures (marks and undo), sheets (PDF list, workbooks), and
service (AcknowledgementService composed of them). The names callers import are
re-exported here. reportlab and openpyxl are imported where a paper or a workbook is made,
not at start-up.
"""

from sferum_desk.services.acknowledgements.acts import audience_choices
from sferum_desk.services.acknowledgements.pending import audience_person_ids, sync_pending
from sferum_desk.services.acknowledgements.rows import (
    BODY_VERBS, DOC_TYPES, MAX_BODIES, UNDO_ACTION, AckRow, ActInput, ActRow, AudienceInput,
    BodyInput, PersonPending, SheetOptions,
)
from sferum_desk.services.acknowledgements.service import AcknowledgementService
from sferum_desk.services.acknowledgements.signatures import read_names_file

__all__ = [
    "BODY_VERBS", "DOC_TYPES", "MAX_BODIES", "UNDO_ACTION", "AckRow", "AcknowledgementService",
    "ActInput", "ActRow", "AudienceInput", "BodyInput", "PersonPending", "SheetOptions",
    "audience_choices", "audience_person_ids", "read_names_file", "sync_pending",
]
