"""Kiosks and calling screens are not users: the centre manager pairs a device, which gets a
page address carrying a signed token of the device row (itsdangerous, salt "hall-device").
The pages accept the token while the device is active; unpairing revokes it at once."""
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from ...core import audit
from ...core.errors import DomainError
from ...extensions import db
from ..models import DeviceKind, HallDevice

SALT = "hall-device"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(device: HallDevice) -> str:
    return _serializer().dumps({"d": device.id, "k": device.kind.value})


def device_for(token: str, kind: DeviceKind) -> HallDevice | None:
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    device = db.session.get(HallDevice, data.get("d"))
    if device is None or not device.active or device.kind != kind or data.get("k") != kind.value:
        return None
    return device


def pair(centre_id: int, kind, name: str, actor, window_id: int | None = None) -> HallDevice:
    name = (name or "").strip()
    if not name:
        raise DomainError("请填写设备名称。", field="name")
    device = HallDevice(centre_id=centre_id, kind=DeviceKind(kind), name=name[:60],
                        window_id=window_id, created_by_id=actor.id)
    db.session.add(device)
    db.session.flush()
    audit.record("hall_device.paired", subject=device, actor=actor,
                 after={"kind": device.kind.value, "name": device.name,
                        "window": window_id})
    return device


def unpair(device: HallDevice, actor) -> None:
    device.active = False
    audit.record("hall_device.unpaired", subject=device, actor=actor)


def devices(centre_id: int) -> list[HallDevice]:
    return list(db.session.scalars(select(HallDevice).where(HallDevice.centre_id == centre_id)
                                   .order_by(HallDevice.id)))
