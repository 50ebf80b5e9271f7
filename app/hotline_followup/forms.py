"""Follow-up forms (Chinese labels; the rules live in the services)."""
from flask import request
from wtforms import (BooleanField, DateField, HiddenField, IntegerField, RadioField, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import Length, Optional

from ..core.forms import ChineseForm
from ..hotline.models import OrderType
from .services.appeals import GROUNDS
from .services.callbacks import EXCLUSIONS


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
    in_scope = BooleanField("已核实该工单属于满意度测评办法及申诉规范规定的申诉范围")
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


class DrawForm(ChineseForm):
    date_from = DateField("办结日期自", validators=[Optional()])
    date_to = DateField("至", validators=[Optional()])
    unit_id = SelectField("承办单位", coerce=int, choices=[], validate_choice=False)
    order_type = SelectField("诉求类型", choices=[("", "全部类型")] + [(t.value, t.label) for t in OrderType],
                             validate_choice=False)
    rate_percent = IntegerField("抽样比例（%）", validators=[Optional()], default=20)
    seed = IntegerField("随机种子（可不填，重抽时填写原种子）", validators=[Optional()])


class CallbackForm(ChineseForm):
    version = HiddenField()
    satisfaction = RadioField("回访满意度", choices=[("satisfied", "满意"), ("basic", "基本满意"),
                                                 ("dissatisfied", "不满意")], validate_choice=False)
    reason_verified = BooleanField("已核实群众不满意原因")
    reason = TextAreaField("不满意原因", validators=[Length(max=1000)])
    other_questions = TextAreaField("群众提出的其他疑问", validators=[Length(max=1000)])
    questions_answered = BooleanField("其他疑问已当场答复")
    not_contacted = BooleanField("诉求人反映承办单位未与其联系")  # HOT-14 false completion
    not_solved = BooleanField("诉求人反映问题未解决")
    asked_authority = BooleanField("诉求人要求管理部门调查解决")  # 004 Art 18
    enterprise_answered = BooleanField("承办单位将工单转企业答复")


class ExcludeForm(ChineseForm):
    ground = SelectField("无需回访的情形", choices=[("policy", EXCLUSIONS["policy"]),
                                               ("unreasonable", EXCLUSIONS["unreasonable"])])
    note = TextAreaField("依据", validators=[Length(max=300)])


def request_action() -> str:
    """Which button of a form with several sent it (empty for GET)."""
    return request.form.get("action", "") if request.method == "POST" else ""


class RehandlingForm(ChineseForm):
    """The answers come as one `answer_<i>` field per point (read in the view)."""
    version = HiddenField()


class DubanReportForm(ChineseForm):
    version = HiddenField()
    report_text = TextAreaField("办理情况", validators=[Length(max=3000)])


class ManualDubanForm(ChineseForm):
    order_number = StringField("工单编号", validators=[Length(max=30)])
    reason = TextAreaField("督办理由", validators=[Length(max=500)])


class ExposureForm(ChineseForm):
    """004 Art 24(3): a media exposure recorded by hand."""
    unit_id = SelectField("承办单位", coerce=int, choices=[], validate_choice=False)
    exposed_on = DateField("曝光日期", validators=[Optional()])
    outlet = StringField("媒体或通报部门", validators=[Length(max=100)])
    summary = TextAreaField("曝光内容", validators=[Length(max=500)])


class NoticeDraftForm(ChineseForm):
    month = StringField("通报月份", validators=[Length(max=7)], description="格式：2026-11")


class NoticeEditForm(ChineseForm):
    version = HiddenField()
    title = StringField("标题", validators=[Length(max=100)])
    body = TextAreaField("正文", validators=[Length(max=8000)])


class NoticeReviewForm(ChineseForm):
    version = HiddenField()
    note = TextAreaField("退回修改意见", validators=[Length(max=500)])
