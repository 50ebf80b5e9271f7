"""The city platform's side, as far as the app needs it in dev, demo and tests: a day of
realistic orders as platform messages (the same layout tools/city_platform sends over HTTP),
and sending them in-process (receive + process, exactly what the HTTP endpoint and the job do).
What the app sends back lands in SimulatorReceipt when no CITY_PLATFORM_URL is configured."""
import random
from datetime import date

from sqlalchemy import select

from ...extensions import db
from ...hotline.services import access
from ..models import SimulatorReceipt
from . import apply, inbound

TOPICS = (
    ("complaint", "出租车拒载", "在{place}打车，出租车司机拒载并态度恶劣，车牌号津B·T{n:04d}，要求处理。"),
    ("consult", "公交线路咨询", "请问从{place}到天津站有哪些公交线路，末班车几点？"),
    ("help", "道路积水", "{place}路段下雨后积水严重，车辆行人无法通过，请尽快排水。"),
    ("suggestion", "增设公交站点", "建议在{place}附近增设公交站点，周边居民出行不便。"),
    ("report", "违规停车占道", "{place}人行道上长期有车辆违规停放，占用盲道，举报处理。"),
    ("complaint", "网约车乱收费", "乘坐网约车从{place}出发，实际收费远高于预估价格，要求退还多收费用。"),
)
PLACES = ("河西区友谊路", "南开区鞍山西道", "和平区南京路", "河东区十一经路", "河北区中山路", "红桥区丁字沽")
SURNAMES = "王李张刘陈杨赵黄周吴"


def handling_unit_codes() -> list[str]:
    return [unit.code for unit in access.dispatch_units()]


def day_of_orders(day: date, count: int = 24, *, seed: int = 12345, prefix: str = "SIM",
                  units: list[str] | None = None) -> list[dict]:
    """`count` new-order messages of one day; about two thirds name the handling unit (the
    platform dispatched them), the rest wait in the centre's dispatch queue. `units`: the
    unit codes to dispatch to (default: the units of this database)."""
    rng = random.Random(f"{seed}:{day.isoformat()}")
    units = handling_unit_codes() if units is None else units
    messages = []
    for i in range(count):
        order_type, title, text = TOPICS[rng.randrange(len(TOPICS))]
        place = PLACES[rng.randrange(len(PLACES))]
        number = f"{prefix}{day:%Y%m%d}{i + 1:04d}"
        order = {"channel": "12345", "order_type": order_type, "urgency": "normal", "title": title,
                 "text": text.format(place=place, n=rng.randrange(10000)), "location": place,
                 "requester_name": SURNAMES[rng.randrange(len(SURNAMES))] + "先生",
                 "requester_phone": f"139{rng.randrange(10 ** 8):08d}", "labels": []}
        if units and rng.random() < 0.67:
            order["unit_code"] = units[0] if rng.random() < 0.5 else units[rng.randrange(len(units))]
        messages.append({"message_id": f"{number}-v1", "order_no": number, "kind": "order", "version": 1,
                         "order": order})
    return messages


def send_in_process(messages: list[dict]) -> dict:
    """Receive and process each message (commits per message, as the endpoint and job do)."""
    counts: dict[str, int] = {}
    for message in messages:
        receipt = inbound.receive(message)
        db.session.commit()
        state = apply.process(receipt.inbound_id)
        db.session.commit()
        counts[state] = counts.get(state, 0) + 1
    return counts


def receipts_query(kind: str = ""):
    query = select(SimulatorReceipt)
    return query.where(SimulatorReceipt.kind == kind) if kind else query
