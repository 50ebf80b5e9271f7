"""Credit-file forms (Chinese messages)."""
from ..core.forms import ChineseForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from .lookup import PURPOSES
from .models import (
    REPAIR_MATERIALS, Channel, CreditGround, CreditLevel, CreditSource, ObjectionDecision,
)

MANUAL_GROUNDS = [g for g in CreditGround if g != CreditGround.NO_SHOWS]  # CRD-8 is automatic


class SearchForm(ChineseForm):
    """Sent by POST only: identifiers never appear in a URL (SEC-5)."""
    q = StringField("名称或证件号码", validators=[DataRequired("请输入名称、身份证号或统一社会信用代码"),
                                            Length(max=60, message="不超过60个字符")])
    purpose = SelectField("查询事由", choices=[("", "（按证件号码查询时必选）"), *PURPOSES],
                          validators=[Optional()])


class RecordForm(ChineseForm):
    ground = SelectField("失信情形", choices=CreditGround.choices(MANUAL_GROUNDS),
                         validators=[DataRequired("请选择失信情形")])
    level = SelectField("等级", choices=CreditLevel.choices(), validators=[DataRequired("请选择等级")])
    source = SelectField("信息来源", choices=CreditSource.choices(
        [CreditSource.APPROVAL, CreditSource.SUPERVISION, CreditSource.PENALTY]))
    occurred_on = DateField("失信行为发生日期", validators=[DataRequired("请填写日期（年-月-日）")])
    description = TextAreaField("失信行为具体描述", validators=[
        DataRequired("请填写失信行为的具体描述"), Length(max=2000, message="不超过2000字")])


class CorrectedForm(ChineseForm):
    version = HiddenField()
    corrected_on = DateField("纠正日期", validators=[DataRequired("请填写纠正日期（年-月-日）")])
    reason = StringField("纠正情况", validators=[DataRequired("请说明纠正情况"), Length(max=300)])


class _Intake(ChineseForm):
    channel = RadioField("申请方式", choices=Channel.choices(), default=Channel.IN_PERSON.value,
                         validators=[DataRequired("请选择申请方式")])
    reason = TextAreaField("申请原因", validators=[DataRequired("请填写申请原因"),
                                               Length(max=2000, message="不超过2000字")])


class ObjectionForm(_Intake):
    item_name = StringField("事项名称", validators=[Optional(), Length(max=200)])
    item_code = StringField("系统内编码", validators=[Optional(), Length(max=60)])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RepairForm(_Intake):
    materials = MultiCheckboxField("已提交的材料（失信惩戒办法第十二条）",
                                   choices=list(REPAIR_MATERIALS.items()))


class ObjectionDecisionForm(ChineseForm):
    version = HiddenField()
    decision = RadioField("处理决定", choices=ObjectionDecision.choices(),
                          validators=[DataRequired("请选择处理决定")])
    decision_text = TextAreaField("决定理由（书面反馈内容）", validators=[
        DataRequired("请填写决定理由"), Length(max=2000)])
    new_level = SelectField("修改后的等级", choices=[("", "不变")] + CreditLevel.choices(),
                            validators=[Optional()])
    new_description = TextAreaField("修改后的描述", validators=[Optional(), Length(max=2000)])


class RepairDecisionForm(ChineseForm):
    version = HiddenField()
    decision_text = TextAreaField("审查意见（重点审查整改及消除不良后果情况）",
                                  validators=[Optional(), Length(max=2000)])


class ConfirmForm(ChineseForm):
    """A bare POST with CSRF and the row version (apply results after publicity)."""
    version = HiddenField()


class EvidenceForm(ChineseForm):
    file = FileField("证据文件（PDF、JPG、PNG，不超过5MB）", validators=[FileRequired("请选择文件")])
