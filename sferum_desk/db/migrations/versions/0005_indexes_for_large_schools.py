"""indexes for a large school (#17)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 01:40:00

Columns that lists, counts and deletions filter or join on: a unit's enrolment history, who
left and when (counts in the status bar, erasure), each person's and unit's platform tasks,
the import batch of a person (undo), the curator and the teachers of a staff member (their
deletion), the act an edition replaces, and a history event's entity (task details). Only
indexes: no row changes.
"""
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

INDEXES = (
    ('enrolment', 'ix_enrolment_unit_id', ['unit_id']),
    ('person', 'ix_person_left_on', ['left_on']),
    ('person', 'ix_person_import_batch_id', ['import_batch_id']),
    ('platform_task', 'ix_platform_task_person_id', ['person_id']),
    ('platform_task', 'ix_platform_task_unit_id', ['unit_id']),
    ('unit', 'ix_unit_curator_id', ['curator_id']),
    ('unit_teacher', 'ix_unit_teacher_staff_id', ['staff_id']),
    ('document', 'ix_document_replaces_id', ['replaces_id']),
    ('history_event', 'ix_history_event_entity', ['entity', 'entity_id']),
)


def upgrade() -> None:
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    for table, name, _columns in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
