"""Forms of the feedback pages (Chinese messages)."""
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..core.forms import ChineseForm

KINDS = [("complaint", "投诉"), ("suggestion", "建议"), ("consultation", "咨询")]


class FileForm(ChineseForm):
    kind = SelectField("类别", choices=KINDS, validators=[DataRequired(message="请选择类别。")])
    unit = SelectField("受理单位", coerce=int, validators=[DataRequired(message="请选择受理单位。")])
    item_name = StringField("涉及事项（选填）", validators=[Optional(), Length(max=400)])
    staff_name = StringField("涉及工作人员（选填）", validators=[Optional(), Length(max=60)])
    content = TextAreaField("内容", validators=[DataRequired(message="请填写内容。"), Length(max=2000)])
    name = StringField("姓名", validators=[DataRequired(message="请填写姓名。"), Length(max=60)])
    phone = StringField("手机号码", validators=[DataRequired(message="请填写手机号码。"), Length(max=11)])
    code = StringField("短信验证码", validators=[Optional(), Length(max=6)])


class VersionForm(ChineseForm):
    version = HiddenField()


class ContactForm(VersionForm):
    note = TextAreaField("联系核实情况", validators=[DataRequired(message="请填写联系核实情况。"), Length(max=1000)])
    evidence = TextAreaField("证据材料", validators=[Optional(), Length(max=2000)])


class SpecialForm(VersionForm):
    reason = TextAreaField("情况特殊的理由", validators=[DataRequired(message="请填写情况特殊的理由。"),
                                                  Length(max=500)])


class ReplyForm(VersionForm):
    text = TextAreaField("答复内容", validators=[DataRequired(message="请填写答复内容。"), Length(max=2000)])


class PeriodForm(ChineseForm):
    class Meta:
        csrf = False

    start = DateField("起始日期", validators=[Optional()])
    end = DateField("截止日期", validators=[Optional()])
