"""column choices, guessed attendee languages, event glossary

Revision ID: c7e2a9d41b05
Revises: a391c3896e30
Create Date: 2026-12-01 00:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7e2a9d41b05'
down_revision = 'a391c3896e30'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('column_choice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organizer_id', sa.Integer(), nullable=False),
    sa.Column('header_hash', sa.String(length=64), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organizer_id'], ['organizer.id'], name=op.f('fk_column_choice_organizer_id_organizer'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_column_choice')),
    sa.UniqueConstraint('organizer_id', 'header_hash', name=op.f('uq_column_choice_organizer_id'))
    )
    with op.batch_alter_table('column_choice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_column_choice_organizer_id'), ['organizer_id'], unique=False)
    with op.batch_alter_table('attendee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language_guessed', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('glossary', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('glossary')
    with op.batch_alter_table('attendee', schema=None) as batch_op:
        batch_op.drop_column('language_guessed')
    with op.batch_alter_table('column_choice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_column_choice_organizer_id'))
    op.drop_table('column_choice')
