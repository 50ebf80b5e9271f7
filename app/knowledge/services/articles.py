"""Articles: write, version, review (draft → published → withdrawn), maintainers (HOT-20,
004 Art 29–30). Every change is an audit entry on the article."""
import difflib
from dataclasses import dataclass
from datetime import date, timedelta

from blinker import Namespace
from markupsafe import Markup, escape
from sqlalchemy import select

from ...core import audit, clock, deadlines
from ...core.errors import DomainError
from ...extensions import db
from ...notify import outbox
from ...notify.models import Channel
from ..models import Article, ArticleVersion, Status, Theme

signals = Namespace()
# Sent with article=, reason= when an article is reported stale or wrong (HOT-14: hotline II's
# 督办 connects `mark_stale` to its "KB stale or wrong" finding, or calls it directly).
article_flagged = signals.signal("kb-article-flagged")
# Sent with article= when an article is published late for its policy's release date (HOT-20).
published_late = signals.signal("kb-article-published-late")

RELEASE_CLOCK = "knowledge.release"  # HOT-20 / 004 Art 29: published a day before the policy
FIELDS = ("title", "keywords", "body", "source", "effective_from", "expires_on", "release_on", "theme_id")


@dataclass
class ArticleData:
    title: str
    body: str
    keywords: str = ""
    source: str = ""
    theme_id: int | None = None
    effective_from: date | None = None
    expires_on: date | None = None
    release_on: date | None = None


def _check(data: ArticleData) -> None:
    if not data.title.strip():
        raise DomainError("请填写标题。", field="title")
    if not data.body.strip():
        raise DomainError("请填写答复口径（正文）。", field="body")
    if data.effective_from and data.expires_on and data.expires_on < data.effective_from:
        raise DomainError("失效日期不能早于生效日期。", field="expires_on")
    if data.theme_id and db.session.get(Theme, data.theme_id) is None:
        raise DomainError("请选择目录中的主题。", field="theme_id")


def _snapshot(article: Article, user) -> ArticleVersion:
    number = (db.session.scalar(select(db.func.max(ArticleVersion.number))
                                .where(ArticleVersion.article_id == article.id)) or 0) + 1
    version = ArticleVersion(article_id=article.id, number=number, title=article.title,
                             keywords=article.keywords, body=article.body, source=article.source,
                             effective_from=article.effective_from, expires_on=article.expires_on,
                             editor_id=user.id, created_at=clock.now())
    db.session.add(version)
    return version


def create(user, unit, data: ArticleData) -> Article:
    _check(data)
    article = Article(owner_unit_id=unit.id if unit else None, maintainer_id=user.id,
                      status=Status.DRAFT.value, updated_at=clock.now(),
                      **{k: getattr(data, k) for k in FIELDS})
    db.session.add(article)
    db.session.flush()
    _snapshot(article, user)
    _release_clock(article)
    audit.record("knowledge.created", subject=article, actor=user, after={"title": article.title})
    return article


def update(user, article: Article, data: ArticleData, expected_version: int | None = None) -> Article:
    """A new version; the published text stays searchable while it is edited."""
    if expected_version is not None and expected_version != article.version:
        raise DomainError("该条目已被他人修改，请刷新后重试。")
    _check(data)
    before = {k: str(getattr(article, k) or "") for k in FIELDS}
    for key in FIELDS:
        setattr(article, key, getattr(data, key))
    article.updated_at = clock.now()
    article.stale_reason = ""
    db.session.flush()
    version = _snapshot(article, user)
    _release_clock(article)
    audit.record("knowledge.updated", subject=article, actor=user, before=before,
                 after={"version": version.number})
    return article


def publish(user, article: Article, today: date | None = None) -> Article:
    """HOT-20 / 004 Art 29: a policy article is due at least one day before its release."""
    if article.status == Status.PUBLISHED.value:
        raise DomainError("该条目已发布。")
    today = today or clock.today()
    article.status = Status.PUBLISHED.value
    article.published_at = clock.now()
    late = article.release_on is not None and (article.release_on - today).days < 1
    deadlines.stop(article, RELEASE_CLOCK)
    db.session.flush()
    audit.record("knowledge.published", subject=article, actor=user, after={"late": late})
    if late:
        published_late.send(article, article=article)
    return article


def _release_clock(article: Article) -> None:
    """An unpublished article for a policy with a release date: due the day before (reminders)."""
    if article.release_on is None or article.status == Status.PUBLISHED.value:
        deadlines.stop(article, RELEASE_CLOCK)
        return
    due = article.release_on - timedelta(days=1)
    deadlines.start(article, RELEASE_CLOCK, clock.end_of_day(due),
                    warn_at=clock.local_datetime(due - timedelta(days=2), 9), rule="HOT-20")


def _remind(deadline, now, late: bool) -> None:
    article = db.session.get(Article, deadline.subject_id)
    if article is None or article.status == Status.PUBLISHED.value or article.maintainer is None:
        return
    text = (f"知识库条目《{article.title}》未在政策发布（{article.release_on:%m月%d日}）前一日发布，请尽快报中心审核发布。"
            if late else f"知识库条目《{article.title}》对应政策将于{article.release_on:%m月%d日}发布，须至少提前一日发布。")
    outbox.queue(key=f"kb_release:{article.id}:{'late' if late else 'warn'}:{deadline.due_at.timestamp()}",
                 channel=Channel.IN_APP, text=text, user=article.maintainer, link=f"/knowledge/{article.id}")


def register() -> None:
    deadlines.on_warning(RELEASE_CLOCK)(lambda d, now: _remind(d, now, late=False))
    deadlines.on_overdue(RELEASE_CLOCK)(lambda d, now: _remind(d, now, late=True))


def withdraw(user, article: Article, reason: str) -> Article:
    if not reason.strip():
        raise DomainError("请填写撤回原因。", field="reason")
    if article.status != Status.PUBLISHED.value:
        raise DomainError("只有已发布的条目可以撤回。")
    article.status = Status.WITHDRAWN.value
    db.session.flush()
    audit.record("knowledge.withdrawn", subject=article, actor=user, reason=reason)
    return article


def change_maintainer(user, article: Article, maintainer, reason: str = "") -> Article:
    """004 Art 30: a change of maintainer is reported — recorded in the article's history."""
    if maintainer is None:
        raise DomainError("请选择新的维护人员。", field="maintainer_id")
    old = article.maintainer.name if article.maintainer else ""
    article.maintainer_id = maintainer.id
    db.session.flush()
    audit.record("knowledge.maintainer_changed", subject=article, actor=user, reason=reason,
                 before={"maintainer": old}, after={"maintainer": maintainer.name})
    return article


def mark_stale(article: Article, reason: str, actor=None) -> Article:
    """Queue an article to its owner as stale or wrong (HOT-14 finding, from 督办)."""
    article.stale_reason = reason[:200]
    db.session.flush()
    audit.record("knowledge.flagged_stale", subject=article, actor=actor, reason=reason)
    return article


def versions(article: Article) -> list[ArticleVersion]:
    return db.session.scalars(select(ArticleVersion).where(ArticleVersion.article_id == article.id)
                              .order_by(ArticleVersion.number.desc())).all()


def diff(old: str, new: str) -> Markup:
    """Character diff of two texts: deletions in <del>, insertions in <ins>."""
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            out.append(Markup("<del>") + escape(old[a1:a2]) + Markup("</del>"))
        if op in ("insert", "replace"):
            out.append(Markup("<ins>") + escape(new[b1:b2]) + Markup("</ins>"))
        if op == "equal":
            out.append(escape(old[a1:a2]))
    return Markup("").join(out)
