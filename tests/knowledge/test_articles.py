"""HOT-20 / 004 Art 29–30: versions with diffs, review, maintainers, the one-day-before rule,
and the pages with their role and scope checks."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.core import clock, deadlines
from app.core.audit import AuditEntry
from app.core.errors import DomainError
from app.extensions import db
from app.knowledge.models import Status
from app.knowledge.services import articles
from app.notify.models import OutboxMessage
from tests import factories


def actions(article):
    return db.session.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "kb_article",
                                                              AuditEntry.subject_id == article.id)).all()


def test_versions_diff_and_review(world):
    article = world.article(publish=False)
    assert article.status == Status.DRAFT.value and article.maintainer_id == world.handler.id
    articles.update(world.handler, article, articles.ArticleData(title=article.title, body="退休时可提取。"))
    assert [v.number for v in articles.versions(article)] == [2, 1]
    diff = articles.diff("租房时可提取。", "退休时可提取。")
    assert diff == "<del>租房</del><ins>退休</ins>时可提取。"
    assert "&lt;" in articles.diff("", "<script>")
    articles.publish(world.reviewer, article)
    articles.withdraw(world.reviewer, article, "政策废止")
    assert actions(article) == ["knowledge.created", "knowledge.updated", "knowledge.published", "knowledge.withdrawn"]


def test_bad_input_and_concurrent_edits_are_refused(world):
    article = world.article()
    for data, field in ((articles.ArticleData(title=" ", body="x"), "title"),
                        (articles.ArticleData(title="t", body="x", effective_from=date(2026, 12, 1),
                                              expires_on=date(2026, 11, 1)), "expires_on")):
        with pytest.raises(DomainError) as error:
            articles.update(world.handler, article, data)
        assert error.value.field == field
    with pytest.raises(DomainError, match="已被他人修改"):
        articles.update(world.handler, article, articles.ArticleData(title="t", body="x"), expected_version=article.version - 1)


def test_maintainer_change_is_recorded(world):
    article = world.article()
    articles.change_maintainer(world.reviewer, article, world.dept_handler, "人员调整")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "knowledge.maintainer_changed"))
    assert entry.after["maintainer"] == world.dept_handler.name and entry.reason == "人员调整"


def test_policy_published_less_than_a_day_before_release_is_flagged_late(world):
    seen = []

    def late(sender, **_):
        seen.append(sender)

    articles.published_late.connect(late)
    try:
        world.article(title="新政解读", release_on=date(2026, 11, 25))  # today is 23 November: in time
        too_late = world.article(title="新政解读二", release_on=date(2026, 11, 23))
    finally:
        articles.published_late.disconnect(late)
    assert seen == [too_late]


def test_stale_flag_from_supervision_queues_the_article_to_its_owner(world):
    article = world.article()
    articles.mark_stale(article, "提取材料已变化")
    assert article.stale_reason == "提取材料已变化" and "knowledge.flagged_stale" in actions(article)
    articles.update(world.handler, article, articles.ArticleData(title=article.title, body="新材料清单"))
    assert article.stale_reason == ""


def test_pages_roles_and_scope(client, world, login_as):
    article = world.article()
    draft = world.article(title="草稿条目", publish=False)
    db.session.commit()
    with client.session_transaction() as session:
        factories.signed_in_session(session, world.agent)
    client.keep_alive = True
    page = client.get("/knowledge/", query_string={"q": "公积金提取"})
    assert "<mark>" in page.text and "共找到 1 条" in page.text
    assert client.get(f"/knowledge/{article.id}").status_code == 200
    assert client.get(f"/knowledge/{draft.id}").status_code == 403
    assert client.get("/knowledge/new").status_code == 403
    assert client.get("/knowledge/filings/matrix").status_code == 403
    with client.session_transaction() as session:
        factories.signed_in_session(session, world.other)
    assert client.get(f"/knowledge/{article.id}/edit").status_code == 403
    with client.session_transaction() as session:
        factories.signed_in_session(session, world.handler)
    response = client.post(f"/knowledge/{article.id}/edit", data={"title": "", "body": "x", "version": article.version})
    assert response.status_code == 400 and "请填写标题" in response.text
    response = client.post(f"/knowledge/{article.id}/edit", data={"title": "住房公积金提取指南", "body": "新口径",
                                                                  "theme_id": 0, "version": article.version})
    assert response.status_code == 302
    assert "新口径" in client.get(f"/knowledge/{article.id}/diff/2").text
    page = client.get(f"/knowledge/{article.id}")
    assert "变更记录" in page.text and "第2版" in page.text
    assert client.post(f"/knowledge/{draft.id}/publish").status_code == 403  # the centre reviews


def test_unpublished_policy_article_reminds_its_maintainer_before_release(world):
    article = world.article(title="新政解读三", release_on=date(2026, 11, 27), publish=False)
    clock_row = deadlines.get(article, articles.RELEASE_CLOCK)
    assert clock.to_local(clock_row.due_at).date() == date(2026, 11, 26)
    deadlines.sweep(datetime(2026, 11, 24, 10, tzinfo=clock.SHANGHAI))
    deadlines.sweep(datetime(2026, 11, 27, 1, tzinfo=clock.SHANGHAI))
    texts = db.session.scalars(select(OutboxMessage.text).where(OutboxMessage.user_id == world.handler.id)).all()
    assert any("须至少提前一日发布" in t for t in texts) and any("未在政策发布" in t for t in texts)
    articles.publish(world.reviewer, article)
    assert deadlines.get(article, articles.RELEASE_CLOCK).state.value == "stopped"
