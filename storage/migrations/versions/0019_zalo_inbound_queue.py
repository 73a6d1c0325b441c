"""Zalo inbound queue: every resident message kept until answered, deduplicated by Zalo's msg_id

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 09:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'zalo_inbound_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('message_id', sa.String(length=128), nullable=True),
        sa.Column('sender', sa.String(length=128), nullable=False),
        sa.Column('message', sa.JSON(), nullable=True),
        sa.Column('replies', sa.JSON(), nullable=True),
        sa.Column('sent_replies', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('claim_token', sa.String(length=32), nullable=True),
        sa.Column('busy_sent_at', sa.DateTime(), nullable=True),
        sa.Column('last_error', sa.String(length=200), nullable=True),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_zalo_inbound_events')),
        sa.UniqueConstraint('message_id', name=op.f('uq_zalo_inbound_events_message_id')),
    )
    op.create_index('ix_zalo_inbound_events_due', 'zalo_inbound_events', ['status', 'next_attempt_at'])
    op.create_index('ix_zalo_inbound_events_sender', 'zalo_inbound_events', ['sender', 'status', 'id'])


def downgrade() -> None:
    op.drop_index('ix_zalo_inbound_events_sender', table_name='zalo_inbound_events')
    op.drop_index('ix_zalo_inbound_events_due', table_name='zalo_inbound_events')
    op.drop_table('zalo_inbound_events')
