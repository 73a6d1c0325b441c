"""pending messages: an idempotency key, so a message pushed again after a crash is kept once

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 22:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('pending_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=160), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_pending_messages_idempotency_key'), ['idempotency_key'])


def downgrade() -> None:
    with op.batch_alter_table('pending_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_pending_messages_idempotency_key'), type_='unique')
        batch_op.drop_column('idempotency_key')
