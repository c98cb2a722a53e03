"""organisation card: phone, e-mail, ИНН, ОГРН, place of issue; short names never cut

Revision ID: 0003
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

from sferum_desk.domain.org_names import SHORT_NAME_MAX, default_short_name


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

COLUMNS = (('phone', 20), ('email', 200), ('inn', 12), ('ogrn', 15), ('place', 200))


def upgrade() -> None:
    with op.batch_alter_table('organization', schema=None) as batch_op:
        for name, length in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), nullable=False,
                                          server_default=''))
    _fix_cut_short_names()


def _fix_cut_short_names() -> None:
    """A blank short name used to be filled with full_name[:200], cut mid-word: give those
    the abbreviation instead. A short name the user typed is never touched."""
    connection = op.get_bind()
    organization = sa.table('organization', sa.column('id', sa.Integer),
                            sa.column('full_name', sa.Text),
                            sa.column('short_name', sa.String))
    rows = connection.execute(sa.select(organization.c.id, organization.c.full_name,
                                        organization.c.short_name)).all()
    for row_id, full_name, short_name in rows:
        full_name = full_name or ''
        if len(full_name) > SHORT_NAME_MAX and short_name == full_name[:SHORT_NAME_MAX]:
            connection.execute(organization.update().where(organization.c.id == row_id)
                               .values(short_name=default_short_name(full_name)))


def downgrade() -> None:
    with op.batch_alter_table('organization', schema=None) as batch_op:
        for name, _ in reversed(COLUMNS):
            batch_op.drop_column(name)
