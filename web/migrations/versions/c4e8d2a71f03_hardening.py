"""hardening: session generation, attendee mail key, SQLite AUTOINCREMENT ids, deleted-attendee markers

Revision ID: c4e8d2a71f03
Revises: c7e2a9d41b05
Create Date: 2026-12-01 01:10:00

- organizer.session_generation: signing out ends every session (web.sessions);
- attendee.mail_key: a random value signed into unsubscribe and "done" links, filled for
  existing rows here (links mailed before this revision stop working: they signed the id only);
- attendee and match ids never reused on SQLite (AUTOINCREMENT; PostgreSQL sequences never reuse);
- deleted_attendee: keyed hashes of the addresses of people who deleted their data.
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = 'c4e8d2a71f03'
down_revision = 'c7e2a9d41b05'
branch_labels = None
depends_on = None


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table('organizer') as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))

    with op.batch_alter_table('attendee') as batch_op:
        batch_op.add_column(sa.Column('mail_key', sa.String(length=32), nullable=True))
    bind = op.get_bind()
    attendee = sa.table('attendee', sa.column('id', sa.Integer()), sa.column('mail_key', sa.String()))
    for (attendee_id,) in bind.execute(sa.select(attendee.c.id)).all():
        bind.execute(attendee.update().where(attendee.c.id == attendee_id)
                     .values(mail_key=secrets.token_urlsafe(16)))
    # On SQLite the table is rebuilt (with AUTOINCREMENT); env.py turns foreign keys off meanwhile,
    # so dropping the old table cascades nothing.
    with op.batch_alter_table('attendee', recreate='always' if sqlite else 'auto',
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.alter_column('mail_key', existing_type=sa.String(length=32), nullable=False)
    if sqlite:
        with op.batch_alter_table('match', recreate='always', table_kwargs={'sqlite_autoincrement': True}):
            pass

    op.create_table('deleted_attendee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('email_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_deleted_attendee_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deleted_attendee')),
    sa.UniqueConstraint('event_id', 'email_hash', name=op.f('uq_deleted_attendee_event_id'))
    )
    with op.batch_alter_table('deleted_attendee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deleted_attendee_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('deleted_attendee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deleted_attendee_event_id'))
    op.drop_table('deleted_attendee')
    with op.batch_alter_table('attendee') as batch_op:
        batch_op.drop_column('mail_key')
    with op.batch_alter_table('organizer') as batch_op:
        batch_op.drop_column('session_generation')
