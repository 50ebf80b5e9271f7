"""Long text fields say their limit and count characters; the server refuses longer text with a
Chinese error next to the field; each form's Length(max) fits the column it is stored in."""
import importlib
import inspect

import pytest
from sqlalchemy import String

from app.core.forms import ChineseForm
from app.extensions import db

# Typed with spaces allowed; the service strips them and checks the 18 characters and check digit.
NORMALISED = {"PartyForm.identifier", "IdentifierSearchForm.identifier"}
PACKAGES = ["accounts", "audit", "calendar", "catalog", "commitment", "credit", "documents",
            "linkage", "parties", "supervision"]


def _column_sizes(package):
    """{field name: [String lengths]} over the package's models."""
    sizes = {}
    prefix = f"app.{package}."
    for mapper in db.Model.registry.mappers:
        if not mapper.class_.__module__.startswith(prefix):
            continue
        for column in mapper.columns:
            if isinstance(column.type, String) and column.type.length:
                sizes.setdefault(column.key, []).append(column.type.length)
    return sizes


@pytest.mark.parametrize("package", PACKAGES)
def test_form_lengths_fit_the_columns(app, package):
    forms = importlib.import_module(f"app.{package}.forms")  # every listed package has forms
    sizes = _column_sizes(package)
    too_long = []
    for name, form in inspect.getmembers(forms, inspect.isclass):
        if not issubclass(form, ChineseForm) or form.__module__ != forms.__name__:
            continue
        for field_name, unbound in inspect.getmembers(form):
            for validator in getattr(unbound, "kwargs", {}).get("validators", []) or []:
                limit = getattr(validator, "max", -1)
                if type(validator).__name__ == "Length" and limit > 0 and field_name in sizes \
                        and limit > max(sizes[field_name]) and f"{name}.{field_name}" not in NORMALISED:
                    too_long.append(f"{name}.{field_name}: {limit} > {sizes[field_name]}")
    assert not too_long, too_long


def test_every_form_speaks_chinese():
    for package in PACKAGES:
        try:
            forms = importlib.import_module(f"app.{package}.forms")
        except ModuleNotFoundError:
            continue
        for name, form in inspect.getmembers(forms, inspect.isclass):
            if form.__module__ == forms.__name__ and hasattr(form, "validate_on_submit"):
                assert issubclass(form, ChineseForm), f"{package}.{name}"


def test_long_field_says_its_limit_and_keeps_no_hard_cut(client, login_as):
    login_as("admin")
    page = client.get("/parties/new").get_data(as_text=True)
    name_input = page.split('id="name"')[0].rsplit("<input", 1)[1] + page.split('id="name"')[1].split(">")[0]
    assert 'data-maxlength="200"' in name_input and "maxlength=\"200\"" not in name_input.replace("data-maxlength", "")
    assert "不超过200字" in page
    phone = page.split('id="phone"')[1].split(">")[0]
    assert 'maxlength="20"' in phone  # a short field keeps the browser's limit, no counter


def test_over_long_text_is_refused_next_to_the_field_and_kept(client, login_as):
    login_as("admin")
    response = client.post("/parties/new", data={"kind": "person", "name": "张" * 201,
                                                 "identifier": "", "phone": "", "address": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "字段长度不能超过 200 个字符" in page
    assert "张" * 201 in page          # nothing thrown away
    assert "已输入201字" in page


def test_textarea_line_breaks_count_once():
    from wtforms import TextAreaField
    from werkzeug.datastructures import MultiDict

    class NoteForm(ChineseForm):
        class Meta:
            csrf = False
        note = TextAreaField()

    from flask import Flask
    with Flask(__name__).test_request_context():
        form = NoteForm(formdata=MultiDict({"note": "一\r\n二"}))
        assert form.note.data == "一\n二"
