"""The security admin's partner forms and the auditor's call-log filter."""
from wtforms import HiddenField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.forms import ChineseForm
from .models import SCOPES


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PartnerForm(ChineseForm):
    version = HiddenField()
    name = StringField("接入系统名称", validators=[DataRequired("请填写接入系统名称"), Length(max=100)])
    scopes = CheckboxesField("接口权限", choices=[], validate_choice=False)
    rate_per_minute = IntegerField("每分钟调用上限", default=600,
                                   validators=[DataRequired("请填写每分钟调用上限"), NumberRange(1, 100000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes.choices = list(SCOPES.items())


class NewPartnerForm(PartnerForm):
    key_id = StringField("接入标识", validators=[DataRequired("请填写接入标识"), Length(max=40)],
                         description="3至40位小写字母、数字、下划线或连字符，如 wsbsdt；创建后不能修改")


class VersionForm(ChineseForm):
    version = HiddenField()


class CallFilterForm(ChineseForm):
    class Meta:
        csrf = False

    partner = SelectField("接入系统", choices=[], validators=[Optional()], validate_choice=False)
    status = SelectField("结果", validators=[Optional()], validate_choice=False,
                         choices=[("", "全部"), ("ok", "成功"), ("4xx", "被拒绝（4xx）"), ("5xx", "系统错误（5xx）"),
                                  ("401", "认证失败（401）"), ("403", "无权限（403）"), ("409", "冲突或重放（409）"),
                                  ("413", "请求体过大（413）"), ("422", "内容有误（422）"), ("429", "超过频率（429）")])
