"""FlaskForm with WTForms' own Chinese messages ("不是有效的整数。" …) without Flask-Babel."""
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.meta import DefaultMeta


def _unix_newlines(value):
    """Browsers send a textarea's line breaks as CRLF; counted as one character, as the
    character counter beside the field (static/js/app.js) and the reader count them."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


class ChineseForm(FlaskForm):
    class Meta:
        locales = ["zh"]

        def get_translations(self, form):
            return DefaultMeta.get_translations(self, form)

        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, TextAreaField):
                filters = (*unbound_field.kwargs.get("filters", ()), _unix_newlines)
                return unbound_field.bind(form=form, **options, filters=filters)
            return unbound_field.bind(form=form, **options)


def add_error(form, error) -> None:
    """A rule's message (a DomainError) next to its field, else above the form."""
    field = getattr(form, error.field or "", None)
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)
