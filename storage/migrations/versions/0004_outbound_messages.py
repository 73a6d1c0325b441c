"""outbound messages: pending replies and when each user last wrote

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 18:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('pending_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('recipient', sa.String(length=128), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('delivered_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_messages'))
    )
    with op.batch_alter_table('pending_messages', schema=None) as batch_op:
        batch_op.create_index('ix_pending_messages_recipient', ['channel', 'recipient', 'delivered_at'], unique=False)

    op.create_table('user_interactions',
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.String(length=128), nullable=False),
    sa.Column('last_inbound_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('channel', 'user_id', name=op.f('pk_user_interactions'))
    )



def downgrade() -> None:

    op.drop_table('user_interactions')
    with op.batch_alter_table('pending_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_pending_messages_recipient')

    op.drop_table('pending_messages')

