"""urban reports: reports, followers, status history and the daily code counter

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 21:40:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('urban_report_code_counters',
    sa.Column('day', sa.String(length=6), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_urban_report_code_counters'))
    )
    op.create_table('urban_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('ward', sa.String(length=80), nullable=True),
    sa.Column('old_ward', sa.Text(), nullable=True),
    sa.Column('photos', sa.JSON(), nullable=False),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('contact_phone', sa.String(length=16), nullable=True),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('conversation_id', sa.String(length=160), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('handling_unit', sa.Text(), nullable=False),
    sa.Column('staff_reply', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('deadline_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_urban_reports')),
    sa.UniqueConstraint('code', name=op.f('uq_urban_reports_code'))
    )
    with op.batch_alter_table('urban_reports', schema=None) as batch_op:
        batch_op.create_index('ix_urban_reports_category_created_at', ['category', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_urban_reports_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index('ix_urban_reports_status_deadline_at', ['status', 'deadline_at'], unique=False)

    op.create_table('urban_report_followers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.String(length=160), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['urban_reports.id'], name=op.f('fk_urban_report_followers_report_id_urban_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_urban_report_followers')),
    sa.UniqueConstraint('report_id', 'conversation_id', name=op.f('uq_urban_report_followers_report_id'))
    )
    with op.batch_alter_table('urban_report_followers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_urban_report_followers_conversation_id'), ['conversation_id'], unique=False)

    op.create_table('urban_report_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('handling_unit', sa.Text(), nullable=True),
    sa.Column('staff_reply', sa.Text(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['urban_reports.id'], name=op.f('fk_urban_report_status_changes_report_id_urban_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_urban_report_status_changes'))
    )
    with op.batch_alter_table('urban_report_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_urban_report_status_changes_report_id'), ['report_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('urban_report_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_urban_report_status_changes_report_id'))

    op.drop_table('urban_report_status_changes')
    with op.batch_alter_table('urban_report_followers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_urban_report_followers_conversation_id'))

    op.drop_table('urban_report_followers')
    with op.batch_alter_table('urban_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_urban_reports_status_deadline_at')
        batch_op.drop_index(batch_op.f('ix_urban_reports_conversation_id'))
        batch_op.drop_index('ix_urban_reports_category_created_at')

    op.drop_table('urban_reports')
    op.drop_table('urban_report_code_counters')
