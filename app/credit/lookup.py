"""Looking a party up by its full identifier is access to personal data (issue 15 §8; SEC-6
谁管理、谁使用、谁负责; 等保 8.1.4.11 personal information protection; ASVS 8.3.x, 11.1.x):
only the roles with a need may do it, each lookup is audited with its purpose (who looked up
whom, shown to the auditor in the audit log), and each user has an hourly allowance counted
in the database (so it holds without Redis too)."""
from datetime import timedelta

from sqlalchemy import func, select

from ..core import audit, clock
from ..core.audit import AuditEntry
from ..core.errors import DomainError
from ..core.identity import mask_id_number
from ..extensions import db
from . import services

ACTION = "credit.lookup"
LOOKUP_ROLES = frozenset({"credit_officer", "approver", "supervisor", "window_clerk"})
PURPOSES = (
    ("approval", "审批核查（告知承诺、行政许可）"),
    ("supervision", "事中事后监管核查"),
    ("credit_file", "诚信档案记录、异议或修复办理"),
    ("service", "窗口受理核实身份"),
)
PURPOSE_LABELS = dict(PURPOSES)
LIMIT_PER_HOUR = 30


def is_identifier(term: str) -> bool:
    return bool(services._IDENTIFIER.fullmatch((term or "").strip()))


def lookups_in_last_hour(user) -> int:
    since = clock.now() - timedelta(hours=1)
    return db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == ACTION, AuditEntry.actor_id == user.id, AuditEntry.outcome == "success",
        AuditEntry.at >= since)) or 0


def _refuse(user, term: str, why: str, message: str, field: str = "q"):
    audit.record(ACTION, subject_type="party", after={"identifier": mask_id_number(term.strip())},
                 outcome="failure", reason=why, actor=user)
    raise DomainError(message, field=field)


def search(user, term: str, purpose: str = "") -> list:
    """A name search as before; a full identifier only for LOOKUP_ROLES, with a purpose,
    within the hourly allowance, and audited."""
    term = (term or "").strip()
    if not is_identifier(term):
        return services.search_parties(term)
    if not user.has_any_role(LOOKUP_ROLES):
        _refuse(user, term, "角色无权按证件号码查询", "您的角色无权按证件号码查询行政相对人，请按名称查询。")
    if purpose not in PURPOSE_LABELS:
        raise DomainError("按证件号码查询须选择查询事由。", field="purpose")
    if lookups_in_last_hour(user) >= LIMIT_PER_HOUR:
        _refuse(user, term, "超出每小时查询次数",
                f"按证件号码查询过于频繁：每人每小时最多{LIMIT_PER_HOUR}次，请稍后再试。")
    results = services.search_parties(term)
    audit.record(ACTION, subject_type="party", subject_id=results[0].id if results else None,
                 after={"identifier": mask_id_number(term), "found": len(results)},
                 reason=PURPOSE_LABELS[purpose], actor=user)
    return results
