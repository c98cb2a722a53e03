"""refusals, destruction acts, platform accounts

Revision ID: 0004
Revises: 0001
Create Date: 2026-12-01 21:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # New tables only: existing rows need no change.
    op.create_table('refusal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('declined_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_refusal_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refusal')),
    sa.UniqueConstraint('person_id', name=op.f('uq_refusal_person_id'))
    )
    op.create_table('destruction_act',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=50), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_destruction_act')),
    sa.UniqueConstraint('number', name=op.f('uq_destruction_act_number'))
    )
    op.create_table('platform_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_platform_account_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_account')),
    sa.UniqueConstraint('platform', 'user_id', name=op.f('uq_platform_account_platform'))
    )
    with op.batch_alter_table('platform_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platform_account_person_id'), ['person_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('platform_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platform_account_person_id'))
    op.drop_table('platform_account')
    op.drop_table('destruction_act')
    op.drop_table('refusal')
