"""dossier lookup log: the client address as a keyed hash, for the per-address lookup limit and phone-check lockout

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 09:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dossier_lookup_log') as batch:
        batch.add_column(sa.Column('address_hash', sa.String(length=64), nullable=True))
        batch.create_index('ix_dossier_lookup_log_address_at', ['address_hash', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dossier_lookup_log') as batch:
        batch.drop_index('ix_dossier_lookup_log_address_at')
        batch.drop_column('address_hash')
