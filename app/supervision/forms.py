from ..core.forms import ChineseForm
from wtforms import BooleanField, DateField, HiddenField, PasswordField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class FindingForm(ChineseForm):
    version = HiddenField()
    outcome = RadioField("核查结论", choices=[("compliant", "与承诺一致"), ("not", "与承诺不符，责令整改")],
                         validators=[DataRequired("请选择核查结论")])
    findings = TextAreaField("核查情况", validators=[DataRequired("请填写核查情况")])
    rectification_due = DateField("整改期限", validators=[Optional()],
                                  render_kw={"type": "date"})


class RectificationCheckForm(ChineseForm):
    version = HiddenField()
    outcome = RadioField("整改复查结论", choices=[("compliant", "整改到位，办结"),
                                            ("not", "仍不符合，建议撤销（正式行文）")],
                         validators=[DataRequired("请选择复查结论")])
    text = TextAreaField("复查情况", validators=[DataRequired("请填写复查情况")])


class ViolationForm(ChineseForm):
    found_on = DateField("发现日期", validators=[DataRequired("请填写发现日期")],
                         render_kw={"type": "date"})
    description = TextAreaField("违规情况", validators=[DataRequired("请填写违规情况")])
    production_halt_penalty = BooleanField("已受到停产停业处罚")


class RecommendationAnswerForm(ChineseForm):
    """SUP-3, approval side: verify the supervision office's recommendation."""
    version = HiddenField()
    verdict = RadioField("核实结果", choices=[("agree", "情况属实，撤销决定"),
                                          ("disagree", "不予撤销，书面说明")],
                         validators=[DataRequired("请选择核实结果")])
    explanation = TextAreaField("不予撤销的说明", validators=[Optional(), Length(max=2000)])
    password = PasswordField("撤销时请再次输入登录密码", validators=[Optional()])
