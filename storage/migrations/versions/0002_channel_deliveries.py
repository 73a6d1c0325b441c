"""channel deliveries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 17:26:04.178982
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('channel_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('message_id', sa.String(length=128), nullable=False),
    sa.Column('received_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_deliveries')),
    sa.UniqueConstraint('channel', 'message_id', name=op.f('uq_channel_deliveries_channel'))
    )



def downgrade() -> None:

    op.drop_table('channel_deliveries')

