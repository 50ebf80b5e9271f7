"""Offices, users and their roles."""
import re
from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..core import clock
from ..core.types import UTCDateTime, enum_column
from ..core.sealed import Sealed
from ..extensions import db, login_manager
from .roles import OfficeKind, OfficeLevel, Role


CITY_GOVERNMENT = "天津市人民政府"
# Names that are an authority in their own right even when filed under another office.
AUTHORITY_SUFFIXES = ("委员会", "委", "局", "办公室", "人民政府", "政府", "中心", "公司")
DISTRICT_NAME = re.compile(r"^(?:天津市)?(\S{1,4}?区)")  # 和平区, 滨海新区 …


class Office(db.Model):
    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    kind: Mapped[OfficeKind] = mapped_column(enum_column(OfficeKind, 30))
    level: Mapped[OfficeLevel] = mapped_column(
        enum_column(OfficeLevel, 20), default=OfficeLevel.CITY
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The body that hears administrative reconsideration of this office's decisions (DOC-2);
    # empty = the people's government at the office's level (see reviewing_body()).
    reconsideration_body: Mapped[str] = mapped_column(String(120), default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    parent: Mapped["Office | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Office"]] = relationship(back_populates="parent")

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list["Office"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def reviewing_body(self) -> str:
        """DOC-2: the configured reconsideration body, else the people's government at the
        office's level (行政复议法 Art 24): a district's offices → that district's government, the
        city's departments → 天津市人民政府."""
        if self.reconsideration_body:
            return self.reconsideration_body
        chain = [self, *self.ancestors()]
        for office in chain:
            if office.level == OfficeLevel.DISTRICT and office.name.endswith("人民政府"):
                return office.name
        # A district named shortly ("和平区", as the seed's unit list has it), or a district
        # office without a district parent: the district's name starts the office's name.
        for office in reversed(chain):
            district = DISTRICT_NAME.match(office.name) if office.level == OfficeLevel.DISTRICT else None
            if district:
                return district.group(1) + "人民政府"
        return CITY_GOVERNMENT

    def is_internal_division(self) -> bool:
        """An internal 处室 of an authority (an approval or supervision 处 under its 委/局): it
        works the case but does not sign documents. A 局 or 办公室 of its own kind is no 处室."""
        return (self.parent is not None
                and self.kind in (OfficeKind.APPROVAL, OfficeKind.SUPERVISION)
                and not self.name.endswith(AUTHORITY_SUFFIXES))

    def issuing_authority(self) -> "Office":
        """DOC-1 发文机关: the 委/局 (or 区人民政府) a 处室 belongs to, the office itself otherwise.
        The 处室 keeps the case, the number series and the stored copy; only the printed
        authority mark and signature are the authority's."""
        office = self
        while office.is_internal_division():
            office = office.parent
        return office

    def subtree_ids(self) -> set[int]:
        ids, frontier = {self.id}, [self]
        while frontier:
            node = frontier.pop()
            for child in node.children:
                ids.add(child.id)
                frontier.append(child)
        return ids


class UserRole(db.Model):
    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(30))


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    phone: Mapped[str] = mapped_column(String(20), default="")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped on sign-out and password change: every other session of the user ends (SEC-1).
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # Second factor (RFC 6238 TOTP): base32 secret (sealed: encrypted in the database),
    # enrolment time, last step used (one use).
    totp_secret: Mapped[str] = mapped_column(Sealed("user.totp_secret"), default="", server_default="")
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    version: Mapped[int] = mapped_column(Integer, default=1)

    office: Mapped[Office] = relationship()
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    __mapper_args__ = {"version_id_col": version}

    # Flask-Login: the session id carries the epoch, so bumping it signs out every session.
    def get_id(self) -> str:
        return f"{self.id}:{self.session_epoch}"

    @property
    def is_active(self) -> bool:
        """A disabled account, or any account of a disabled office, cannot sign in (SEC-1)."""
        return self.active and self.office.active

    @property
    def roles(self) -> set[str]:
        return {r.role for r in self.role_rows}

    def set_roles(self, roles) -> None:
        wanted = {Role(r).value for r in roles}
        self.role_rows = [r for r in self.role_rows if r.role in wanted]
        for role in wanted - self.roles:
            self.role_rows.append(UserRole(role=role))

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def has_any_role(self, roles) -> bool:
        return bool(self.roles & {str(getattr(r, "value", r)) for r in roles})

    def set_password(self, password: str) -> None:
        # Tests set a cheap PASSWORD_HASH_METHOD; production keeps werkzeug's default (scrypt).
        method = current_app.config.get("PASSWORD_HASH_METHOD") if has_app_context() else None
        self.password_hash = generate_password_hash(password, **({"method": method} if method else {}))
        self.password_changed_at = clock.now()

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def totp_enrolled(self) -> bool:
        return bool(self.totp_secret and self.totp_enabled_at)

    def __str__(self) -> str:
        return f"{self.name}（{self.username}）"


class RecoveryCode(db.Model):
    """A one-time recovery code of the second factor, kept as its sha256 only."""
    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UserSession(db.Model):
    """A server-side session record (ASVS 3.3): the cookie carries a random token whose sha256
    is `token_hash`. Idle timeout, absolute lifetime, second factor and re-authentication are
    judged here, not by the cookie."""
    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_active_at: Mapped[datetime] = mapped_column(UTCDateTime)
    second_factor_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reauth_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str] = mapped_column(String(40), default="", server_default="")
    ip: Mapped[str] = mapped_column(String(64), default="", server_default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="", server_default="")

    user: Mapped[User] = relationship()


@login_manager.user_loader
def load_user(session_id: str):
    user_id, _, epoch = session_id.partition(":")
    if not user_id.isdigit() or not epoch.lstrip("-").isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_epoch != int(epoch) or not user.is_active:
        return None
    return user


def users_with_role(office_id: int, role: str) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(User.office_id == office_id, UserRole.role == role, User.active.is_(True))
        )
    )


def office_by_code(code: str) -> Office | None:
    return db.session.scalar(select(Office).where(Office.code == code))
