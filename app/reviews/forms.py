"""Forms of the rating pages, the review loop and the callback list (Chinese messages)."""
from wtforms import (BooleanField, IntegerField, RadioField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.forms import ChineseForm
from .models import CATEGORIES, Level
from .services.cases import REACTIONS

LEVEL_CHOICES = [(level.value, level.label) for level in Level]


class Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RatingForm(ChineseForm):
    level = RadioField("评价等级", choices=LEVEL_CHOICES,
                       validators=[DataRequired(message="请选择评价等级。")])
    categories = Checkboxes("问题类型（不满意时必选）", choices=[(c, c) for c in CATEGORIES])
    comment = TextAreaField("意见建议（选填）", validators=[Optional(), Length(max=500)])
    rater_name = StringField("姓名（选填，鼓励实名评价）", validators=[Optional(), Length(max=60)])
    rater_phone = StringField("联系电话（选填）", validators=[Optional(), Length(max=20)])


class NoteForm(ChineseForm):
    note = TextAreaField("核实情况", validators=[DataRequired(message="请填写核实情况。"), Length(max=2000)])


class AppealForm(ChineseForm):
    explanation = TextAreaField("举证说明", validators=[DataRequired(message="请填写举证说明。"),
                                                     Length(max=2000)])


class DecisionForm(ChineseForm):
    justified = SelectField("复核结论", choices=[("1", "情况属实，责令整改"), ("0", "误评或恶意差评，不予采纳")])
    reason = TextAreaField("复核理由", validators=[DataRequired(message="请写明复核理由。"), Length(max=2000)])
    rectify_days = IntegerField("整改期限（工作日）", default=5,
                                validators=[NumberRange(min=1, max=30, message="整改期限应为1至30个工作日。")])


class RectifyForm(ChineseForm):
    measures = TextAreaField("整改措施", validators=[DataRequired(message="请填写整改措施。"), Length(max=2000)])


class RevealForm(ChineseForm):
    reason = StringField("查看理由", validators=[DataRequired(message="请填写查看理由。"), Length(max=200)])


class ReactionForm(ChineseForm):
    reaction = RadioField("您对整改情况的评价", choices=list(REACTIONS.items()),
                          validators=[DataRequired(message="请选择您对整改情况的评价。")])
    remarks = TextAreaField("补充意见（选填）", validators=[Optional(), Length(max=500)])


class CallbackForm(ChineseForm):
    one_time_notice = BooleanField("咨询时一次性告知")
    back_and_forth = BooleanField("办理中“两头跑”")
    within_limit = BooleanField("在承诺时限内办结")
    improper_conduct = BooleanField("工作人员存在吃拿卡要等不廉洁行为")
    attitude = SelectField("对服务态度的满意度", choices=[("", "请选择")] + LEVEL_CHOICES,
                           validators=[DataRequired(message="请选择对服务态度的满意度。")])
    remarks = TextAreaField("回访记录", validators=[Optional(), Length(max=500)])


class PadForm(ChineseForm):
    window = SelectField("窗口", coerce=int)
    name = StringField("设备名称", validators=[DataRequired(message="请填写设备名称。"), Length(max=60)])


class WeightForm(ChineseForm):
    kind = SelectField("扣分项", choices=[("unsatisfied", "不满意"), ("very_unsatisfied", "非常不满意"),
                                        ("callback", "回访不满意")])
    points = StringField("每件扣分", validators=[DataRequired(message="请填写扣分分值。")])
    effective_from = StringField("生效日期（YYYY-MM-DD）", validators=[DataRequired(message="请填写生效日期。")])
