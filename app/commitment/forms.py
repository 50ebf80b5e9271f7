from flask_wtf.file import FileField

from ..core.forms import ChineseForm
from wtforms import (HiddenField, PasswordField, RadioField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..parties.models import PartyKind


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class VersionedForm(ChineseForm):
    version = HiddenField()


class SignLetterForm(VersionedForm):
    """The scan of the letter signed by both sides; its type is checked by content (services)."""
    scan = FileField("双方签署后的承诺书扫描件（PDF或JPG，不超过10MB）")


class ApplicationForm(ChineseForm):
    item = SelectField("申请事项", coerce=int, validators=[DataRequired("请选择事项")])
    party_kind = SelectField("申请人类型", choices=[(k.value, k.label) for k in PartyKind],
                             default=PartyKind.ORG.value)
    identifier = StringField("统一社会信用代码 / 身份证号码",
                             validators=[DataRequired("请填写证件号码"), Length(max=18)])
    name = StringField("申请人名称", validators=[Optional(), Length(max=200)])
    legal_representative = StringField("法定代表人（负责人）", validators=[Optional(), Length(max=60)])
    phone = StringField("联系电话", validators=[Optional(), Length(max=20)])
    agent_name = StringField("代理人姓名", validators=[Optional(), Length(max=60)])
    agent_id_number = StringField("代理人身份证号码", validators=[Optional(), Length(max=18)])
    missing = MultiCheckboxField("待补正材料（承诺后补）", choices=[])
    duplicate_reason = TextAreaField("另行受理的理由（已有同一事项在办案件时填写）",
                                     validators=[Optional(), Length(max=500)])


class MaterialCheckForm(VersionedForm):
    outcome = RadioField("核验结果", choices=[("accepted", "合格"), ("rejected", "不符合要求")],
                         validators=[DataRequired("请选择核验结果")])
    reason = StringField("不符合要求的原因", validators=[Optional(), Length(max=500)])


class ExtensionForm(VersionedForm):
    """The party's written request for the one extension, registered by the approval office."""
    request_text = TextAreaField("书面延期申请内容", validators=[DataRequired("请填写书面延期申请内容"),
                                                          Length(max=2000)])


class ExtensionDecisionForm(VersionedForm):
    decision = RadioField("决定", choices=[("grant", "批准延期20个工作日"), ("refuse", "不予延期")],
                          validators=[DataRequired("请选择批准或不予延期")])
    reason = TextAreaField("不予延期的理由", validators=[Optional(), Length(max=500)])


class RevocationForm(VersionedForm):
    basis = SelectField("撤销事由", choices=[], validators=[DataRequired("请选择撤销事由")])
    ground = TextAreaField("查明的事实", validators=[Optional(), Length(max=2000)])
    password = PasswordField("请再次输入登录密码确认", validators=[DataRequired("请输入密码")])
