from ..core.forms import ChineseForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import NumberRange, Optional


class AuditFilterForm(ChineseForm):
    """GET filters (no personal data: actor account names, codes and ids only)."""

    class Meta:
        csrf = False

    actor = StringField("操作人账号", validators=[Optional()])
    action = SelectField("动作", validators=[Optional()], choices=[])
    subject_type = SelectField("对象类型", validators=[Optional()], choices=[])
    subject_id = IntegerField("对象编号", validators=[Optional(), NumberRange(min=1, message="请输入正整数")])
    date_from = DateField("开始日期", validators=[Optional()])
    date_to = DateField("结束日期", validators=[Optional()])
    outcome = SelectField("结果", validators=[Optional()],
                          choices=[("", "全部"), ("success", "成功"), ("failure", "失败")])
