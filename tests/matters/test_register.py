"""The 办件 register (issue 19 §1): one row per matter, the due clock, the LNK-3 push."""
from sqlalchemy import func, select

from app.core import deadlines
from app.extensions import db
from app.matters import services
from app.matters.models import Matter, MatterResult, MatterSource, MatterState
from app.notify.models import OutboxMessage
from tests import factories
from tests.catalog.factories import published_item
from tests.commitment.factories import case as commitment_case


def test_a_decided_commitment_case_gets_its_matter_row_once():
    case = commitment_case("decided")
    matter = services.find_by_source("commitment_case", case.id)
    assert matter.source == MatterSource.COMMITMENT and matter.state == MatterState.COMPLETED
    assert matter.party_id == case.party_id and matter.office_id == case.office_id
    assert case.decision_number in matter.result_note
    services.from_commitment_case(case)  # a repeated event
    assert db.session.scalar(select(func.count()).select_from(Matter)) == 1


def test_open_matter_runs_the_committed_limit_in_working_days():
    item = published_item(committed_limit_days=5)
    clerk = factories.user("window_clerk")
    matter = services.open_matter(source=MatterSource.ORDINARY, source_type="test", source_id=1,
                                  item=item, party_name="张三", staff=clerk)
    # accepted Monday 2026-11-23: the 5th working day after is Monday 2026-11-30
    assert str(matter.due_at.astimezone(deadlines.clock.SHANGHAI).date()) == "2026-11-30"
    assert deadlines.light(matter) == "green"
    assert services.open_matter(source=MatterSource.ORDINARY, source_type="test", source_id=1,
                                item=item, staff=clerk) is matter
    assert list(db.session.scalars(services.my_matters(clerk).order_by(*services.MY_ORDER))) == [matter]


def test_every_approval_result_is_pushed_to_supervision_with_a_signal():
    item = published_item(committed_limit_days=5)
    supervisor = factories.user("supervisor", office=item.supervision_office)
    clerk = factories.user("window_clerk")
    pushed = []

    def receiver(matter, **_):
        pushed.append(matter)

    services.matter_decided.connect(receiver)
    try:
        matter = services.open_matter(source=MatterSource.ORDINARY, source_type="test", source_id=2,
                                      item=item, party_name="张三", staff=clerk)
        services.complete_matter(matter, result=MatterResult.REFUSED, note="材料不符合法定形式",
                                 actor=clerk)
    finally:
        services.matter_decided.disconnect(receiver)
    assert pushed == [matter] and matter.pushed_at is not None
    assert deadlines.get(matter, services.DUE_CLOCK).state.value == "stopped"
    notice = db.session.scalar(select(OutboxMessage).where(OutboxMessage.user_id == supervisor.id))
    assert "不予许可" in notice.text


def test_a_plain_service_is_not_pushed():
    item = published_item(committed_limit_days=0)
    matter = services.open_matter(source=MatterSource.ORDINARY, source_type="test", source_id=3,
                                  item=item, party_name="张三")
    services.complete_matter(matter, result=MatterResult.DONE, actor=None)
    assert matter.pushed_at is None and matter.due_at is None
