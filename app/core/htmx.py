"""Small helpers for HTMX requests (django-htmx conventions)."""
from flask import make_response, render_template, request


def is_htmx() -> bool:
    """An HTMX request that swaps part of the page. A history restore (Back to a pushed URL
    that htmx has no snapshot of) wants the whole page, so it is not one."""
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-History-Restore-Request") != "true")


def render(page: str, fragment: str, **context):
    """Render the full page, or only its fragment for an HTMX request (same markup)."""
    return render_template(fragment if is_htmx() else page, **context)


def redirect(url: str):
    """Client-side redirect that works for HTMX and for plain requests."""
    if is_htmx():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    from flask import redirect as flask_redirect

    return flask_redirect(url)
