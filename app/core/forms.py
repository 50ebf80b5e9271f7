"""FlaskForm with WTForms' own Chinese messages ("不是有效的整数。" …) without Flask-Babel."""
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.meta import DefaultMeta

from .inputs import has_nul, in_int_range

NUL_MESSAGE = "不能包含控制字符（如空字符），请重新输入。"
RANGE_MESSAGE = "数值超出允许的范围。"


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

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        """A posted form's `version` is only what was posted: WTForms would otherwise fill an
        omitted field from `obj` (the row as it is now) and the optimistic lock would pass
        (issue 15, low)."""
        super().process(formdata, obj, data=data, extra_filters=extra_filters, **kwargs)
        version = self._fields.get("version")
        if version is not None and self.is_submitted() and not version.raw_data:
            version.data = None

    def validate(self, extra_validators=None):
        """A NUL byte in any field (PostgreSQL cannot store it) or a whole number beyond the
        database's integer is an error next to that field, never a 500 (issue 15 §6)."""
        valid = super().validate(extra_validators)
        for field in self:
            message = None
            if has_nul(getattr(field, "raw_data", None)):
                message = NUL_MESSAGE
            elif isinstance(field.data, int) and not isinstance(field.data, bool) \
                    and not in_int_range(field.data):
                message = RANGE_MESSAGE
            if message:
                field.errors = [*field.errors, message]
                valid = False
        return valid
