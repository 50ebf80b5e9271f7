from ..core.forms import ChineseForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import NumberRange, Optional


class AuditFilterForm(ChineseForm):
    """GET filters, kept in the URL: person, event, object, period, outcome."""

    class Meta:
        csrf = False

    actor = StringField("操作人（姓名或账号）", validators=[Optional()])
    action = SelectField("事件", validators=[Optional()], choices=[])
    subject_type = SelectField("对象类型", validators=[Optional()], choices=[])
    subject_id = IntegerField("对象编号（#）", validators=[Optional(), NumberRange(min=1, message="请输入正整数")])
    date_from = DateField("起始日期", validators=[Optional()])
    date_to = DateField("结束日期", validators=[Optional()])
    outcome = SelectField("结果", validators=[Optional()],
                          choices=[("", "全部"), ("success", "成功"), ("failure", "失败")])
