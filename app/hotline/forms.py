"""Hotline forms (Chinese labels; the rules live in the services)."""
from wtforms import (BooleanField, DateTimeLocalField, FileField, HiddenField, IntegerField, RadioField,
                     SelectField, SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.forms import ChineseForm
from .models import (EMERGENCY_LINES, LABELS, LEGAL_ROUTES, OrderChannel, OrderType, ReturnGround, Triage,
                     Urgency)
from .services.handling import CONTACT_METHODS

DATETIME = "%Y-%m-%dT%H:%M"


def _choices(enum_cls):
    return [(e.value, e.label) for e in enum_cls]


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class VersionedForm(ChineseForm):
    version = HiddenField()


class IntakeForm(ChineseForm):
    intake_key = HiddenField()
    channel = SelectField("受理渠道", choices=_choices(OrderChannel))
    order_type = SelectField("诉求类型", choices=_choices(OrderType))
    urgency = SelectField("紧急程度", choices=_choices(Urgency))
    labels = CheckboxesField("特殊标签", choices=[(x, f"【{x}】") for x in LABELS])
    requester_name = StringField("诉求人姓名", validators=[Length(max=60)])
    requester_phone = StringField("联系电话", validators=[Length(max=20)])
    anonymous = BooleanField("匿名反映")
    callback_consent = BooleanField("同意回访", default=True)
    location = StringField("事发地点", validators=[Length(max=200)])
    title = StringField("诉求标题（可不填，默认取内容前30字）", validators=[Length(max=100)])
    text = TextAreaField("诉求内容", validators=[DataRequired("请记录诉求内容"), Length(max=2000)])
    triage = SelectField("处理方式", choices=_choices(Triage))
    triage_note = SelectField("转接热线 / 法定途径", choices=[("", "（不适用）")] + [(x, f"转接{x}") for x in EMERGENCY_LINES]
                              + [(x, f"告知通过{x}途径解决") for x in LEGAL_ROUTES], default="")
    kb_article_id = IntegerField("引用知识库条目编号", validators=[Optional()])
    linked_number = StringField("关联既往工单编号", validators=[Length(max=30)])
    legal_limit_workdays = IntegerField("法定办理时限（工作日，可不填）", validators=[Optional(), NumberRange(1, 60)])


class DispatchForm(VersionedForm):
    units = SelectMultipleField("承办单位（可多选，多选即拆分工单）", coerce=int)
    designate = BooleanField("指定承办单位（不得退单）")
    non_returnable = BooleanField("标注为不得退单")


class DepartmentsForm(VersionedForm):
    depts = CheckboxesField("办理部门", coerce=int)
    instruction = TextAreaField("办理要求", validators=[Length(max=500)])


class DeptAnswerForm(ChineseForm):
    answer = TextAreaField("本部门办理意见", validators=[DataRequired("请填写办理意见"), Length(max=2000)])


class ContactForm(ChineseForm):
    contacted_at = DateTimeLocalField("联系时间", format=DATETIME, validators=[DataRequired("请填写联系时间")])
    method = SelectField("联系途径", choices=[(m, m) for m in CONTACT_METHODS])
    result = TextAreaField("联系结果", validators=[DataRequired("请记录联系结果"), Length(max=500)])


class NoteForm(ChineseForm):
    text = TextAreaField("备注", validators=[DataRequired("请填写备注内容"), Length(max=1000)])


class AttachmentForm(ChineseForm):
    file = FileField("附件（PDF、JPG或PNG，不超过10MB）")


class ReplyForm(VersionedForm):
    """The six elements of HOT-10; the process field is `steps` (Form.process is a method)."""
    contact_time = StringField("与诉求人联系的具体时间", validators=[Length(max=40)])
    staff = StringField("答复工作人员", validators=[Length(max=60)])
    contact_method = StringField("联系方式", validators=[Length(max=60)])
    steps = TextAreaField("处理过程", validators=[Length(max=2000)])
    result = TextAreaField("办理结果", validators=[Length(max=2000)])
    feedback = TextAreaField("诉求人反馈情况", validators=[Length(max=500)])


class ReturnForm(ChineseForm):
    ground = SelectField("退单理由类别", choices=[("", "请选择")] + _choices(ReturnGround), default="")
    reason = TextAreaField("退单理由及依据", validators=[Length(max=1000)])
    evidence = TextAreaField("佐证材料（按理由类别填写）", validators=[Length(max=1000)])
    complex_case = BooleanField("疑难复杂诉求（退单时限2个工作日）")
    supervision_consent = StringField("市政府督查部门同意意见（【互联网+督查】工单）", validators=[Length(max=200)])


class ExtensionForm(ChineseForm):
    """On the order page with the contact, return and reply forms, so the views build these
    with a prefix ("ext", "contact", "ret"): one id per field on the page."""
    workdays = IntegerField("延期工作日数", validators=[Optional()])
    reason = TextAreaField("延期原因", validators=[Length(max=1000)])
    contacted_at = DateTimeLocalField("与诉求人联系的时间", format=DATETIME, validators=[Optional()])
    opinion = TextAreaField("诉求人意见", validators=[Length(max=500)])
    legal_basis = TextAreaField("相关法律法规依据（可不填）", validators=[Length(max=500)])


class DecisionForm(ChineseForm):
    decision = RadioField("审核意见", choices=[("approve", "同意"), ("reject", "驳回")], default="approve")
    reason = TextAreaField("理由", validators=[Length(max=500)])


class ReasonForm(ChineseForm):
    reason = StringField("查看事由", validators=[Length(max=200)])


class FlagForm(ChineseForm):
    note = TextAreaField("情况说明", validators=[Length(max=500)])


class SlaForm(ChineseForm):
    channel = SelectField("渠道", choices=_choices(OrderChannel))
    order_type = SelectField("诉求类型", choices=[("", "全部类型")] + _choices(OrderType))
    urgency = SelectField("紧急程度", choices=[("", "不限")] + _choices(Urgency))
    workdays = IntegerField("时限（工作日）", validators=[Optional(), NumberRange(1, 60)])
    hours = IntegerField("时限（小时，自然时间）", validators=[Optional(), NumberRange(1, 72)])
    basis = StringField("依据", validators=[DataRequired("请填写依据"), Length(max=120)])


class CorrectTextForm(VersionedForm):
    text = TextAreaField("诉求内容", validators=[DataRequired("请记录诉求内容"), Length(max=2000)])
    location = StringField("事发地点", validators=[Length(max=200)])


class RepeatCloseForm(ChineseForm):
    earlier_id = IntegerField("既往工单", validators=[DataRequired("请选择既往工单")])
