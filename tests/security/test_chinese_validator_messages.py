"""Low item: every form of the app answers bad input in Chinese — WTForms' own validators,
the CSRF check, choices, numbers and dates (ASVS 7.4.1: no technical English errors)."""
import importlib
import pkgutil
import re

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

import app as app_package

CJK = re.compile(r"[\u4e00-\u9fff]")
JUNK = ("x" * 5001, "abc", "2026-13-45", "-1", "\x00")


def _forms():
    for module in pkgutil.walk_packages(app_package.__path__, "app."):
        if module.name.endswith(("forms", "views")) or ".forms" in module.name:
            importlib.import_module(module.name)
    seen, stack = [], list(FlaskForm.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("app.") and cls not in seen:
            seen.append(cls)
    return sorted(seen, key=lambda c: f"{c.__module__}.{c.__name__}")


def _messages(errors):
    if isinstance(errors, dict):
        for value in errors.values():
            yield from _messages(value)
    elif isinstance(errors, (list, tuple)):
        for value in errors:
            yield from _messages(value)
    else:
        yield str(errors)


@pytest.mark.parametrize("junk", JUNK, ids=["long", "word", "bad-date", "negative", "nul"])
def test_every_form_error_is_in_chinese(app, junk, csrf_enabled):
    english = []
    forms = _forms()
    assert len(forms) > 20
    for cls in forms:
        with app.test_request_context(method="POST"):
            form = cls(formdata=MultiDict())
            data = MultiDict()
            for field in form:
                data.add(field.name, junk)
            form = cls(formdata=data)
            for field in form:
                if hasattr(field, "choices") and field.choices is None:
                    field.choices = []
            form.validate()
            for message in _messages(form.errors):
                if not CJK.search(message):
                    english.append(f"{cls.__module__}.{cls.__name__}: {message}")
    assert not english, "\n".join(sorted(set(english)))
