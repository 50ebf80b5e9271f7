from datetime import date

from wtforms import DateField, SelectField
from wtforms.validators import Optional

from ..core import clock
from ..core.forms import ChineseForm
from .services import periods

PERIODS = [("month", "按月"), ("quarter", "按季度"), ("year", "按年"), ("custom", "自定义期间")]
YEARS_BACK = 5


class LedgerForm(ChineseForm):
    ledger = SelectField("台账")
    period = SelectField("统计期间", choices=PERIODS, default="month")
    month = SelectField("月份")
    quarter = SelectField("季度")
    year = SelectField("年度")
    date_from = DateField("开始日期", validators=[Optional()])
    date_to = DateField("结束日期", validators=[Optional()])

    def __init__(self, *args, ledgers=(), **kwargs):
        super().__init__(*args, **kwargs)
        today = clock.today()
        years = range(today.year, today.year - YEARS_BACK - 1, -1)
        self.ledger.choices = [(ledger.key, ledger.title) for ledger in ledgers]
        self.month.choices = [(f"{y}-{m}", f"{y}年{m}月") for y in years for m in range(12, 0, -1)
                              if date(y, m, 1) <= today]
        self.quarter.choices = [(f"{y}-{q}", f"{y}年第{q}季度") for y in years for q in range(4, 0, -1)
                                if date(y, 3 * q - 2, 1) <= today]
        self.year.choices = [(str(y), f"{y}年") for y in years]
        if not self.is_submitted():
            self.month.data = f"{today.year}-{today.month}"
            self.quarter.data = f"{today.year}-{(today.month - 1) // 3 + 1}"
            self.year.data = str(today.year)

    def chosen_period(self) -> periods.Period:
        """The period chosen, or a DomainError naming the field to correct."""
        kind = self.period.data
        if kind == "month":
            y, m = (int(x) for x in self.month.data.split("-"))
            return periods.month(y, m)
        if kind == "quarter":
            y, q = (int(x) for x in self.quarter.data.split("-"))
            return periods.quarter(y, q)
        if kind == "year":
            return periods.year(int(self.year.data))
        return periods.custom(self.date_from.data, self.date_to.data)
