"""The publication feeds (issue 24 §3; 002 失信惩戒 Art 7, CMT-8, CRD-2/3/4): revocation
decisions and the blacklist, for a portal to poll — JSON pages with a `since` cursor and an
ETag, and the same rows as CSV.

Only what is published: the decision numbers, the item, the office, the ground, the dates; the
party's name (a person's name masked to the surname, 张**) and its ID number or credit code
masked as the publicity page masks it (110101********4477). Never a full ID number, a phone
number, an address or the free-text facts."""
import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import and_, case, func, literal, or_, select, type_coerce

from ...commitment.models import CaseState, CommitmentCase, RevocationGround
from ...core import clock
from ...core.identity import mask_id_number
from ...core.types import UTCDateTime
from ...credit.models import CreditGround, CreditRecord, CreditRecordHistory
from ...credit.services import restriction_end
from ...extensions import db
from ...parties.models import PartyKind

PUBLIC_GROUNDS = [g for g in CreditGround if g.counts]   # CRD-8 no-shows and CRD-9 minor: not published
CURSOR = re.compile(r"^(\d{8}T\d{6}\.\d{6}Z)~(\d{1,12})$")


@dataclass(frozen=True)
class Page:
    items: list[dict]
    next_since: str | None
    has_more: bool

    @property
    def etag(self) -> str:
        text = json.dumps([self.items, self.next_since], ensure_ascii=False, sort_keys=True, default=str)
        return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def cursor(at: datetime, row_id: int) -> str:
    return f"{at.astimezone(timezone.utc):%Y%m%dT%H%M%S.%fZ}~{row_id}"


def parse_cursor(value: str | None) -> tuple[datetime, int] | None:
    """None for no cursor; ValueError for a malformed one (the view answers 422)."""
    if not value:
        return None
    match = CURSOR.match(value)
    if not match:
        raise ValueError(value)
    at = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=timezone.utc)
    return at, int(match.group(2))


def masked_name_text(name: str) -> str:
    """张** — a person's name with the surname only."""
    return name[:1] + "*" * (len(name) - 1) if name else ""


def masked_name(party) -> str:
    return party.name if party.kind == PartyKind.ORG else masked_name_text(party.name)


def _party(party) -> dict:
    return {"party_kind": party.kind.value, "party_name": masked_name(party),
            "party_identifier": mask_id_number(party.identifier)}


def _after(changed, row_id, since):
    if since is None:
        return True
    at, last_id = since
    at = literal(at, UTCDateTime())  # stored as naive UTC on every backend
    return or_(changed > at, and_(changed == at, row_id > last_id))


def _page(rows, limit: int, build) -> Page:
    more = len(rows) > limit
    rows = rows[:limit]
    items = [build(*row) for row in rows]
    next_since = cursor(rows[-1][-1], rows[-1][0].id) if rows else None
    return Page(items, next_since, more)


# ---- revocations (CMT-8) -------------------------------------------------------------------

def revocations(since=None, limit: int = 100) -> Page:
    at = CommitmentCase.published_at
    rows = db.session.execute(
        select(CommitmentCase, at).where(CommitmentCase.state == CaseState.REVOKED, at.is_not(None),
                                         _after(at, CommitmentCase.id, since))
        .order_by(at, CommitmentCase.id).limit(limit + 1)).all()

    def build(c: CommitmentCase, published: datetime) -> dict:
        basis = RevocationGround(c.revocation_basis) if c.revocation_basis else None
        return {"id": c.id, "revocation_number": c.revocation_number,
                "decision_number": c.decision_number, "item_code": c.item_code,
                "item_name": c.item_name, "office": c.office.name, **_party(c.party),
                "ground": basis.label if basis else "", "revoked_on": _local_date(c.revoked_at),
                "published_at": published.isoformat()}

    return _page(rows, limit, build)


# ---- the blacklist (CRD-2/3/4) -------------------------------------------------------------

def blacklist(since=None, limit: int = 100) -> Page:
    """Records that put a party on the blacklist, with `listed` False once deleted or repaired;
    without `since` only those in force (the portal's first full load)."""
    last = (select(CreditRecordHistory.record_id, func.max(CreditRecordHistory.at).label("at"))
            .group_by(CreditRecordHistory.record_id).subquery())
    changed = type_coerce(case((last.c.at > CreditRecord.created_at, last.c.at),
                               else_=CreditRecord.created_at), UTCDateTime())
    query = (select(CreditRecord, changed.label("changed")).outerjoin(last, last.c.record_id == CreditRecord.id)
             .where(CreditRecord.ground.in_(PUBLIC_GROUNDS), _after(changed, CreditRecord.id, since)))
    if since is None:
        query = query.where(CreditRecord.state.in_(["active", "under_objection", "under_repair"]))
    rows = db.session.execute(query.order_by(changed, CreditRecord.id).limit(limit + 1)).all()

    def build(r: CreditRecord, at: datetime) -> dict:
        return {"id": r.id, **_party(r.party), "level": r.level.label, "ground": r.ground.label,
                "office": r.office.name, "listed_on": r.listed_on.isoformat(),
                "restricted_until": restriction_end(r.listed_on).isoformat(),
                "listed": r.state.in_force, "state": r.state.label,
                "changed_at": _utc(at).isoformat()}

    return _page(rows, limit, build)


def _utc(value: datetime) -> datetime:
    # A computed column (CASE) comes back without the UTC type's tzinfo on some backends.
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _local_date(value: datetime | None) -> str | None:
    return clock.to_local(value).date().isoformat() if value else None


# ---- CSV -----------------------------------------------------------------------------------

def as_csv(page: Page, columns: dict[str, str]) -> str:
    """Chinese headers; a cell that a spreadsheet would run as a formula is quoted with '."""
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 with a BOM
    writer = csv.writer(out)
    writer.writerow(columns.values())
    for item in page.items:
        writer.writerow([_cell(item.get(key)) for key in columns])
    return out.getvalue()


def _cell(value) -> str:
    text = "" if value is None else ("是" if value is True else "否" if value is False else str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
