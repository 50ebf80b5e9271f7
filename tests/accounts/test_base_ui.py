"""Base UI: Chinese error pages, flash messages, HTMX-aware sign-in redirects."""


def test_unknown_page_is_a_chinese_404(client, login_as):
    login_as("approver")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "页面不存在" in response.get_data(as_text=True)


def test_403_fragment_for_htmx_and_full_page_otherwise(client, login_as):
    login_as("approver")
    page = client.get("/accounts/admin/users")
    assert page.status_code == 403 and "<html" in page.get_data(as_text=True)
    fragment = client.htmx("get", "/accounts/admin/users")
    assert fragment.status_code == 403
    text = fragment.get_data(as_text=True)
    assert "无权访问" in text and "<html" not in text


def test_sign_out_flashes_a_message_on_the_sign_in_page(client, login_as):
    login_as("approver")
    response = client.post("/accounts/logout", follow_redirects=True)
    assert "您已安全退出" in response.get_data(as_text=True)


def test_anonymous_htmx_request_redirects_the_whole_page_to_sign_in(client):
    response = client.htmx("get", "/accounts/admin/users")
    assert response.headers["HX-Redirect"].startswith("/accounts/login")


def test_signed_in_user_opening_sign_in_page_goes_home(client, login_as):
    login_as("approver")
    response = client.get("/accounts/login")
    assert response.status_code == 302 and response.headers["Location"].endswith("/")


def test_forms_without_the_csrf_token_are_refused_in_chinese(client, login_as, csrf_enabled):
    user = login_as("admin")
    response = client.post(f"/accounts/admin/users/{user.id}/reset-password", data={"version": user.version})
    assert response.status_code == 400
    assert "安全校验失败" in response.get_data(as_text=True)
    page = client.get("/accounts/admin/users").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/accounts/logout", data={"csrf_token": token})
    assert response.status_code == 302


def test_favicon_is_served_and_linked(client, login_as):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon" and response.data[:4] == b"\x00\x00\x01\x00"
    login_as("approver")
    page = client.get("/").get_data(as_text=True)
    assert 'rel="icon"' in page and "img/favicon.svg" in page
    assert client.get("/static/img/favicon.svg").status_code == 200
