"""The service hall (issue 19): the 办件 register (matter), online appointments with their
quota counters, SMS codes, queue tickets, windows, business types, 7×24 urgent slots, no-shows,
booking bans and paired hall devices.

Revision ID: 0016_hall
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_hall'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('hall_sms_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hall_sms_code'))
    )
    with op.batch_alter_table('hall_sms_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hall_sms_code_phone'), ['phone'], unique=False)

    op.create_table('hall_booking_day',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_code', sa.String(length=40), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('quota', sa.Integer(), nullable=False),
    sa.Column('booked', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['office.id'], name=op.f('fk_hall_booking_day_centre_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hall_booking_day')),
    sa.UniqueConstraint('item_code', 'centre_id', 'day', name=op.f('uq_hall_booking_day_item_code'))
    )
    with op.batch_alter_table('hall_booking_day', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hall_booking_day_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hall_booking_day_day'), ['day'], unique=False)

    op.create_table('hall_business_type',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('letter', sa.String(length=2), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('themes', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['office.id'], name=op.f('fk_hall_business_type_centre_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hall_business_type')),
    sa.UniqueConstraint('centre_id', 'letter', name=op.f('uq_hall_business_type_centre_id'))
    )
    with op.batch_alter_table('hall_business_type', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hall_business_type_centre_id'), ['centre_id'], unique=False)

    op.create_table('hall_urgent_slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('slot', sa.String(length=20), nullable=False),
    sa.Column('daily_quota', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['office.id'], name=op.f('fk_hall_urgent_slot_centre_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hall_urgent_slot'))
    )
    with op.batch_alter_table('hall_urgent_slot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hall_urgent_slot_centre_id'), ['centre_id'], unique=False)

    op.create_table('hall_device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('kiosk', 'screen', name='devicekind', native_enum=False, length=20), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['centre_id'], ['office.id'], name=op.f('fk_hall_device_centre_id_office')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_hall_device_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hall_device'))
    )
    with op.batch_alter_table('hall_device', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hall_device_centre_id'), ['centre_id'], unique=False)

    op.create_table('hall_window',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('letters', sa.String(length=40), nullable=False),
    sa.Column('noon', sa.Boolean(), nullable=False),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['centre_id'], ['office.id'], name=op.f('fk_hall_window_centre_id_office')),
    sa.ForeignKeyConstraint(['clerk_id'], ['user.id'], name=op.f('fk_hall_window_clerk_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hall_window')),
    sa.UniqueConstraint('centre_id', 'number', name=op.f('uq_hall_window_centre_id'))
    )
    with op.batch_alter_table('hall_window', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hall_window_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hall_window_clerk_id'), ['clerk_id'], unique=False)

    op.create_table('hall_booking_ban',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('credit_record_id', sa.Integer(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('lifted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['credit_record_id'], ['credit_record.id'], name=op.f('fk_hall_booking_ban_credit_record_id_credit_record')),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_hall_booking_ban_party_id_party')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hall_booking_ban'))
    )
    with op.batch_alter_table('hall_booking_ban', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hall_booking_ban_ends_on'), ['ends_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_hall_booking_ban_party_id'), ['party_id'], unique=False)

    op.create_table('hall_appointment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('item_code', sa.String(length=40), nullable=False),
    sa.Column('item_name', sa.String(length=400), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('slot', sa.String(length=20), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('state', sa.Enum('booked', 'cancelled', 'checked_in', 'no_show', name='appointmentstate', native_enum=False, length=20), nullable=False),
    sa.Column('active', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['centre_id'], ['office.id'], name=op.f('fk_hall_appointment_centre_id_office')),
    sa.ForeignKeyConstraint(['item_id'], ['service_item.id'], name=op.f('fk_hall_appointment_item_id_service_item')),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_hall_appointment_party_id_party')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hall_appointment')),
    sa.UniqueConstraint('number', name=op.f('uq_hall_appointment_number')),
    sa.UniqueConstraint('party_id', 'item_code', 'day', 'active', name=op.f('uq_hall_appointment_party_id'))
    )
    with op.batch_alter_table('hall_appointment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hall_appointment_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hall_appointment_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_hall_appointment_id_number'), ['id_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_hall_appointment_party_id'), ['party_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hall_appointment_state'), ['state'], unique=False)

    op.create_table('matter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('source', sa.Enum('ordinary', 'appointment', 'nearby', 'commitment', name='mattersource', native_enum=False, length=20), nullable=False),
    sa.Column('source_type', sa.String(length=40), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('item_code', sa.String(length=40), nullable=False),
    sa.Column('item_name', sa.String(length=400), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('party_name', sa.String(length=200), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('supervision_office_id', sa.Integer(), nullable=True),
    sa.Column('centre_id', sa.Integer(), nullable=True),
    sa.Column('window_label', sa.String(length=60), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.Column('committed_limit_days', sa.Integer(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=True),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('state', sa.Enum('accepted', 'completed', name='matterstate', native_enum=False, length=20), nullable=False),
    sa.Column('result', sa.Enum('approved', 'refused', 'done', name='matterresult', native_enum=False, length=20), nullable=True),
    sa.Column('result_note', sa.String(length=500), nullable=False),
    sa.Column('pushed_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['office.id'], name=op.f('fk_matter_centre_id_office')),
    sa.ForeignKeyConstraint(['item_id'], ['service_item.id'], name=op.f('fk_matter_item_id_service_item')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_matter_office_id_office')),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_matter_party_id_party')),
    sa.ForeignKeyConstraint(['staff_id'], ['user.id'], name=op.f('fk_matter_staff_id_user')),
    sa.ForeignKeyConstraint(['supervision_office_id'], ['office.id'], name=op.f('fk_matter_supervision_office_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matter')),
    sa.UniqueConstraint('number', name=op.f('uq_matter_number')),
    sa.UniqueConstraint('source_type', 'source_id', name=op.f('uq_matter_source_type'))
    )
    with op.batch_alter_table('matter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matter_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matter_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matter_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matter_party_id'), ['party_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matter_source'), ['source'], unique=False)
        batch_op.create_index(batch_op.f('ix_matter_staff_id'), ['staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matter_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_matter_supervision_office_id'), ['supervision_office_id'], unique=False)

    op.create_table('hall_no_show',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['hall_appointment.id'], name=op.f('fk_hall_no_show_appointment_id_hall_appointment')),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_hall_no_show_party_id_party')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hall_no_show')),
    sa.UniqueConstraint('appointment_id', name=op.f('uq_hall_no_show_appointment_id'))
    )
    with op.batch_alter_table('hall_no_show', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hall_no_show_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_hall_no_show_party_id'), ['party_id'], unique=False)

    op.create_table('hall_ticket',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.Enum('regular', 'appointment', name='ticketkind', native_enum=False, length=20), nullable=False),
    sa.Column('letter', sa.String(length=2), nullable=False),
    sa.Column('business_name', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('waiting', 'called', 'serving', 'done', 'skipped', name='ticketstate', native_enum=False, length=20), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('taken_at', sa.DateTime(), nullable=False),
    sa.Column('called_at', sa.DateTime(), nullable=True),
    sa.Column('call_count', sa.Integer(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('matter_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['appointment_id'], ['hall_appointment.id'], name=op.f('fk_hall_ticket_appointment_id_hall_appointment')),
    sa.ForeignKeyConstraint(['centre_id'], ['office.id'], name=op.f('fk_hall_ticket_centre_id_office')),
    sa.ForeignKeyConstraint(['matter_id'], ['matter.id'], name=op.f('fk_hall_ticket_matter_id_matter')),
    sa.ForeignKeyConstraint(['window_id'], ['hall_window.id'], name=op.f('fk_hall_ticket_window_id_hall_window')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hall_ticket')),
    sa.UniqueConstraint('centre_id', 'day', 'seq', name=op.f('uq_hall_ticket_centre_id'))
    )
    with op.batch_alter_table('hall_ticket', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hall_ticket_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hall_ticket_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_hall_ticket_position'), ['position'], unique=False)
        batch_op.create_index(batch_op.f('ix_hall_ticket_state'), ['state'], unique=False)



def downgrade():
    with op.batch_alter_table('hall_ticket', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hall_ticket_state'))
        batch_op.drop_index(batch_op.f('ix_hall_ticket_position'))
        batch_op.drop_index(batch_op.f('ix_hall_ticket_day'))
        batch_op.drop_index(batch_op.f('ix_hall_ticket_centre_id'))

    op.drop_table('hall_ticket')
    with op.batch_alter_table('hall_no_show', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hall_no_show_party_id'))
        batch_op.drop_index(batch_op.f('ix_hall_no_show_day'))

    op.drop_table('hall_no_show')
    with op.batch_alter_table('matter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matter_supervision_office_id'))
        batch_op.drop_index(batch_op.f('ix_matter_state'))
        batch_op.drop_index(batch_op.f('ix_matter_staff_id'))
        batch_op.drop_index(batch_op.f('ix_matter_source'))
        batch_op.drop_index(batch_op.f('ix_matter_party_id'))
        batch_op.drop_index(batch_op.f('ix_matter_office_id'))
        batch_op.drop_index(batch_op.f('ix_matter_item_id'))
        batch_op.drop_index(batch_op.f('ix_matter_centre_id'))

    op.drop_table('matter')
    with op.batch_alter_table('hall_appointment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hall_appointment_state'))
        batch_op.drop_index(batch_op.f('ix_hall_appointment_party_id'))
        batch_op.drop_index(batch_op.f('ix_hall_appointment_id_number'))
        batch_op.drop_index(batch_op.f('ix_hall_appointment_day'))
        batch_op.drop_index(batch_op.f('ix_hall_appointment_centre_id'))

    op.drop_table('hall_appointment')
    with op.batch_alter_table('hall_booking_ban', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hall_booking_ban_party_id'))
        batch_op.drop_index(batch_op.f('ix_hall_booking_ban_ends_on'))

    op.drop_table('hall_booking_ban')
    with op.batch_alter_table('hall_window', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hall_window_clerk_id'))
        batch_op.drop_index(batch_op.f('ix_hall_window_centre_id'))

    op.drop_table('hall_window')
    with op.batch_alter_table('hall_device', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hall_device_centre_id'))

    op.drop_table('hall_device')
    with op.batch_alter_table('hall_urgent_slot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hall_urgent_slot_centre_id'))

    op.drop_table('hall_urgent_slot')
    with op.batch_alter_table('hall_business_type', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hall_business_type_centre_id'))

    op.drop_table('hall_business_type')
    with op.batch_alter_table('hall_booking_day', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hall_booking_day_day'))
        batch_op.drop_index(batch_op.f('ix_hall_booking_day_centre_id'))

    op.drop_table('hall_booking_day')
    with op.batch_alter_table('hall_sms_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hall_sms_code_phone'))

    op.drop_table('hall_sms_code')
