"""The request form of an on-demand report: a period of whole months (Chinese labels; the
rules live in services.reports)."""
from datetime import date

from wtforms import StringField
from wtforms.validators import InputRequired, Regexp

from ..core.forms import ChineseForm

MONTH = Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", message="请按“年-月”选择月份，例如 2026-10。")


class ReportRequestForm(ChineseForm):
    first = StringField("起始月份", validators=[InputRequired(message="请选择起始月份。"), MONTH])
    last = StringField("结束月份", validators=[InputRequired(message="请选择结束月份。"), MONTH])

    @staticmethod
    def month(value: str) -> date:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
