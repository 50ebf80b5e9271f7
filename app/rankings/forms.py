"""Forms of the rankings: a new weight set (one weight and direction per indicator) and an
on-demand bulletin."""
from wtforms import DateField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from ..core.forms import ChineseForm
from .models import Direction
from .services import figures, periods

DIRECTIONS = [(d.value, d.label) for d in Direction]


def weight_form_class():
    """The form with a weight_<key> and direction_<key> field for each indicator of the registry."""

    class WeightSetForm(ChineseForm):
        name = StringField("名称", validators=[DataRequired(message="请填写名称。"), Length(max=100)])
        valid_from = DateField("生效日期", validators=[DataRequired(message="请填写生效日期（格式：2026-12-01）。")])
        based_on = HiddenField()
        total = HiddenField()  # where the "sum is not 100" error is shown

    for item in figures.indicators():
        setattr(WeightSetForm, f"weight_{item.key}", StringField(f"{item.label}权重"))
        setattr(WeightSetForm, f"direction_{item.key}", SelectField(f"{item.label}方向", choices=DIRECTIONS))
    return WeightSetForm


class BulletinForm(ChineseForm):
    kind = SelectField("期间类型", choices=list(periods.KINDS.items()))
    period = StringField("期间", validators=[DataRequired(message="请填写期间，例如 2026-11、2026-Q4 或 2026。")])
    district = SelectField("范围", choices=[], validate_choice=False)
