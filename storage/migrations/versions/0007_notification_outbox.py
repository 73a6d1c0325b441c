"""notification outbox: one table for every feature's notifications, replacing dossier_notifications

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 21:20:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notification_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('idempotency_key', sa.String(length=128), nullable=False),
    sa.Column('conversation_id', sa.String(length=160), nullable=False),
    sa.Column('replies', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_outbox')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_notification_outbox_idempotency_key'))
    )
    with op.batch_alter_table('notification_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_notification_outbox_due', ['state', 'next_attempt_at'], unique=False)

    with op.batch_alter_table('dossier_notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_notifications_subscription_id'))
        batch_op.drop_index(batch_op.f('ix_dossier_notifications_change_id'))
        batch_op.drop_index('ix_dossier_notifications_due')

    op.drop_table('dossier_notifications')


def downgrade() -> None:
    op.create_table('dossier_notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('subscription_id', sa.Integer(), nullable=False),
    sa.Column('change_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['change_id'], ['dossier_status_changes.id'], name=op.f('fk_dossier_notifications_change_id_dossier_status_changes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subscription_id'], ['dossier_subscriptions.id'], name=op.f('fk_dossier_notifications_subscription_id_dossier_subscriptions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_notifications')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_dossier_notifications_idempotency_key'))
    )
    with op.batch_alter_table('dossier_notifications', schema=None) as batch_op:
        batch_op.create_index('ix_dossier_notifications_due', ['state', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossier_notifications_change_id'), ['change_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossier_notifications_subscription_id'), ['subscription_id'], unique=False)

    with op.batch_alter_table('notification_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_outbox_due')

    op.drop_table('notification_outbox')
