"""Back after HTMX navigation: filters, searches and pages push their URL; a history restore
gets the whole page; htmx keeps no page snapshots in localStorage."""
import json
import re

from tests import factories


def test_history_restore_request_gets_the_whole_page(client, login_as):
    login_as("admin")
    factories.party(name="历史恢复测试公司")
    searched = client.htmx("post", "/parties/", data={"q": "历史恢复"})
    fragment = searched.get_data(as_text=True)
    assert "<html" not in fragment and "历史恢复测试公司" in fragment
    page = client.htmx("get", searched.headers["HX-Push-Url"],
                       headers={"HX-History-Restore-Request": "true"}).get_data(as_text=True)
    assert "<html" in page and "历史恢复测试公司" in page and 'value="历史恢复"' in page


def test_searches_and_pages_push_their_url_and_no_snapshots_are_kept(client, login_as):
    login_as("admin")
    offices = client.get("/accounts/admin/offices").get_data(as_text=True)
    assert 'hx-push-url="true"' in re.search(r'<input[^>]*type="search"[^>]*>', offices).group(0)
    # a search that may name a person is POSTed; the URL it pushes carries a token, not the text
    page = client.get("/accounts/admin/users").get_data(as_text=True)
    assert 'hx-post="/accounts/admin/users"' in re.search(r'<input[^>]*type="search"[^>]*>', page).group(0)
    pushed = client.htmx("post", "/accounts/admin/users", data={"q": "管理"}).headers["HX-Push-Url"]
    assert re.fullmatch(r"/accounts/admin/users\?s=[\w-]+", pushed)
    config = json.loads(re.search(r"name=\"htmx-config\" content='([^']+)'", page).group(1))
    assert config["historyCacheSize"] == 0 and config["refreshOnHistoryMiss"] is True
