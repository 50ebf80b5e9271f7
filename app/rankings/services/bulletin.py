"""The monthly bulletin (issue 22 §4; HOT-23 periodic analysis reports): one for the city and one
per district, produced on the first working day of a month for the month before and delivered to
the leaders' inbox; on demand for any period. Each bulletin is an issued document (GB/T 9704
base, numbered, stored once); a regenerated bulletin is a new version, the old one is kept."""
from datetime import date, timedelta

from sqlalchemy import false, select

from ...accounts.models import Office, User, UserRole
from ...accounts.roles import OfficeKind
from ...core import audit, clock, workdays
from ...core.errors import DomainError
from ...core.numbering import NumberSeries
from ...documents import svg_charts
from ...documents.models import BatchState
from ...documents.services import issue_document
from ...extensions import db
from ...leaders.services.scope import CITY, DISTRICT, Scope, districts
from ...notify import outbox
from ...notify.models import Channel
from ..models import Bulletin, BulletinRequest
from . import access, figures, ranking
from .periods import Period, containing, parse

KIND = "rankings.bulletin"
TEMPLATE = "rankings/pdf/bulletin.html"
DOWNLOAD_PATH = "/rankings/bulletins/{id}/download"
CITY_SERIES = NumberSeries(KIND, "津政服通")


def first_workday(month: date) -> date:
    """The first working day of `month` (CAL rules: a 1st that is a holiday moves it on)."""
    day = month.replace(day=1)
    while not workdays.is_workday(day):
        day += timedelta(days=1)
    return day


def is_bulletin_day(today: date) -> bool:
    return today == first_workday(today)


def _district_series(district: Office) -> NumberSeries:
    short = district.name.replace("天津市", "").split("区")[0]
    return NumberSeries(KIND, f"{short}政服通")


def issuing_office(district: Office | None) -> Office | None:
    """The city service office for the city's bulletin; the district's service office (or the
    district itself) for a district's."""
    query = select(Office).where(Office.kind == OfficeKind.SERVICE_OFFICE, Office.active.is_(True))
    if district is None:
        return next((o for o in db.session.scalars(query.order_by(Office.id)) if access.is_city_service_office(o)), None)
    own = db.session.scalar(query.where(Office.parent_id == district.id).order_by(Office.id).limit(1))
    return own or district


def _title(period: Period, district: Office | None) -> str:
    return f"{district.name if district else '全市'}{period.label}政务服务运行情况通报"


def _chart(rows, title: str) -> str:
    ranked = [r for r in rows if r.scored.combined is not None]
    if not ranked:
        return ""
    return svg_charts.data_uri(svg_charts.bar_chart(
        [r.entity.name for r in ranked], [r.scored.combined for r in ranked], title=title, horizontal=True,
        height_cm=max(5, 0.8 * len(ranked) + 2)))


def versions(period: Period, district_id: int | None) -> list[Bulletin]:
    return list(db.session.scalars(select(Bulletin).where(
        Bulletin.period_kind == period.kind, Bulletin.period_key == period.key,
        Bulletin.district_id.is_(None) if district_id is None else Bulletin.district_id == district_id,
    ).order_by(Bulletin.version)))


def generate(period: Period, district: Office | None, actor=None, *, scheduled: bool = False,
             progress=lambda step: None) -> Bulletin:
    """Compute the rankings, draw the charts, issue the PDF as the next version; notify."""
    scope = access.district_scope(district)
    sections = [ranking.build(figures.UNITS, period, scope)]
    if figures.is_city(scope):
        sections.insert(0, ranking.build(figures.DISTRICTS, period, scope))
    progress(1)
    charts = [_chart(s.rows, f"{figures.LEVELS[s.level]}综合得分") for s in sections]
    progress(2)
    office = issuing_office(district) or getattr(actor, "office", None)
    if office is None:
        raise DomainError("未找到发布通报的政务服务办，请先在机构管理中设置。")
    bulletin = Bulletin(period_kind=period.kind, period_key=period.key, district_id=getattr(district, "id", None),
                        version=len(versions(period, getattr(district, "id", None))) + 1, scheduled=scheduled,
                        created_by_id=getattr(actor, "id", None), created_at=clock.now())
    db.session.add(bulletin)
    db.session.flush()
    title = _title(period, district)
    document = issue_document(
        KIND, TEMPLATE, bulletin, _district_series(district) if district else CITY_SERIES, actor, title,
        office=office, authority_mark=f"{office.issuing_authority().name}", sections=list(zip(sections, charts)),
        period=period, district=district, version=bulletin.version, arrow=ranking.arrow)
    bulletin.document_id = document.id
    progress(3)
    audit.record("rankings.bulletin_issue", subject=bulletin, actor=actor,
                 after={"period": period.key, "district": getattr(district, "name", "全市"),
                        "version": bulletin.version, "number": document.number, "scheduled": scheduled})
    _deliver(bulletin, title)
    return bulletin


