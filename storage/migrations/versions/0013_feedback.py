"""feedback: residents' 👍/👎 on procedure answers and 1-5 ratings of closed reports and handoffs

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('answer_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_hash', sa.String(length=64), nullable=False),
    sa.Column('procedure_code', sa.String(length=32), nullable=False),
    sa.Column('thumbs_up', sa.Boolean(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_ratings')),
    sa.UniqueConstraint('conversation_hash', 'procedure_code', name=op.f('uq_answer_ratings_conversation_hash'))
    )
    with op.batch_alter_table('answer_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_ratings_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_answer_ratings_procedure_code'), ['procedure_code'], unique=False)

    op.create_table('case_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_type', sa.String(length=16), nullable=False),
    sa.Column('case_code', sa.String(length=64), nullable=False),
    sa.Column('conversation_hash', sa.String(length=64), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_ratings')),
    sa.UniqueConstraint('case_type', 'case_code', 'conversation_hash', name=op.f('uq_case_ratings_case_type'))
    )
    with op.batch_alter_table('case_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_ratings_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_ratings_case_code'), ['case_code'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('case_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_ratings_case_code'))
        batch_op.drop_index(batch_op.f('ix_case_ratings_at'))
    op.drop_table('case_ratings')
    with op.batch_alter_table('answer_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_ratings_procedure_code'))
        batch_op.drop_index(batch_op.f('ix_answer_ratings_at'))
    op.drop_table('answer_ratings')
