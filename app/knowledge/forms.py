from ..core.forms import ChineseForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class ArticleForm(ChineseForm):
    title = StringField("标题", validators=[DataRequired("请填写标题。"), Length(max=120, message="标题最多120字。")])
    keywords = StringField("关键词（空格分隔）", validators=[Length(max=200, message="关键词最多200字。")])
    theme_id = SelectField("目录主题", coerce=int, validators=[Optional()])
    body = TextAreaField("答复口径（正文）", validators=[DataRequired("请填写答复口径（正文）。")])
    source = StringField("依据文件", validators=[Length(max=200, message="依据文件最多200字。")])
    effective_from = DateField("生效日期", validators=[Optional()])
    expires_on = DateField("失效日期", validators=[Optional()])
    release_on = DateField("政策正式发布日期", validators=[Optional()])
    version = HiddenField()


class ReasonForm(ChineseForm):
    reason = StringField("原因", validators=[DataRequired("请填写原因。"), Length(max=200)])


class MaintainerForm(ChineseForm):
    maintainer_id = SelectField("新维护人员", coerce=int, validators=[DataRequired("请选择新的维护人员。")])
    reason = StringField("报备说明", validators=[Length(max=200)])


class FilingForm(ChineseForm):
    summary = TextAreaField("报送内容", validators=[Length(max=4000)])
    no_changes = BooleanField("本月无更新（确认填报）")
