"""hotline II: 通报批评 with media exposures, new 督办 triggers (escalation), Art 18 callbacks,
the reviewer-confirmed appeal scope

Revision ID: 0021_hot2
Revises: 0020_merge
Create Date: 2026-12-03 13:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0021_hot2'
down_revision = '0020_merge'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('hotline_media_exposure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('exposed_on', sa.Date(), nullable=False),
    sa.Column('outlet', sa.String(length=100), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_hotline_media_exposure_created_by_id_user')),
    sa.ForeignKeyConstraint(['unit_id'], ['office.id'], name=op.f('fk_hotline_media_exposure_unit_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hotline_media_exposure'))
    )
    with op.batch_alter_table('hotline_media_exposure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hotline_media_exposure_unit_id'), ['unit_id'], unique=False)

    op.create_table('hotline_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'submitted', 'issued', name='noticestate', native_enum=False, length=10), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('unit_ids', sa.JSON(), nullable=False),
    sa.Column('drafted_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('review_note', sa.String(length=500), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('issued_at', sa.DateTime(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['issued_document.id'], name=op.f('fk_hotline_notice_document_id_issued_document')),
    sa.ForeignKeyConstraint(['drafted_by_id'], ['user.id'], name=op.f('fk_hotline_notice_drafted_by_id_user')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_hotline_notice_office_id_office')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user.id'], name=op.f('fk_hotline_notice_reviewed_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hotline_notice'))
    )

    with op.batch_alter_table('hotline_duban', schema=None) as batch_op:
        batch_op.add_column(sa.Column('escalated', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('hotline_callback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('asked_authority', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('enterprise_answered', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('hotline_rehandling', schema=None) as batch_op:
        batch_op.add_column(sa.Column('by_authority', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('hotline_appeal_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope_confirmed', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('hotline_appeal_item', schema=None) as batch_op:
        batch_op.drop_column('scope_confirmed')
    with op.batch_alter_table('hotline_rehandling', schema=None) as batch_op:
        batch_op.drop_column('by_authority')
    with op.batch_alter_table('hotline_callback', schema=None) as batch_op:
        batch_op.drop_column('enterprise_answered')
        batch_op.drop_column('asked_authority')
    with op.batch_alter_table('hotline_duban', schema=None) as batch_op:
        batch_op.drop_column('escalated')
    op.drop_table('hotline_notice')
    with op.batch_alter_table('hotline_media_exposure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hotline_media_exposure_unit_id'))
    op.drop_table('hotline_media_exposure')
