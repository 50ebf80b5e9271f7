"""The rebuild form of the dashboard (Chinese messages next to the fields)."""
from datetime import timedelta

from wtforms import DateField
from wtforms.validators import DataRequired, ValidationError

from ..core import clock
from ..core.forms import ChineseForm

MAX_REBUILD_DAYS = 3 * 366


class RollupForm(ChineseForm):
    start = DateField("起始日期", validators=[DataRequired(message="请填写起始日期（如2026-11-01）。")])
    end = DateField("截止日期", validators=[DataRequired(message="请填写截止日期（如2026-11-30）。")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_submitted():
            today = clock.today()
            self.start.data = self.start.data or today.replace(day=1)
            self.end.data = self.end.data or today

    def validate_end(self, field):
        if self.start.data and field.data:
            if field.data < self.start.data:
                raise ValidationError("截止日期不能早于起始日期。")
            if field.data - self.start.data > timedelta(days=MAX_REBUILD_DAYS):
                raise ValidationError("一次最多重新统计三年。")
            if field.data > clock.today():
                raise ValidationError("截止日期不能晚于今天。")
