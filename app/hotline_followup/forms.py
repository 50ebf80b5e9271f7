"""Follow-up forms (Chinese labels; the rules live in the services)."""
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from ..core.forms import ChineseForm
from .services.appeals import GROUNDS


class AppealItemForm(ChineseForm):
    rating_id = SelectField("不满意工单", coerce=int, choices=[], validate_choice=False)
    explanation = TextAreaField("申诉理由（书面说明）", validators=[Length(max=2000)])
    evidence = TextAreaField("证明材料", validators=[Length(max=2000)],
                             description="列明联系记录、现场照片、处理文书等材料名称")


class AppealFileForm(ChineseForm):
    version = HiddenField()
    leader_name = StringField("分管领导签字确认", validators=[Length(max=60)])
    sealed = BooleanField("申诉材料已加盖单位公章")


class AppealDecisionForm(ChineseForm):
    decision = RadioField("审核结论", choices=[("uphold", "申诉成立"), ("refuse", "不予支持")], default="refuse")
    ground = SelectField("不予支持的依据", choices=[("", "（申诉成立时不选）")] + list(GROUNDS.items()),
                         validate_choice=False)  # the service names the missing ground
    note = TextAreaField("核实意见", validators=[Length(max=500)])


class CodeForm(ChineseForm):
    code = StringField("短信验证码", validators=[Length(max=6)])


class RatingForm(ChineseForm):
    level = RadioField("您对办理结果的评价", choices=[("satisfied", "满意"), ("basic", "基本满意"),
                                                ("dissatisfied", "不满意")], validate_choice=False)
    comment = TextAreaField("评价意见（选填）", validators=[Length(max=500)])


class ReviewForm(ChineseForm):
    decision = RadioField("研判结论", choices=[("send_back", "退回承办单位重新办理"), ("keep", "维持办结")],
                          default="send_back")
    note = TextAreaField("研判意见", validators=[Length(max=500)])
