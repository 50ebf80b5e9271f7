"""Applying the city platform's messages to the hotline through its own services (intake,
dispatch, ratings): the hotline's rules stay where they are. The platform acts through one
interface account (cannot sign in), so every change it causes is on the audit chain with a
name. Messages are applied per order in version order (see inbound)."""
from sqlalchemy import select

from ...accounts.models import Office, User
from ...accounts.roles import OfficeKind, Role
from ...core import audit, clock
from ...core.errors import DomainError
from ...extensions import db
from ...hotline.models import OrderState, WorkOrder
from ...hotline.services import access, dispatch, intake
from ...hotline_followup.models import RatingSource
from ...hotline_followup.services import ratings
from ..models import InboundKind, InboundMessage, InboundState, PlatformOrder

INTERFACE_USERNAME = "city12345-interface"
INTERFACE_NAME = "市级12345平台（接口）"


def interface_user() -> User:
    """The account the platform's changes are recorded under: inactive (no sign-in), hotline
    agent and reviewer of the first hotline centre."""
    user = db.session.scalar(select(User).where(User.username == INTERFACE_USERNAME))
    if user is not None:
        return user
    centre = db.session.scalar(select(Office).where(Office.kind == OfficeKind.HOTLINE_CENTRE).order_by(Office.id))
    if centre is None:
        raise DomainError("系统中没有热线中心，无法接收市级平台工单。")
    user = User(username=INTERFACE_USERNAME, name=INTERFACE_NAME, office_id=centre.id, active=False,
                must_change_password=False, password_hash="")
    user.set_roles([Role.HOTLINE_AGENT.value, Role.HOTLINE_REVIEWER.value])
    db.session.add(user)
    db.session.flush()
    return user


def link_for(order_no: str) -> PlatformOrder | None:
    return db.session.scalar(select(PlatformOrder).where(PlatformOrder.platform_order_no == order_no))


def _unit(code: str) -> Office:
    unit = db.session.scalar(select(Office).where(Office.code == code))
    if not access.is_unit(unit):
        raise DomainError(f"承办单位代码{code}不存在。", field="unit_code")
    return unit


def _new_order(message: InboundMessage, user: User) -> None:
    data = dict(message.payload["order"])
    unit_code = data.pop("unit_code", "")
    order, _ = intake.take(user, intake.IntakeData(**data), intake_key=f"city:{message.platform_order_no}")
    db.session.add(PlatformOrder(platform_order_no=message.platform_order_no, order_id=order.id,
                                 platform_version=0, created_at=clock.now()))
    db.session.flush()
    if unit_code:
        dispatch.dispatch(user, order, [_unit(unit_code).id])


def _dispatch(order: WorkOrder, message: InboundMessage, user: User) -> None:
    unit = _unit(message.payload["dispatch"]["unit_code"])
    if order.state == OrderState.PENDING_DISPATCH:
        dispatch.dispatch(user, order, [unit.id])
    elif order.unit_id != unit.id:
        raise DomainError("工单已派至其他承办单位，需先退单后才能改派。", field="unit_code")


def _rate(order: WorkOrder, message: InboundMessage, user: User, source: RatingSource) -> None:
    section = message.payload[message.kind.value]
    ratings.rate(order, section["level"], section["comment"], source=source, actor=user)


def _apply(message: InboundMessage, link: PlatformOrder | None, user: User) -> None:
    if message.kind == InboundKind.ORDER:
        _new_order(message, user)
        return
    order = db.session.get(WorkOrder, link.order_id)
    if message.kind == InboundKind.DISPATCH:
        _dispatch(order, message, user)
    else:
        _rate(order, message, user, RatingSource.REQUESTER if message.kind == InboundKind.RATING
              else RatingSource.CALLBACK)


def _finish(message: InboundMessage, state: InboundState, error: str = "") -> None:
    message.state, message.error, message.processed_at = state, error[:500], clock.now()
    audit.record("exchange.inbound_" + state.value, subject_type="exchange_inbound", subject_id=message.id,
                 actor=None, after={"message_id": message.message_id, "order_no": message.platform_order_no,
                                    "kind": message.kind.label, "version": message.version},
                 reason=error[:500])


def process(inbound_id: int) -> str:
    """Apply one message if it is next in line, then the waiting ones that follow it. Each
    message in its own savepoint: a rule refusing one (state 业务规则拒绝) changes nothing of
    the hotline. Returns the state of the given message; the caller commits."""
    message = db.session.get(InboundMessage, inbound_id)
    if message is None or message.state not in (InboundState.RECEIVED, InboundState.WAITING):
        return message.state.value if message else "missing"
    user, first = interface_user(), message
    while message is not None:
        link = link_for(message.platform_order_no)
        applied = link.platform_version if link else 0
        if message.version <= applied:
            _finish(message, InboundState.STALE, f"已处理至版本{applied}")
            break
        if message.version > applied + 1:
            if message.state != InboundState.WAITING:
                message.state = InboundState.WAITING
                db.session.flush()
            break
        try:
            with db.session.begin_nested():
                _apply(message, link, user)
                link = link or link_for(message.platform_order_no)
                link.platform_version = message.version
            _finish(message, InboundState.APPLIED)
        except DomainError as error:
            _finish(message, InboundState.REJECTED, (f"{error.field}：" if error.field else "") + str(error))
            if link is not None:  # the version is spent: later versions must not wait for it
                link.platform_version = message.version
        db.session.flush()
        message = _next_waiting(message.platform_order_no, message.version + 1)
    return first.state.value


def _next_waiting(order_no: str, version: int) -> InboundMessage | None:
    return db.session.scalar(select(InboundMessage).where(
        InboundMessage.platform_order_no == order_no, InboundMessage.version == version,
        InboundMessage.state == InboundState.WAITING).order_by(InboundMessage.id))
