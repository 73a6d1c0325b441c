"""dossiers: registry, status history, processed events, lookup log

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 19:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dossiers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_number', sa.String(length=64), nullable=False),
    sa.Column('procedure_code', sa.String(length=32), nullable=True),
    sa.Column('procedure_name', sa.Text(), nullable=True),
    sa.Column('applicant_name', sa.Text(), nullable=True),
    sa.Column('applicant_phone', sa.String(length=16), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('status_at', sa.DateTime(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('result_location', sa.Text(), nullable=True),
    sa.Column('handling_unit', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('failed_verifications', sa.Integer(), nullable=False),
    sa.Column('verification_locked_until', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossiers')),
    sa.UniqueConstraint('receipt_number', name=op.f('uq_dossiers_receipt_number'))
    )
    op.create_table('dossier_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('event_id', sa.String(length=128), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_dossier_status_changes_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_status_changes'))
    )
    with op.batch_alter_table('dossier_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_status_changes_dossier_id'), ['dossier_id'], unique=False)

    op.create_table('dossier_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('event_id', sa.String(length=128), nullable=False),
    sa.Column('received_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_events')),
    sa.UniqueConstraint('source', 'event_id', name=op.f('uq_dossier_events_source'))
    )
    op.create_table('dossier_lookup_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('receipt_number', sa.String(length=64), nullable=False),
    sa.Column('sender_hash', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_lookup_log'))
    )
    with op.batch_alter_table('dossier_lookup_log', schema=None) as batch_op:
        batch_op.create_index('ix_dossier_lookup_log_receipt_at', ['receipt_number', 'at'], unique=False)
        batch_op.create_index('ix_dossier_lookup_log_sender_at', ['sender_hash', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dossier_lookup_log', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_lookup_log_sender_at')
        batch_op.drop_index('ix_dossier_lookup_log_receipt_at')

    op.drop_table('dossier_lookup_log')
    op.drop_table('dossier_events')
    with op.batch_alter_table('dossier_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_status_changes_dossier_id'))

    op.drop_table('dossier_status_changes')
    op.drop_table('dossiers')
