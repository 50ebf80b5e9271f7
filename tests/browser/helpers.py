"""What every journey does: seed a user, sign in and out, use the menu, read the flash,
open a document."""
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests import factories

PASSWORD = "Browser#Test-2026"  # every seeded user's; meets the SEC-1 policy


def user(*roles: str, **fields):
    """A user who can sign in with PASSWORD (no forced change)."""
    return factories.user(*roles, password=PASSWORD, **fields)


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Through the login form, as a person would."""
    page.goto("/accounts/login")
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
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
