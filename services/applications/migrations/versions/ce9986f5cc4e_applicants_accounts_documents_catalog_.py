"""applicants, accounts, documents, catalog read model, lifecycle

Revision ID: ce9986f5cc4e
Revises: d8613f1da772
Create Date: 2026-11-23 13:23:17.955001
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'ce9986f5cc4e'
down_revision: Union[str, None] = 'd8613f1da772'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Rows from before this revision get empty defaults; existing submitted rows stay active.
    op.create_table('accounts',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('schemes', sa.JSON(), nullable=False),
    sa.Column('institutions', sa.JSON(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('applicants',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('applicant_type', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('nationality', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('home_institution', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('preferred_language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('application_choices',
    sa.Column('application_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('programme_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('host_institution_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.PrimaryKeyConstraint('application_id', 'rank')
    )
    with op.batch_alter_table('application_choices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_choices_host_institution_id'), ['host_institution_id'], unique=False)

    op.create_table('catalog_cycles',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('scheme_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('opens_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('closes_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('max_choices', sa.Integer(), nullable=False),
    sa.Column('eligible_countries', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('catalog_cycles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalog_cycles_scheme_id'), ['scheme_id'], unique=False)

    op.create_table('catalog_institutions',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('country', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('catalog_programmes',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('cycle_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('scheme_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('host_institution_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('host_institution_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('host_country', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('applicant_type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('requirements', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('catalog_programmes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalog_programmes_cycle_id'), ['cycle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalog_programmes_scheme_id'), ['scheme_id'], unique=False)

    op.create_table('catalog_quota_rules',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('cycle_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('rule', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('catalog_quota_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalog_quota_rules_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('catalog_schemes',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sponsor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('eligible_countries', sa.JSON(), nullable=False),
    sa.Column('max_choices', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('documents',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('application_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('applicant_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('original_name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('stored_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_application_id'), ['application_id'], unique=False)

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language_certificates', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('statement', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('history', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('match_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True))
        batch_op.add_column(sa.Column('offered_programme_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False, server_default=sa.func.now()))
        batch_op.alter_column('cycle_id',
               existing_type=sa.VARCHAR(length=64),
               type_=sqlmodel.sql.sqltypes.AutoString(length=128),
               existing_nullable=False)
        batch_op.alter_column('scheme_id',
               existing_type=sa.VARCHAR(length=64),
               type_=sqlmodel.sql.sqltypes.AutoString(length=128),
               existing_nullable=False)
        batch_op.create_index(batch_op.f('ix_applications_scheme_id'), ['scheme_id'], unique=False)
        batch_op.create_unique_constraint('uq_applications_active', ['applicant_id', 'cycle_id', 'active'])
        batch_op.drop_column('email')
        batch_op.drop_column('name')
        batch_op.drop_column('preferred_language')

    op.execute(sa.text("UPDATE applications SET active = :t WHERE status <> 'withdrawn'").bindparams(t=True))
    # ### end Alembic commands ###


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('preferred_language', sa.VARCHAR(length=8), nullable=True))
        batch_op.add_column(sa.Column('name', sa.VARCHAR(length=200), nullable=True))
        batch_op.add_column(sa.Column('email', sa.VARCHAR(length=320), nullable=True))
        batch_op.drop_constraint('uq_applications_active', type_='unique')
        batch_op.drop_index(batch_op.f('ix_applications_scheme_id'))
        batch_op.alter_column('scheme_id',
               existing_type=sqlmodel.sql.sqltypes.AutoString(length=128),
               type_=sa.VARCHAR(length=64),
               existing_nullable=False)
        batch_op.alter_column('cycle_id',
               existing_type=sqlmodel.sql.sqltypes.AutoString(length=128),
               type_=sa.VARCHAR(length=64),
               existing_nullable=False)
        batch_op.drop_column('updated_at')
        batch_op.drop_column('offered_programme_id')
        batch_op.drop_column('match_id')
        batch_op.drop_column('history')
        batch_op.drop_column('active')
        batch_op.drop_column('statement')
        batch_op.drop_column('language_certificates')

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_application_id'))

    op.drop_table('documents')
    op.drop_table('catalog_schemes')
    with op.batch_alter_table('catalog_quota_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalog_quota_rules_cycle_id'))

    op.drop_table('catalog_quota_rules')
    with op.batch_alter_table('catalog_programmes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalog_programmes_scheme_id'))
        batch_op.drop_index(batch_op.f('ix_catalog_programmes_cycle_id'))

    op.drop_table('catalog_programmes')
    op.drop_table('catalog_institutions')
    with op.batch_alter_table('catalog_cycles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalog_cycles_scheme_id'))

    op.drop_table('catalog_cycles')
    with op.batch_alter_table('application_choices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_choices_host_institution_id'))

    op.drop_table('application_choices')
    op.drop_table('applicants')
    op.drop_table('accounts')
    # ### end Alembic commands ###
