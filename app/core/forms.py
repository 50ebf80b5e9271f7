"""FlaskForm with WTForms' own Chinese messages ("不是有效的整数。" …) without Flask-Babel."""
from flask_wtf import FlaskForm
from wtforms.meta import DefaultMeta


class ChineseForm(FlaskForm):
    class Meta:
        locales = ["zh"]

        def get_translations(self, form):
            return DefaultMeta.get_translations(self, form)
