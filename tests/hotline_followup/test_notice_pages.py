"""The 通报批评 pages: errors next to the field, the draft → review → issue buttons, scope."""
from app.extensions import db
from app.hotline_followup.models import CriticismNotice, NoticeState
from tests import factories


def _login(client, user):
    with client.session_transaction() as session:
        session.clear()
        factories.signed_in_session(session, user)


def test_pages_from_exposure_to_issue(client, world):
    second = factories.user("hotline_reviewer", office=world.centre)
    db.session.commit()
    _login(client, world.callback)
    assert client.get("/hotline/followup/notices").status_code == 200
    bad = client.post("/hotline/followup/notices/exposures", data={"unit_id": world.unit.id, "exposed_on": "2026-11-05",
                                                                   "outlet": "天", "summary": "报道站牌错误无人处理"})
    assert bad.status_code == 422 and "请填写媒体或通报部门名称" in bad.text and "报道站牌错误无人处理" in bad.text
    ok = client.post("/hotline/followup/notices/exposures", data={"unit_id": world.unit.id, "exposed_on": "2026-11-05",
                                                                  "outlet": "天津日报", "summary": "报道站牌错误无人处理"})
    assert ok.status_code == 302
    empty = client.post("/hotline/followup/notices/draft", data={"month": "2026-09"})
    assert empty.status_code == 422 and "没有需要通报批评的情形" in empty.text
    drafted = client.post("/hotline/followup/notices/draft", data={"month": "2026-11"})
    assert drafted.status_code == 302
    notice = db.session.query(CriticismNotice).one()
    url = f"/hotline/followup/notices/{notice.id}"
    assert "天津日报" in client.get(url).text
    short = client.post(url, data={"action": "save", "version": notice.version, "title": notice.title, "body": "短"})
    assert short.status_code == 422 and "正文不能少于20个字" in short.text
    assert client.post(url, data={"action": "submit", "version": notice.version, "title": notice.title,
                                  "body": notice.body}).status_code == 302
    _login(client, world.intake)  # a unit does not see the drafts
    assert client.get(url).status_code == 403
    _login(client, second)
    page = client.get(url)
    assert "审核通过并印发" in page.text
    db.session.expire_all()
    issued = client.post(url, data={"action": "issue", "version": db.session.get(CriticismNotice, notice.id).version})
    assert issued.status_code == 302
    db.session.expire_all()
    notice = db.session.get(CriticismNotice, notice.id)
    assert notice.state == NoticeState.ISSUED and "下载通报PDF" in client.get(url).text
