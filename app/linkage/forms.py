"""Linkage forms (Chinese messages)."""
from ..core.forms import ChineseForm
from wtforms import (DateField, DecimalField, DateTimeLocalField, HiddenField, IntegerField, SelectField,
                     SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

REQUIRED = "此项为必填项。"


def _values(choices) -> set:
    return {getattr(c, "value", None) if not isinstance(c, tuple) else c[0] for c in choices}


def options(*pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class ChoiceField(SelectField):
    def pre_validate(self, form):
        if self.data not in _values(self.choices):
            raise ValidationError("请选择有效的选项。")


class ChoicesField(SelectMultipleField):
    def pre_validate(self, form):
        allowed = _values(self.choices)
        if any(value not in allowed for value in self.data or []):
            raise ValidationError("请选择有效的选项。")


class WholeNumberField(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("请输入整数。") from error

NUMBER = "请输入不小于 0 的整数。"


class AppointForm(ChineseForm):
    office_id = ChoiceField("处室（部门）", coerce=int, validators=[DataRequired(REQUIRED)])
    user_id = ChoiceField("人员", coerce=int, validators=[DataRequired(REQUIRED)])
    post = StringField("职务", validators=[Length(max=60)])
    office_phone = StringField("办公电话（对外公布）", validators=[DataRequired(REQUIRED), Length(max=30)])
    appointed_on = DateField("设立日期", validators=[DataRequired("请填写有效日期。")])


class PairForm(ChineseForm):
    approval_office_id = ChoiceField("审批处室（部门）", coerce=int, validators=[DataRequired(REQUIRED)])
    supervision_office_id = ChoiceField("监管处室（部门）", coerce=int, validators=[DataRequired(REQUIRED)])


class VersionForm(ChineseForm):
    version = HiddenField()


class WeeklyNoteForm(ChineseForm):
    version = HiddenField(default="0")
    pushed = WholeNumberField("本周推送件数", validators=[InputRequired(NUMBER), NumberRange(min=0, message=NUMBER)])
    received = WholeNumberField("本周接收件数", validators=[InputRequired(NUMBER), NumberRange(min=0, message=NUMBER)])
    started = WholeNumberField("本周启动核查件数", validators=[InputRequired(NUMBER), NumberRange(min=0, message=NUMBER)])
    revoked = WholeNumberField("本周撤销件数", validators=[InputRequired(NUMBER), NumberRange(min=0, message=NUMBER)])
    feedback = WholeNumberField("本周监管反馈件数", validators=[InputRequired(NUMBER), NumberRange(min=0, message=NUMBER)])
    problems = TextAreaField("存在问题", validators=[Length(max=4000)])
    measures = TextAreaField("应对措施", validators=[Length(max=4000)])
    next_steps = TextAreaField("下步工作", validators=[Length(max=4000)])


class ScoreField(DecimalField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("请输入数字（可保留一位小数）。") from error


class ProblemForm(ChineseForm):
    pair_id = ChoiceField("审管对应处室", coerce=int, validators=[DataRequired(REQUIRED)])
    description = TextAreaField("问题描述", validators=[DataRequired(REQUIRED), Length(max=2000)])


class ProblemReportForm(ChineseForm):
    version = HiddenField()
    reported_to = StringField("上报至", validators=[DataRequired(REQUIRED), Length(max=120)])


class ProblemResolveForm(ChineseForm):
    version = HiddenField()
    resolution = TextAreaField("解决情况", validators=[DataRequired(REQUIRED), Length(max=2000)])


class MeetingForm(ChineseForm):
    unit_id = ChoiceField("组织单位（部门/区）", coerce=int, validators=[DataRequired(REQUIRED)])
    scheduled_at = DateTimeLocalField("会商时间", format="%Y-%m-%dT%H:%M",
                                      validators=[DataRequired("请填写有效的日期时间。")])
    place = StringField("地点", validators=[Length(max=120)])
    participant_ids = ChoicesField("参加单位", coerce=int, validators=[DataRequired("请至少选择一个参加单位。")])


class MinutesForm(ChineseForm):
    version = HiddenField()
    attendees = TextAreaField("参会人员", validators=[Length(max=2000)])
    point_1 = TextAreaField(validators=[Length(max=4000)])
    point_2 = TextAreaField(validators=[Length(max=4000)])
    point_3 = TextAreaField(validators=[Length(max=4000)])
    point_4 = TextAreaField(validators=[Length(max=4000)])
    point_5 = TextAreaField(validators=[Length(max=4000)])
    minutes = TextAreaField("会议纪要（议定事项）", validators=[Length(max=8000)])
    held = ChoiceField("会议状态", choices=options(("0", "尚未召开（保存草稿）"), ("1", "已召开")))


class PlanForm(ChineseForm):
    version = HiddenField()  # the plan's row version, checked when it exists (issue 15)
    year = WholeNumberField("年度", validators=[InputRequired(REQUIRED), NumberRange(min=2019, max=2100, message="年度无效。")])
    random_weight = WholeNumberField("随机抽查权重（%）", validators=[InputRequired(REQUIRED), NumberRange(min=0, max=100, message="权重须在 0 至 100 之间。")])
    yearend_weight = WholeNumberField("年终检查权重（%）", validators=[InputRequired(REQUIRED), NumberRange(min=0, max=100, message="权重须在 0 至 100 之间。")])


SCORE = [InputRequired("请填写得分。"), NumberRange(min=0, max=20, message="每项得分须在 0 至 20 之间。")]


class CheckForm(ChineseForm):
    kind = ChoiceField("检查类型", choices=options(("random", "随机抽查"), ("yearend", "年终定期检查")))
    checked_on = DateField("检查日期", validators=[DataRequired("请填写有效日期。")])
    assessors = StringField("考核人员", validators=[DataRequired(REQUIRED), Length(max=200)])
    score_1 = ScoreField("（一）标准化操作规程编制", validators=SCORE)
    score_2 = ScoreField("（二）信息推送及时、准确、畅通", validators=SCORE)
    score_3 = ScoreField("（三）协调员每周工作记录", validators=SCORE)
    score_4 = ScoreField("（四）每月定期会商组织", validators=SCORE)
    score_5 = ScoreField("（五）年度整体运行情况", validators=SCORE)
    remarks = TextAreaField("备注", validators=[Optional(), Length(max=2000)])
