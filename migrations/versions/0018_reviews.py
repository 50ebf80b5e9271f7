"""好差评 (issue 21): ratings and their revisions, callbacks, bad-review cases, the 整改台账,
effective-dated deduction weights; hall devices get the window of a rating pad.

Revision ID: 0018_reviews
Revises: 0017_merge
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_reviews'
down_revision = '0017_merge'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('review_weight',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('unsatisfied', 'very_unsatisfied', 'callback', name='deductionkind', native_enum=False, length=20), nullable=False),
    sa.Column('points', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_weight')),
    sa.UniqueConstraint('kind', 'effective_from', name=op.f('uq_review_weight_kind'))
    )
    op.create_table('review_callback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('list_day', sa.Date(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'done', 'unreached', name='callbackstate', native_enum=False, length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('one_time_notice', sa.Boolean(), nullable=True),
    sa.Column('back_and_forth', sa.Boolean(), nullable=True),
    sa.Column('within_limit', sa.Boolean(), nullable=True),
    sa.Column('improper_conduct', sa.Boolean(), nullable=True),
    sa.Column('attitude', sa.Enum('very_satisfied', 'satisfied', 'basic', 'unsatisfied', 'very_unsatisfied', name='level', native_enum=False, length=20), nullable=True),
    sa.Column('remarks', sa.String(length=500), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['user.id'], name=op.f('fk_review_callback_agent_id_user')),
    sa.ForeignKeyConstraint(['centre_id'], ['office.id'], name=op.f('fk_review_callback_centre_id_office')),
    sa.ForeignKeyConstraint(['matter_id'], ['matter.id'], name=op.f('fk_review_callback_matter_id_matter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_callback')),
    sa.UniqueConstraint('matter_id', name=op.f('uq_review_callback_matter_id'))
    )
    with op.batch_alter_table('review_callback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_callback_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_callback_list_day'), ['list_day'], unique=False)

    op.create_table('review_rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('pad', 'online', 'kiosk', name='ratingchannel', native_enum=False, length=20), nullable=False),
    sa.Column('level', sa.Enum('very_satisfied', 'satisfied', 'basic', 'unsatisfied', 'very_unsatisfied', name='level', native_enum=False, length=20), nullable=False),
    sa.Column('categories', sa.String(length=200), nullable=False),
    sa.Column('comment', sa.String(length=500), nullable=False),
    sa.Column('rater_name', sa.String(length=60), nullable=False),
    sa.Column('rater_phone', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['matter_id'], ['matter.id'], name=op.f('fk_review_rating_matter_id_matter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_rating')),
    sa.UniqueConstraint('matter_id', 'channel', name=op.f('uq_review_rating_matter_id'))
    )
    with op.batch_alter_table('review_rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_rating_level'), ['level'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_rating_matter_id'), ['matter_id'], unique=False)

    op.create_table('review_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('rating_id', sa.Integer(), nullable=True),
    sa.Column('callback_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('unsatisfied', 'very_unsatisfied', 'callback', name='deductionkind', native_enum=False, length=20), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('verifying', 'deciding', 'not_counted', 'rectifying', 'feedback', 'closed', name='casestate', native_enum=False, length=20), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('verification', sa.Text(), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('appealed', sa.Boolean(), nullable=False),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.Column('counted', sa.Boolean(), nullable=False),
    sa.Column('rectification_due', sa.DateTime(), nullable=True),
    sa.Column('rectification', sa.Text(), nullable=False),
    sa.Column('party_reaction', sa.String(length=20), nullable=False),
    sa.Column('party_remarks', sa.String(length=500), nullable=False),
    sa.Column('escalated', sa.Boolean(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['callback_id'], ['review_callback.id'], name=op.f('fk_review_case_callback_id_review_callback')),
    sa.ForeignKeyConstraint(['matter_id'], ['matter.id'], name=op.f('fk_review_case_matter_id_matter')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_review_case_office_id_office')),
    sa.ForeignKeyConstraint(['rating_id'], ['review_rating.id'], name=op.f('fk_review_case_rating_id_review_rating')),
    sa.ForeignKeyConstraint(['staff_id'], ['user.id'], name=op.f('fk_review_case_staff_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_case')),
    sa.UniqueConstraint('callback_id', name=op.f('uq_review_case_callback_id')),
    sa.UniqueConstraint('rating_id', name=op.f('uq_review_case_rating_id'))
    )
    with op.batch_alter_table('review_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_case_matter_id'), ['matter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_case_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_case_staff_id'), ['staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_case_state'), ['state'], unique=False)

    op.create_table('review_rating_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rating_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Enum('very_satisfied', 'satisfied', 'basic', 'unsatisfied', 'very_unsatisfied', name='level', native_enum=False, length=20), nullable=False),
    sa.Column('categories', sa.String(length=200), nullable=False),
    sa.Column('comment', sa.String(length=500), nullable=False),
    sa.Column('replaced_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['rating_id'], ['review_rating.id'], name=op.f('fk_review_rating_revision_rating_id_review_rating')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_rating_revision'))
    )
    with op.batch_alter_table('review_rating_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_rating_revision_rating_id'), ['rating_id'], unique=False)

    op.create_table('review_rectification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('measures', sa.Text(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['review_case.id'], name=op.f('fk_review_rectification_case_id_review_case')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_review_rectification_office_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_rectification')),
    sa.UniqueConstraint('case_id', name=op.f('uq_review_rectification_case_id'))
    )
    with op.batch_alter_table('review_rectification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_rectification_office_id'), ['office_id'], unique=False)

    with op.batch_alter_table('hall_device', schema=None) as batch_op:
        batch_op.add_column(sa.Column('window_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_hall_device_window_id_hall_window'), 'hall_window', ['window_id'], ['id'])



def downgrade():
    with op.batch_alter_table('hall_device', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_hall_device_window_id_hall_window'), type_='foreignkey')
        batch_op.drop_column('window_id')

    with op.batch_alter_table('review_rectification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_rectification_office_id'))

    op.drop_table('review_rectification')
    with op.batch_alter_table('review_rating_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_rating_revision_rating_id'))

    op.drop_table('review_rating_revision')
    with op.batch_alter_table('review_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_case_state'))
        batch_op.drop_index(batch_op.f('ix_review_case_staff_id'))
        batch_op.drop_index(batch_op.f('ix_review_case_office_id'))
        batch_op.drop_index(batch_op.f('ix_review_case_matter_id'))

    op.drop_table('review_case')
    with op.batch_alter_table('review_rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_rating_matter_id'))
        batch_op.drop_index(batch_op.f('ix_review_rating_level'))

    op.drop_table('review_rating')
    with op.batch_alter_table('review_callback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_callback_list_day'))
        batch_op.drop_index(batch_op.f('ix_review_callback_centre_id'))

    op.drop_table('review_callback')
    op.drop_table('review_weight')
