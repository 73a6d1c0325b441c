"""faq english answers

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 23:50:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('faq_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer_en', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('variants_en', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('faq_entries', schema=None) as batch_op:
        batch_op.drop_column('variants_en')
        batch_op.drop_column('answer_en')
