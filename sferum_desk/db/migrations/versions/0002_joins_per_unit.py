"""joins per unit; a replaced link keeps its date

A join is now recorded per person × unit × audience (`unit_join`): a parent with children in
two groups joins each group's chat by its own link. Every existing join (`membership`) is
moved to the units it was made for:
- an employee: the staff room;
- a pupil: the pupil's unit;
- a parent: the units of their children where a slip was printed for them (the only
  evidence of which link they used); without such evidence, every unit of their children,
  so no join already counted is lost.

`invitation.replaced_on`: when a newer link for the same unit and audience took its place.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'unit_join',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('audience', sa.String(length=20), nullable=False),
        sa.Column('joined_on', sa.Date(), nullable=False),
        sa.Column('source', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'],
                                name=op.f('fk_unit_join_person_id_person'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'],
                                name=op.f('fk_unit_join_unit_id_unit'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_join')),
        sa.UniqueConstraint('person_id', 'unit_id', 'audience',
                            name=op.f('uq_unit_join_person_id')),
    )
    with op.batch_alter_table('unit_join', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_join_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_join_unit_id'), ['unit_id'], unique=False)
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replaced_on', sa.Date(), nullable=True))
    _move_joins_to_units(op.get_bind())


def _move_joins_to_units(bind) -> None:
    joins = {}  # (person, unit, audience) → (date, source)

    def add(person_id, unit_id, audience, day, source):
        joins.setdefault((person_id, unit_id, audience), (day, source))

    staff_room = bind.execute(sa.text(
        "SELECT min(id) FROM unit WHERE kind = 'staff_room'")).scalar()
    if staff_room is not None:
        for pid, day, source in bind.execute(sa.text(
                "SELECT m.person_id, m.joined_on, m.source FROM membership m "
                "JOIN staff s ON s.person_id = m.person_id")):
            add(pid, staff_room, 'staff', day, source)
    for pid, unit_id, day, source in bind.execute(sa.text(
            "SELECT m.person_id, st.unit_id, m.joined_on, m.source FROM membership m "
            "JOIN student st ON st.person_id = m.person_id WHERE st.unit_id IS NOT NULL")):
        add(pid, unit_id, 'students', day, source)
    units_of: dict[int, set[int]] = {}
    dates = {}
    for pid, unit_id, day, source in bind.execute(sa.text(
            "SELECT m.person_id, st.unit_id, m.joined_on, m.source FROM membership m "
            "JOIN guardian g ON g.person_id = m.person_id "
            "JOIN guardian_link gl ON gl.guardian_id = g.id "
            "JOIN student st ON st.id = gl.student_id WHERE st.unit_id IS NOT NULL")):
        units_of.setdefault(pid, set()).add(unit_id)
        dates[pid] = (day, source)
    slipped: dict[int, set[int]] = {}
    for pid, unit_id in bind.execute(sa.text(
            "SELECT s.person_id, i.unit_id FROM slip s JOIN invitation i "
            "ON i.id = s.invitation_id WHERE i.audience = 'parents' "
            "AND s.person_id IS NOT NULL")):
        slipped.setdefault(pid, set()).add(unit_id)
    for pid, units in units_of.items():
        evidence = units & slipped.get(pid, set())
        for unit_id in sorted(evidence or units):
            add(pid, unit_id, 'parents', *dates[pid])
    if joins:
        table = sa.table('unit_join', sa.column('person_id'), sa.column('unit_id'),
                         sa.column('audience'), sa.column('joined_on'), sa.column('source'))
        bind.execute(table.insert(), [
            {"person_id": p, "unit_id": u, "audience": a, "joined_on": day, "source": source}
            for (p, u, a), (day, source) in joins.items()])


def downgrade() -> None:
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_column('replaced_on')
    with op.batch_alter_table('unit_join', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_join_unit_id'))
        batch_op.drop_index(batch_op.f('ix_unit_join_person_id'))
    op.drop_table('unit_join')
