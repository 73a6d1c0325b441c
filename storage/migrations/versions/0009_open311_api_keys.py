"""open311 api keys

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('open311_api_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_open311_api_keys')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_open311_api_keys_key_hash'))
    )


def downgrade() -> None:
    op.drop_table('open311_api_keys')
