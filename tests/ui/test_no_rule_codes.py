"""No rule code (CMT-1, SUP-2, CRD-4 …) in what staff read: codes belong in comments and docs.

Every role of the demo organisation opens each page of its menu and one detail page per kind
of link found there; the visible text (tags, comments and scripts stripped) holds no code."""
import html
import re

from flask import url_for
from sqlalchemy import select
from werkzeug.routing import RequestRedirect
from werkzeug.exceptions import HTTPException

from app.accounts.models import User
from app.core import clock
from app.extensions import db
from tests import factories

RULE_CODE = re.compile(r"(?<![\w-])[A-Z]{2,4}-\d")
NOT_RULES = ("UTF-8", "SHA-256")
LINK = re.compile(r'href="(/[^"#?]*)"')


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    for word in NOT_RULES:
        text = text.replace(word, "")
    return text


def _sign_in(client, user):
    with client.session_transaction() as session:
        session.clear()
        factories.signed_in_session(session, user)


def test_pages_show_no_rule_codes(app, client):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    adapter = app.url_map.bind("localhost")
    problems, seen_roles, pages = [], set(), 0
    for user in db.session.scalars(select(User).where(User.username.like("demo_%"))):
        if set(user.roles) <= seen_roles:
            continue
        seen_roles |= set(user.roles)
        user.must_change_password = False
        user.password_changed_at = clock.now()
        db.session.commit()
        _sign_in(client, user)
        with app.test_request_context():
            start = [url_for(rule.endpoint) for rule in app.url_map.iter_rules()
                     if not rule.arguments and "GET" in rule.methods
                     and rule.endpoint != "static" and not rule.endpoint.endswith(".static")
                     and "logout" not in rule.endpoint]
        queue, done, endpoints = list(start), set(), set()
        while queue:
            url = queue.pop(0)
            if url in done:
                continue
            done.add(url)
            response = client.get(url)
            if response.status_code != 200 or not response.mimetype == "text/html":
                continue
            page = response.get_data(as_text=True)
            pages += 1
            for code in RULE_CODE.findall(visible_text(page)):
                problems.append(f"{user.username} {url}: {code}")
            if url not in start:
                continue
            for link in LINK.findall(page):  # one detail page per endpoint
                try:
                    endpoint, values = adapter.match(link, method="GET")
                except (HTTPException, RequestRedirect):
                    continue
                if values and endpoint not in endpoints and not link.endswith((".pdf", ".xlsx")):
                    endpoints.add(endpoint)
                    queue.append(link)
    assert pages > 40 and not problems, problems
