"""Party registry rules: identifiers validated and unique (CRD-1), masked audit values and
logged reveals (SEC-5, SEC-6), optimistic locking on edits."""
import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from ..core import audit, clock, identity
from ..core.errors import ConcurrentEdit, DomainError
from ..extensions import db
from .models import Party, PartyKind

PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


def normalise_identifier(value: str | None) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def identifier_problem(kind: PartyKind, value: str) -> str | None:
    """Why `value` is not a valid identifier of `kind`, in Chinese; None when it is valid."""
    if kind == PartyKind.PERSON:
        if len(value) != 18:
            return "身份证号码应为18位"
        if not value[:17].isdigit() or value[17] not in "0123456789X":
            return "身份证号码前17位应为数字，最后一位为数字或X"
        try:
            born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
        except ValueError:
            return "身份证号码中的出生日期不存在"
        if not identity.is_valid_resident_id(value):
            if born.year < 1850 or born > clock.today():
                return "身份证号码中的出生日期不合理"
            return "身份证号码校验位不正确，请核对"
        return None
    if len(value) != 18:
        return "统一社会信用代码应为18位"
    bad = sorted({c for c in value if c not in identity.USCC_CHARSET})
    if bad:
        return f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（不使用 I、O、S、V、Z）"
    if not identity.is_valid_uscc(value):
        return "统一社会信用代码校验位不正确，请核对"
    return None


def _check_phone(phone: str) -> str:
    phone = re.sub(r"\s+", "", phone or "")
    if phone and not PHONE.match(phone):
        raise DomainError("请填写11位手机号码或带区号的固定电话", field="phone")
    return phone


def find_by_identifier(identifier: str) -> Party | None:
    value = normalise_identifier(identifier)
    return db.session.scalar(select(Party).where(Party.identifier == value)) if value else None


def search_by_name(query: str):
    """The select of parties whose name contains `query`, newest first (callers paginate)."""
    statement = select(Party).order_by(Party.id.desc())
    query = (query or "").strip()
    if query:
        statement = statement.where(Party.name.contains(query, autoescape=True))
    return statement


def _snapshot(party: Party) -> dict:
    """What the audit log keeps of a party: personal identifiers only masked (SEC-5)."""
    return {"kind": party.kind.value, "name": party.name, "identifier": party.masked_identifier,
            "legal_representative": party.legal_representative, "phone": party.masked_phone,
            "address": party.address}


def _validated_identifier(kind: PartyKind, identifier: str, *, exclude_id: int | None = None) -> str:
    value = normalise_identifier(identifier)
    if not value:
        raise DomainError(f"请填写{kind.identifier_label}", field="identifier")
    problem = identifier_problem(kind, value)
    if problem:
        raise DomainError(problem, field="identifier")
    other = find_by_identifier(value)
    if other is not None and other.id != exclude_id:
        raise DomainError(f"该{kind.identifier_label}已登记（{other.name}），不能重复登记", field="identifier")
    return value


def _check_fields(kind: PartyKind, name: str, legal_representative: str) -> None:
    if not (name or "").strip():
        raise DomainError("请填写名称" if kind == PartyKind.ORG else "请填写姓名", field="name")
    if kind == PartyKind.ORG and not (legal_representative or "").strip():
        raise DomainError("请填写法定代表人（负责人）", field="legal_representative")


def create_party(*, kind, name: str, identifier: str, phone: str = "", legal_representative: str = "",
                 address: str = "", actor=None) -> Party:
    kind = PartyKind(kind)
    _check_fields(kind, name, legal_representative)
    party = Party(kind=kind, name=name.strip(), identifier=_validated_identifier(kind, identifier),
                  phone=_check_phone(phone), address=(address or "").strip(),
                  legal_representative=(legal_representative or "").strip() if kind == PartyKind.ORG else "")
    db.session.add(party)
    db.session.flush()
    audit.record("party.create", subject=party, actor=actor, after=_snapshot(party))
    return party


def find_or_create_party(*, kind, name: str, identifier: str, phone: str = "",
                         legal_representative: str = "", address: str = "", actor=None) -> Party:
    """The registered party with this identifier, or a new one. An existing party is returned
    unchanged (its data is corrected on the registry's edit page). Raises DomainError with
    field="identifier" (or "name", "phone", ...) for invalid input."""
    kind = PartyKind(kind)
    existing = find_by_identifier(identifier)
    if existing is not None:
        if existing.kind != kind:
            raise DomainError(f"该证件号码已登记为{existing.kind.label}", field="identifier")
        return existing
    return create_party(kind=kind, name=name, identifier=identifier, phone=phone,
                        legal_representative=legal_representative, address=address, actor=actor)


def update_party(party: Party, *, version: int, name: str, identifier: str = "", phone: str = "",
                 legal_representative: str = "", address: str = "", actor=None) -> Party:
    """Edit a party. Blank identifier / phone keep the stored values (the form never shows
    them in full). A stale `version` raises ConcurrentEdit and nothing is written."""
    if party.version != version:
        raise ConcurrentEdit()
    _check_fields(party.kind, name, legal_representative)
    before = _snapshot(party)
    if normalise_identifier(identifier):
        party.identifier = _validated_identifier(party.kind, identifier, exclude_id=party.id)
    if (phone or "").strip():
        party.phone = _check_phone(phone)
    party.name = name.strip()
    party.address = (address or "").strip()
    if party.kind == PartyKind.ORG:
        party.legal_representative = legal_representative.strip()
    try:
        db.session.flush()
    except StaleDataError:
        raise ConcurrentEdit() from None
    audit.record("party.update", subject=party, actor=actor, before=before, after=_snapshot(party))
    return party


def reveal(party: Party, *, reason: str, actor) -> dict:
    """The full identifier and phone, for an explicit reveal with a reason (SEC-5, SEC-6)."""
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise DomainError("请填写查看完整号码的事由", field="reason")
    audit.record("party.reveal", subject=party, actor=actor, reason=reason[:500],
                 after={"fields": ["identifier", "phone"]})
    return {"identifier": party.identifier, "phone": party.phone}
