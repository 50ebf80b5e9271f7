"""The city 12345 platform's inbound endpoint on the partner API (docs/api.md: operation(),
signed requests, JSON problems). It validates strictly (the first wrong field named, a 4xx,
never a 500), stores the message and answers 202 at once; a job applies it to the hotline."""
import json
import logging

from flask import jsonify, request
from pydantic import BaseModel, Field

from ..api.auth import register_scope
from ..api.problems import ApiError
from ..api.spec import operation
from ..api.views import bp
from ..core import tasks
from ..extensions import db
from .services import inbound

SCOPE = "hotline:exchange"
log = logging.getLogger(__name__)
register_scope(SCOPE, "12345 工单交换（市级平台来件）")

HELP = ("市级12345平台推送新工单、派单变更、诉求人评价和回访结果。按 message_id 幂等：同一消息重复推送只返回首次的"
        "受理结果；同一 message_id 内容不同返回 409。version 为该工单的消息序号（新工单为1），系统按序号顺序处理："
        "旧序号记为过期不处理，跳号的消息等待前序消息到达后再处理。字段说明见 docs/exchange.md。")


class MessageReceipt(BaseModel):
    accepted: bool
    id: int = Field(description="本系统的来件编号")
    state: str = Field(description="received 待处理 / waiting 等待前序版本 / applied 已处理 / stale 过期 / rejected 业务规则拒绝")
    duplicate: bool = Field(description="是否为重复推送")


def _json():
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "请求体须为 JSON（Content-Type: application/json）。",
                       field="Content-Type")
    try:
        return json.loads(request.get_data(cache=True).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ApiError(422, "invalid_json", "请求体不是有效的 JSON（UTF-8）。", field="body") from None


@operation(bp, "/platform/messages", "POST", scope=SCOPE, tag="12345", response=MessageReceipt, status=202,
           errors=(409, 415, 422), summary="接收市级12345平台消息", description=HELP)
def platform_message():
    data = _json()
    try:
        receipt = inbound.receive(data)
    except inbound.Invalid as error:
        db.session.rollback()
        code = "conflict" if error.status == 409 else "invalid"
        raise ApiError(422 if error.status == 400 else error.status, code, error.message, field=error.field) from None
    db.session.commit()
    if not receipt.duplicate:
        try:
            tasks.enqueue("default", "jobs.exchange.process_inbound", receipt.inbound_id)
        except Exception:  # Redis down or the job failed (synchronous in tests): the sweep applies it
            log.warning("inbound message %s left for the sweep", receipt.inbound_id, exc_info=True)
    return jsonify(receipt.body()), 202
