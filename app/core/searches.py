"""Search texts that may name people stay out of URLs (issue 15, low: no names in URLs).

A list's search box POSTs its text; the text is kept in the signed session under a short
random token, and the URL — pushed to the browser history, kept in the pager's links — carries
only `s=<token>`. Access logs, proxies, Referer headers and the history never hold the name."""
import secrets

from flask import request, session, url_for

KEY = "searches"
KEEP = 20          # the latest searches of the session stay reachable by Back
MAX_LENGTH = 100


def search_text(field: str = "q") -> tuple[str, str]:
    """(text, token) of the list's search: from the POSTed form, else from `?s=<token>`."""
    kept = dict(session.get(KEY) or {})
    if request.method == "POST":
        text = (request.form.get(field) or "").strip()[:MAX_LENGTH]
        if not text:
            return "", ""
        token = secrets.token_urlsafe(6)
        kept[token] = text
        session[KEY] = dict(list(kept.items())[-KEEP:])
        return text, token
    token = request.args.get("s", "")
    return (kept[token], token) if token in kept else ("", "")


def pushed_url(endpoint: str, token: str) -> str:
    """The list's URL to push for this search (the token only)."""
    return url_for(endpoint, s=token) if token else url_for(endpoint)


def pushed(response, endpoint: str, token: str):
    """A POSTed (HTMX) search's response pushes the token URL to the browser's history."""
    if request.method == "POST":
        response.headers["HX-Push-Url"] = pushed_url(endpoint, token)
    return response
