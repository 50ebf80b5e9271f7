"""Issue 15 §6: no input gives a 5xx. A property-based walk over every route of app.url_map.

The routes, the form field names (every ChineseForm subclass) and the query parameters (read
from the views' source) are discovered at run time, so a route or form added later is fuzzed
too. With the demo organisation loaded, each role signs in as its demo user and, for every
route it may use, POSTs generated values to every form field (with a valid CSRF token) or GETs
the page with generated query parameters: huge and negative numbers, NUL, CR/LF, unicode, empty
and very long strings, impossible dates. No response may be a 5xx. The counts are printed and
written to instance/robust-fuzz.json.
"""
import io
import json
import random
import re
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter
from wtforms import FileField, MultipleFileField

from app.accounts.models import User
from app.accounts.roles import ALL_ROLES
from app.core import clock
from app.core.forms import ChineseForm
from app.demo import loader
from app.extensions import db
from sqlalchemy import select

from tests import factories

APP_DIR = Path(__file__).resolve().parents[2] / "app"
RESULTS = Path(__file__).resolve().parents[2] / "instance" / "robust-fuzz.json"  # gitignored
SKIPPED_ENDPOINTS = {"accounts.logout", "static"}  # signing out ends the walk of that role
ARG_PATTERN = re.compile(r"request\.(?:args|values)\.(?:get|getlist)\(\s*\"([a-z_]+)\"")
FORM_PATTERN = re.compile(r"request\.(?:form|values)\.(?:get|getlist)\(\s*\"([a-z_]+)\"")

NASTY = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from([
        "", " ", "0", "-1", "1", "2", "2147483647", "2147483648", "-2147483649", "9" * 40,
        "1e309", "NaN", "inf", "1.5", "\x00", "a\x00b", "\r\n", "a\r\nSet-Cookie: x=1", "\t=1+1",
        "=HYPERLINK(\"http://x\")", "@SUM(A1)", "2026-02-30", "2026-13-01", "0000-00-00",
        "9999-12-31", "99999-01-01", "2026-11-23", "2026-W48", "/%09/evil.example",
        "//evil.example", "\\\\evil.example", "javascript:alert(1)", "' OR 1=1 --",
        "<script>alert(1)</script>", "长" * 3000, "x" * 20_000, "🙂\u202e\ufeff",
        "110101199003071234", "true", "on", "approver", "person", "org",
    ]),
    st.text(max_size=40),
)
URL_INTS = [1, 2, 3, 4, 5, 6, 2026, 2147483647, 2147483648, 10**30, 0]
URL_TEXTS = ["ZWB", "SCJG-SP", "x", "办公室", "a%00", "%0D%0A"]
FILES = [b"", b"PK\x03\x04broken", b"\x00" * 64, b"not a spreadsheet"]


def _form_classes(cls=ChineseForm):
    for sub in cls.__subclasses__():
        yield sub
        yield from _form_classes(sub)


def _field_names():
    """(text field names, file field names) of every form, plus what views read raw."""
    fields, files = set(), set()
    for form in _form_classes():
        for name, unbound in vars(form).items():
            field_class = getattr(unbound, "field_class", None)
            if field_class is None:
                continue
            (files if issubclass(field_class, (FileField, MultipleFileField)) else fields).add(name)
    source = "\n".join(p.read_text() for p in APP_DIR.rglob("*.py"))
    fields |= set(FORM_PATTERN.findall(source))
    return sorted(fields - files), sorted(files), sorted(set(ARG_PATTERN.findall(source)))


def _routes(app):
    """(rule, method, allowed roles) of every route with a form (POST) or a page (GET)."""
    result = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED_ENDPOINTS or rule.endpoint.endswith(".static"):
            continue
        allowed = getattr(app.view_functions[rule.endpoint], "allowed_roles", None)
        for method in ("GET", "POST"):
            if method in (rule.methods or ()):
                result.append((rule, method, allowed))
    return result


def _allowed(allowed, role) -> bool:
    return allowed in ("public", "any") or (isinstance(allowed, (list, tuple, set, frozenset)) and role in allowed)


