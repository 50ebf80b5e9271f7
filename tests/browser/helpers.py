"""What every journey does: seed a user, sign in and out, use the menu, read the flash,
open a document."""
from collections import Counter

import pyotp
from axe_playwright_python.sync_playwright import Axe
from flask import current_app
from playwright.sync_api import Page, expect

from app.core import clock
from tests import factories
from tests.conftest import FROZEN_AT

PASSWORD = "Browser#Test-2026"  # every seeded user's; meets the SEC-1 policy
# Users of a role that requires the second factor (issue 15 §1) are seeded enrolled with this
# secret; sign_in() enters the code an authenticator app would show, as a person would.
TOTP_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"
_codes_used = Counter()


def user(*roles: str, **fields):
    """A user who can sign in with PASSWORD (no forced change)."""
    if set(roles) & set(current_app.config["TOTP_REQUIRED_ROLES"]):
        fields.setdefault("totp_secret", TOTP_SECRET)
        fields.setdefault("totp_enabled_at", clock.now())
    return factories.user(*roles, password=PASSWORD, **fields)


def totp_code(username: str) -> str:
    """The code at the live server's frozen clock; each sign-in of a user takes the next time
    step (a code is accepted once, ASVS 2.8.4; one step either side of now is accepted)."""
    n = _codes_used[username]
    _codes_used[username] += 1
    assert n < 3, "a user signs in at most three times per frozen minute"
    return pyotp.TOTP(TOTP_SECRET).at(FROZEN_AT.timestamp() + 30 * (n - 1))


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Through the login form, as a person would; the second factor when asked for."""
    page.goto("/accounts/login")
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    if "/accounts/second-factor" in page.url and "/setup" not in page.url:
        page.get_by_label("动态验证码").fill(totp_code(username))
        page.get_by_role("button", name="验证").click()
        page.wait_for_url(lambda url: "/accounts/second-factor" not in url)
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("alert").filter(has_text="您已安全退出")).to_be_visible()


def menu(page: Page, label: str) -> None:
    """Open a page from the top navigation."""
    page.get_by_role("navigation").get_by_role("link", name=label, exact=True).click()


def htmx_ready(page: Page) -> None:
    """Before using an HTMX control on a page just opened: htmx.js is deferred and binds its
    triggers on DOMContentLoaded; an event fired earlier (a select's change) would go unheard."""
    page.wait_for_load_state("load")


def flash(page: Page, message: str):
    """The flashed message of the last action."""
    return page.get_by_role("alert").filter(has_text=message)


def assert_pdf(page: Page, link) -> bytes:
    """Click a document link: the browser gets a PDF (Chromium shows it inline; an older
    headless one downloads it). Returns the document's bytes, fetched with the page's session."""
    href = link.get_attribute("href")
    with page.expect_response(lambda r: r.url.endswith(href)) as answer:
        link.click()
    assert answer.value.status == 200
    assert answer.value.headers["content-type"] == "application/pdf"
    body = page.request.get(href).body()
    assert body.startswith(b"%PDF")
    return body


def assert_accessible(page: Page) -> None:
    """axe-core (vendored in axe-playwright-python) finds no violation on the page as shown."""
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
