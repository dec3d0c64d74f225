"""hosts issue admission papers to applicants who accepted their place

admission_papers: an admission letter, a visa form (China's JW202) or another paper a host
institution issued for one application; the file in the documents' storage under a random
key. A new paper of a kind replaces the one before (kept, superseded).

Revision ID: c8e2a4f6b0d3
Revises: b5d7f9a1c3e6
Create Date: 2026-12-05 10:45:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'c8e2a4f6b0d3'
down_revision: Union[str, None] = 'b5d7f9a1c3e6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'admission_papers',
        sa.Column('id', S(length=64), nullable=False),
        sa.Column('application_id', S(length=64), nullable=False),
        sa.Column('applicant_id', S(length=64), nullable=False),
        sa.Column('institution_id', S(length=128), nullable=False),
        sa.Column('kind', S(length=32), nullable=False),
        sa.Column('note', S(length=500), nullable=True),
        sa.Column('original_name', S(length=255), nullable=False),
        sa.Column('stored_name', S(length=64), nullable=False),
        sa.Column('content_type', S(length=128), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', S(length=64), nullable=False),
        sa.Column('issued_by', S(length=64), nullable=False),
        sa.Column('issued_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('replaces', S(length=64), nullable=True),
        sa.Column('superseded', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_admission_papers_application_id'), 'admission_papers', ['application_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_admission_papers_application_id'), table_name='admission_papers')
    op.drop_table('admission_papers')