def leaders_of(district_id: int | None) -> list[User]:
    """The leaders a bulletin goes to: the city's leaders, or the district's only."""
    users = db.session.scalars(select(User).join(UserRole).where(UserRole.role == "leader", User.active.is_(True))
                               .order_by(User.id))
    return [u for u in users if _bulletin_district(access.scope_for(u)) == (district_id or 0)]


def _bulletin_district(scope: Scope | None) -> int | None:
    """Which bulletin a leader gets: 0 the city's, a district's id, None none (a department's)."""
    if scope is None:
        return None
    return 0 if scope.level == CITY else scope.office_id if scope.level == DISTRICT else None


def _deliver(bulletin: Bulletin, title: str) -> int:
    people = leaders_of(bulletin.district_id)
    version = f"（第{bulletin.version}版）" if bulletin.version > 1 else ""
    for person in people:
        outbox.queue(key=f"rank:bulletin:{bulletin.id}:{person.id}", channel=Channel.IN_APP, user=person,
                     text=f"《{title}》{version}已生成，请查阅。", link=DOWNLOAD_PATH.format(id=bulletin.id))
    return len(people)


def district_offices() -> list[Office]:
    return districts()


def monthly_run(today: date | None = None) -> int:
    """The scheduler's job: on the first working day, last month's bulletins not yet made.
    Idempotent (an hourly job): a scheduled bulletin that exists is not made again."""
    today = today or clock.today()
    if not is_bulletin_day(today):
        return 0
    period = containing("month", today).previous()
    made = 0
    for district in [None, *district_offices()]:
        if not any(b.scheduled for b in versions(period, getattr(district, "id", None))):
            generate(period, district, scheduled=True)
            made += 1
    return made


def bulletins_query(scope: Scope):
    """The bulletins a leader may read (a district leader: the district's), not yet ordered;
    read page by page, newest first."""
    wanted = _bulletin_district(scope)
    query = select(Bulletin).where(Bulletin.document_id.is_not(None))
    if wanted is None:  # a scope that reads no bulletin
        return query.where(false())
    return query.where(Bulletin.district_id == wanted) if wanted else query


def latest_month(scope: Scope, period: Period) -> Bulletin | None:
    wanted = _bulletin_district(scope)
    found = versions(period, wanted or None) if wanted is not None else []
    return found[-1] if found else None


def viewer_policy(user, document) -> bool:
    """documents.register_viewer: leaders in scope download a bulletin."""
    bulletin = document.subject()
    return (isinstance(bulletin, Bulletin) and user.has_role("leader")
            and access.may_see_district(user, bulletin.district_id))



def request_bulletin(actor, kind: str, key: str, district_id: int | None) -> BulletinRequest:
    """An on-demand bulletin for any ended (or current) period within the leader's scope."""
    period = parse(kind, key)
    if period is None:
        raise DomainError("期间格式不正确：月度如 2026-11，季度如 2026-Q4，年度如 2026。", field="period")
    if period.start > clock.today():
        raise DomainError("不能为尚未开始的期间生成通报。", field="period")
    district = db.session.get(Office, district_id) if district_id is not None else None
    allowed = {None, *(d.id for d in district_offices())}
    if (district_id is not None and district is None) or district_id not in allowed \
            or not access.may_see_district(actor, district_id):
        raise DomainError("您无权为该范围生成通报。", field="district")
    request = BulletinRequest(requested_by_id=actor.id, period_kind=period.kind, period_key=period.key,
                              district_id=district_id, state=BatchState.QUEUED, step=0, error="",
                              created_at=clock.now())
    db.session.add(request)
    db.session.flush()
    audit.record("rankings.bulletin_request", subject=request, actor=actor,
                 after={"period": period.key, "district": getattr(district, "name", "全市")})
    return request
