"""knowledge revisions and the published knowledge version

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-10 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('knowledge_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_type', sa.String(length=16), nullable=False),
    sa.Column('target_id', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.Column('diff', sa.JSON(), nullable=False),
    sa.Column('reverts_id', sa.Integer(), nullable=True),
    sa.Column('staff_user_id', sa.Integer(), nullable=True),
    sa.Column('author', sa.String(length=64), nullable=False),
    sa.Column('knowledge_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_users.id'],
                            name=op.f('fk_knowledge_revisions_staff_user_id_staff_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_revisions'))
    )
    with op.batch_alter_table('knowledge_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_revisions_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_knowledge_revisions_target_id'), ['target_id'], unique=False)
    version = op.create_table('knowledge_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_version'))
    )
    op.bulk_insert(version, [{'id': 1, 'value': 0, 'changed_at': None}])


def downgrade() -> None:
    op.drop_table('knowledge_version')
    op.drop_table('knowledge_revisions')