def _sign_in(client, user):
    db.session.refresh(user)
    with client.session_transaction() as session:
        session.clear()
        factories.signed_in_session(session, user)
    db.session.commit()
    landing = client.get("/")  # signed in for real, or the walk would only meet the login page
    assert "/accounts/" not in landing.headers.get("Location", ""), landing.headers.get("Location")


def _csrf_token(client) -> str:
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page) or \
        re.search(r'"X-CSRFToken": "([^"]+)"', page)
    assert match, "页面中没有 CSRF 令牌"
    return match.group(1)


def _url(rule, rng) -> str:
    """The rule's path with its arguments filled in by hand, so that values the converter
    refuses (0, beyond 2³¹−1) are sent too: mostly small ids, which exist in the demo data."""
    path = rule.rule
    for name in rule.arguments:
        integer = isinstance(rule._converters.get(name), IntegerConverter)
        value = rng.choice(URL_INTS[:6] * 3 + URL_INTS) if integer else rng.choice(URL_TEXTS)
        path = re.sub(rf"<(?:[a-z]+:)?{name}>", str(value), path)
    return path


def test_no_5xx_for_generated_input(app, client, csrf_enabled):
    loader.load_all(app)
    users = {role: db.session.scalar(select(User).where(User.username == username))
             for role, (username, *_rest) in loader.DEMO_USERS.items()}
    for user in users.values():
        user.set_password("Valid#Passw0rd-x")
        user.must_change_password, user.password_changed_at = False, clock.now()
    db.session.commit()
    text_fields, file_fields, arg_names = _field_names()
    routes = _routes(app)
    pairs = [(role, rule, method) for role in ALL_ROLES for rule, method, allowed in routes
             if _allowed(allowed, role)]
    counts = {"routes": len(routes), "roles": len(ALL_ROLES), "route_role_pairs": len(pairs),
              "form_fields": len(text_fields) + len(file_fields), "query_params": len(arg_names),
              "requests": 0, "5xx": 0, "statuses": {}}
    failures = []
    started = time.monotonic()

    @settings(max_examples=2, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate],  # no shrinking: the run time stays bounded
              suppress_health_check=list(HealthCheck))
    @given(pool=st.lists(NASTY, min_size=8, max_size=16), seed=st.integers(0, 2**32))
    def walk(pool, seed):
        # Hypothesis draws the values; each request's fields take them from the pool in a
        # seeded order (drawing per field would be ~10⁵ draws per example).
        rng = random.Random(seed)
        for role in ALL_ROLES:
            _sign_in(client, users[role])
            client.keep_alive = True
            token = _csrf_token(client)
            for pair_role, rule, method in pairs:
                if pair_role != role:
                    continue
                url = _url(rule, rng)
                if method == "POST":
                    form = {name: rng.choice(pool) for name in text_fields}
                    for name in file_fields:
                        form[name] = (io.BytesIO(rng.choice(FILES)), "数据.xlsx")
                    form["csrf_token"] = token
                    request = {"method": "POST", "data": form, "headers": {"X-CSRFToken": token},
                               "content_type": "multipart/form-data"}
                else:
                    request = {"query_string": {name: rng.choice(pool) for name in arg_names
                                                if rng.random() < 0.5}}
                counts["requests"] += 1
                try:  # TESTING propagates the exception of a would-be 500
                    response = client.open(url, **request)
                except Exception as error:  # noqa: BLE001 — every one is a finding
                    response = None
                    outcome = f"{type(error).__name__}: {str(error)[:120]}"
                else:
                    outcome = str(response.status_code)
                counts["statuses"][outcome[:3] if response else "500"] = \
                    counts["statuses"].get(outcome[:3] if response else "500", 0) + 1
                if response is None or response.status_code >= 500:
                    counts["5xx"] += 1
                    failures.append(f"{role} {method} {rule.rule} ({rule.endpoint}): {outcome}")
                    continue
                if response.status_code == 302 and "/accounts/login" in response.headers.get("Location", ""):
                    _sign_in(client, users[role])  # a route that signs out (e.g. a password change)
                    token = _csrf_token(client)

    walk()
    counts["seconds"] = round(time.monotonic() - started, 1)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(counts, ensure_ascii=False, indent=1))
    print("\nfuzz:", json.dumps(counts, ensure_ascii=False))
    assert not failures, "\n".join(sorted(set(failures)))
    assert counts["requests"] >= len(pairs)
