"""Partner systems of the API (issue 24): their credentials, the nonces they used, the log of
every call and the idempotency keys of their bookings.

The secret is never stored. A partner's secret is derived: HMAC-SHA256(API secret key,
"api-partner|key_id|salt"), with a random per-partner salt; the database holds the salt only.
Reading the database (a backup, a replica) therefore gives nobody a partner's secret — the
server key lives in the environment like the audit key (docs/api.md). Rotation draws a new
salt, which makes a new secret and voids the old one at once.
"""
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.types import UTCDateTime
from ..hall.models import Appointment
from ..extensions import db

# Scopes a partner may hold: code → Chinese label. Other packages add theirs with
# app.api.auth.register_scope() at init_app time.
SCOPES: dict[str, str] = {
    "feeds:read": "读取信用公示数据（撤销决定、黑名单）",
    "bookings:write": "提交、取消网上预约",
    "bookings:read": "查询网上预约",
}


class ApiPartner(db.Model):
    __tablename__ = "api_partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_id: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    secret_salt: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    rate_per_minute: Mapped[int] = mapped_column(Integer, default=600)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return f"{self.name}（{self.key_id}）"

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

    @property
    def scope_labels(self) -> list[str]:
        return [SCOPES.get(s, s) for s in self.scopes or []]


class ApiNonce(db.Model):
    """Nonces seen within the clock-skew window, when no Redis is configured (SEC: replay)."""
    __tablename__ = "api_nonce"
    __table_args__ = (UniqueConstraint("key_id", "nonce"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key_id: Mapped[str] = mapped_column(String(40))
    nonce: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class ApiCall(db.Model):
    """One row per call under /api/v1 — outside the audit chain, so API calls never queue on
    the chain's single lock; the security events go to the chain as well."""
    __tablename__ = "api_call"
    __table_args__ = (Index("ix_api_call_partner_at", "partner_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("api_partner.id"))
    key_id: Mapped[str] = mapped_column(String(40), default="")
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(300))
    status: Mapped[int] = mapped_column(Integer, index=True)
    error: Mapped[str] = mapped_column(String(40), default="")
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
    body_sha256: Mapped[str] = mapped_column(String(64), default="")
    request_id: Mapped[str] = mapped_column(String(64), default="")
    ip: Mapped[str] = mapped_column(String(64), default="")

    partner: Mapped[ApiPartner | None] = relationship()


class ApiBooking(db.Model):
    """An appointment a partner made (it reads and cancels only its own), with the
    Idempotency-Key it was made under: the same key again returns the same booking."""
    __tablename__ = "api_booking"
    __table_args__ = (UniqueConstraint("partner_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("api_partner.id"), index=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("hall_appointment.id"), unique=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(80))
    body_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    appointment: Mapped[Appointment] = relationship()
