"""Forms of the public booking pages, the kiosk and the window console (Chinese messages)."""
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..core.forms import ChineseForm, add_error  # noqa: F401  (the hall's views import it here)


class BookingForm(ChineseForm):
    centre = SelectField("办理地点", coerce=int, validators=[DataRequired(message="请选择办理地点。")])
    day = SelectField("预约日期", validators=[DataRequired(message="请选择预约日期。")])
    slot = SelectField("预约时段", validators=[DataRequired(message="请选择预约时段。")])
    name = StringField("姓名", validators=[DataRequired(message="请填写姓名。"), Length(max=60)])
    id_number = StringField("身份证号码", validators=[DataRequired(message="请填写身份证号码。"),
                                                  Length(max=18)])
    phone = StringField("手机号码", validators=[DataRequired(message="请填写手机号码。"), Length(max=11)])
    code = StringField("短信验证码", validators=[Optional(), Length(max=6)])


class CancelForm(ChineseForm):
    number = StringField("预约编号", validators=[DataRequired(message="请填写预约编号。"), Length(max=30)])
    id_number = StringField("身份证号码", validators=[DataRequired(message="请填写身份证号码。"),
                                                  Length(max=18)])
    code = StringField("短信验证码", validators=[Optional(), Length(max=6)])


class CheckInForm(ChineseForm):
    id_number = StringField("身份证号码", validators=[DataRequired(message="请输入身份证号码。"),
                                                  Length(max=18)])


class StartForm(ChineseForm):
    item_code = SelectField("办理事项", validators=[Optional()])


class FinishForm(ChineseForm):
    result = SelectField("办理结果", choices=[("approved", "准予许可/办结"), ("refused", "不予许可"),
                                          ("done", "已办理（无许可决定）")])
    note = StringField("说明", validators=[Optional(), Length(max=500)])


class TransferForm(ChineseForm):
    target = SelectField("转至窗口", coerce=int)


class DeviceForm(ChineseForm):
    kind = SelectField("设备类型", choices=[("kiosk", "取号机"), ("screen", "叫号屏")])
    name = StringField("设备名称", validators=[DataRequired(message="请填写设备名称。"), Length(max=60)])


class NoonForm(ChineseForm):
    window = SelectField("中午值守窗口", coerce=int)


class UrgentSlotForm(ChineseForm):
    slot = StringField("急办预约时段", validators=[DataRequired(message="请填写时段。"), Length(max=11)],
                       description="格式：18:00-20:00")
    daily_quota = IntegerField("每日名额", default=2, validators=[
        DataRequired(message="请填写每日名额。"), NumberRange(min=1, max=50, message="每日名额应为1至50。")])
