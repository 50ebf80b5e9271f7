"""FlaskForm with WTForms' own Chinese messages ("不是有效的整数。" …) without Flask-Babel, and
no English left: the messages WTForms' catalogue lacks and Flask-WTF's CSRF messages are put in
Chinese after validation (issue 15, low item; ASVS 7.4.1)."""
import re

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


CSRF_MESSAGE = "页面已过期或安全校验失败，请刷新页面后重新提交。"
ENGLISH = {
    "The CSRF token is missing.": CSRF_MESSAGE,
    "The CSRF session token is missing.": CSRF_MESSAGE,
    "The CSRF token is invalid.": CSRF_MESSAGE,
    "The CSRF token has expired.": CSRF_MESSAGE,
    "The CSRF tokens do not match.": CSRF_MESSAGE,
    "The referrer header is missing.": CSRF_MESSAGE,
    "The referrer does not match the host.": CSRF_MESSAGE,
}
NOT_A_CHOICE = re.compile(r"is not a valid choice|Not a valid choice|Invalid [Cc]hoice")
CJK = re.compile(r"[\u4e00-\u9fff]")


def chinese(message) -> str:
    """A validation message in Chinese: known English ones translated, anything else English
    replaced by a general Chinese message rather than shown."""
    text = str(message)
    if CJK.search(text):
        return text
    if text in ENGLISH:
        return ENGLISH[text]
    if NOT_A_CHOICE.search(text):
        return "所选项无效，请重新选择。"
    return "输入内容无效，请检查后重新填写。"


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

    def validate(self, extra_validators=None) -> bool:
        """Every message in Chinese; a NUL byte in any field (PostgreSQL cannot store it) or a
        whole number beyond the database's integer is an error next to that field, never a 500
        (issue 15 §6)."""
        valid = super().validate(extra_validators=extra_validators)
        for field in self:
            if isinstance(field.errors, list):
                field.errors[:] = [chinese(e) for e in field.errors]
            message = None
            if has_nul(getattr(field, "raw_data", None)):
                message = NUL_MESSAGE
            elif isinstance(field.data, int) and not isinstance(field.data, bool) \
                    and not in_int_range(field.data):
                message = RANGE_MESSAGE
            if message:
                field.errors = [*field.errors, message]
                valid = False
        self.form_errors[:] = [chinese(e) for e in self.form_errors]
        return valid

def add_error(form, error) -> None:
    """A rule's message (a DomainError) next to its field, else above the form."""
    field = getattr(form, error.field or "", None)
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)
