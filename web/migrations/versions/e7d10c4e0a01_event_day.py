"""event day: check-in, walk-ins, page versions, repairs, dissolved pairs

Revision ID: e7d10c4e0a01
Revises: c7e2a9d41b05
Create Date: 2026-12-01 01:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7d10c4e0a01'
down_revision = 'c4e8d2a71f03'
branch_labels = None
depends_on = None


def upgrade():
    # On SQLite a batch may rebuild attendee or match: the rebuilt table keeps AUTOINCREMENT, so an
    # id is never reused (the hardening migration; old unsubscribe links must not reach new people).
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('repair_minutes', sa.Integer(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('repairs', sa.JSON(), nullable=True))
    with op.batch_alter_table('attendee', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('presence', sa.String(length=8), server_default='', nullable=False))
        batch_op.add_column(sa.Column('checked_in_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('walk_in', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('notify_changes', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('page_version', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('match', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('dissolved_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('repaired_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('match', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_column('repaired_at')
        batch_op.drop_column('dissolved_at')
    with op.batch_alter_table('attendee', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_column('page_version')
        batch_op.drop_column('notify_changes')
        batch_op.drop_column('walk_in')
        batch_op.drop_column('checked_in_at')
        batch_op.drop_column('presence')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('repairs')
        batch_op.drop_column('repair_minutes')
