from ..core.forms import ChineseForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from .models import PartyKind


class PartyForm(ChineseForm):
    kind = SelectField("类型", choices=[(k.value, k.label) for k in PartyKind], default="person")
    name = StringField("姓名 / 名称", validators=[DataRequired("请填写姓名或名称"), Length(max=200)])
    identifier = StringField("身份证号码 / 统一社会信用代码", validators=[Length(max=30, message="证件号码过长")])
    legal_representative = StringField("法定代表人（负责人）", validators=[Length(max=60)])
    phone = StringField("联系电话", validators=[Length(max=20, message="电话号码过长")])
    address = StringField("地址", validators=[Length(max=300)])
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


class IdentifierSearchForm(ChineseForm):
    identifier = StringField("按证件号码查找", validators=[DataRequired("请输入完整的证件号码"), Length(max=30)])


class RevealForm(ChineseForm):
    reason = TextAreaField("查看事由", validators=[DataRequired("请填写查看完整号码的事由"),
                                              Length(max=500, message="事由不超过500字")])
