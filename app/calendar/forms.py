from ..core.forms import ChineseForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from .models import DayKind


class OverrideForm(ChineseForm):
    day = DateField("日期", validators=[InputRequired("请填写日期")])
    kind = SelectField("类型", choices=[(k.value, k.label) for k in DayKind], default="rest")
    note = StringField("说明", validators=[Length(max=200, message="说明不超过200字")])


class ImportForm(ChineseForm):
    file = FileField("放假安排文件", validators=[FileRequired("请选择文件")])
    whole_years = BooleanField("文件为所涉年份的全年官方安排（替换这些年份原有的调整，不再按暂定日历计算）",
                               default=True)


class RemoveForm(ChineseForm):
    pass
