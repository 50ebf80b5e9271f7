"""the partner API: partners, nonces, call log, bookings made through the API (issue 24)

Revision ID: 0021_api
Revises: 0020_merge
Create Date: 2026-12-03 13:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_api'
down_revision = '0020_merge'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_partner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('secret_salt', sa.String(length=64), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('rate_per_minute', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('rotated_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_partner')),
    sa.UniqueConstraint('key_id', name=op.f('uq_api_partner_key_id'))
    )
    op.create_table('api_nonce',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_id', sa.String(length=40), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_nonce')),
    sa.UniqueConstraint('key_id', 'nonce', name=op.f('uq_api_nonce_key_id'))
    )
    with op.batch_alter_table('api_nonce', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_nonce_expires_at'), ['expires_at'], unique=False)

    op.create_table('api_call',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('key_id', sa.String(length=40), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('error', sa.String(length=40), nullable=False),
    sa.Column('latency_ms', sa.Integer(), nullable=False),
    sa.Column('body_sha256', sa.String(length=64), nullable=False),
    sa.Column('request_id', sa.String(length=64), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['api_partner.id'], name=op.f('fk_api_call_partner_id_api_partner')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_call'))
    )
    with op.batch_alter_table('api_call', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_call_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_call_status'), ['status'], unique=False)
        batch_op.create_index('ix_api_call_partner_at', ['partner_id', 'at'], unique=False)

    op.create_table('api_booking',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=80), nullable=True),
    sa.Column('body_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['hall_appointment.id'], name=op.f('fk_api_booking_appointment_id_hall_appointment')),
    sa.ForeignKeyConstraint(['partner_id'], ['api_partner.id'], name=op.f('fk_api_booking_partner_id_api_partner')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_booking')),
    sa.UniqueConstraint('appointment_id', name=op.f('uq_api_booking_appointment_id')),
    sa.UniqueConstraint('partner_id', 'idempotency_key', name=op.f('uq_api_booking_partner_id'))
    )
    with op.batch_alter_table('api_booking', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_booking_partner_id'), ['partner_id'], unique=False)


def downgrade():
    with op.batch_alter_table('api_booking', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_booking_partner_id'))
    op.drop_table('api_booking')
    with op.batch_alter_table('api_call', schema=None) as batch_op:
        batch_op.drop_index('ix_api_call_partner_at')
        batch_op.drop_index(batch_op.f('ix_api_call_status'))
        batch_op.drop_index(batch_op.f('ix_api_call_at'))
    op.drop_table('api_call')
    with op.batch_alter_table('api_nonce', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_nonce_expires_at'))
    op.drop_table('api_nonce')
    op.drop_table('api_partner')
