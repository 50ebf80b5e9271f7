"""Forms of the nearby pages (Chinese messages). Scans come as a multiple file field; their type
is checked by content in the services (core/uploads)."""
from flask_wtf.file import MultipleFileField
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..core.forms import ChineseForm


class IntakeForm(ChineseForm):
    item_code = SelectField("办理事项", validators=[DataRequired(message="请选择办理事项。")])
    party_name = StringField("申请人", validators=[DataRequired(message="请填写申请人。"), Length(max=200)])
    phone = StringField("申请人手机号码", validators=[DataRequired(message="请填写手机号码。"), Length(max=11)])
    ems_address = StringField("EMS寄送地址", validators=[DataRequired(message="请填写EMS寄送地址。"),
                                                      Length(max=300)])
    note = TextAreaField("接件备注", validators=[Optional(), Length(max=500)])
    scans = MultipleFileField("申请材料扫描件（PDF、JPEG或PNG）")


class VersionForm(ChineseForm):
    version = HiddenField()


class ReasonForm(VersionForm):
    reason = TextAreaField("退回意见", validators=[DataRequired(message="请填写退回意见。"), Length(max=500)])


class CorrectionForm(VersionForm):
    details = TextAreaField("补正内容", validators=[DataRequired(message="请填写补正内容。"), Length(max=1000)])


class RedispatchForm(VersionForm):
    item_code = SelectField("改派事项", validators=[DataRequired(message="请选择办理事项。")])


class MailForm(VersionForm):
    waybill = StringField("EMS运单号", validators=[DataRequired(message="请填写EMS运单号。"), Length(max=20)])
    fee = StringField("邮寄费用（元）", validators=[DataRequired(message="请填写邮寄费用。"), Length(max=10)])
    dispatched_on = DateField("寄出日期", validators=[DataRequired(message="请填写寄出日期。")])
    delivered_on = DateField("妥投日期", validators=[Optional()])
    result = SelectField("办理结果", choices=[("approved", "准予许可/办结"), ("refused", "不予许可"),
                                          ("done", "已办理")])
    note = StringField("结果说明", validators=[Optional(), Length(max=500)])


class PublicCorrectionForm(ChineseForm):
    reply = TextAreaField("补正说明", validators=[Optional(), Length(max=500)])
    scans = MultipleFileField("补正材料（PDF、JPEG或PNG）")


def files_of(field) -> list[tuple[bytes, str]]:
    return [(f.read(), f.filename) for f in (field.data or []) if getattr(f, "filename", "")]
