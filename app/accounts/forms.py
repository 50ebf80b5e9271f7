from ..core.forms import ChineseForm
from wtforms import HiddenField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from .roles import OfficeKind, OfficeLevel, Role


class LoginForm(ChineseForm):
    username = StringField("账号", validators=[DataRequired("请输入账号")])
    password = PasswordField("密码", validators=[DataRequired("请输入密码")])


class ChangePasswordForm(ChineseForm):
    current_password = PasswordField("原密码", validators=[DataRequired("请输入原密码")])
    new_password = PasswordField("新密码", validators=[DataRequired("请输入新密码")])
    confirm_password = PasswordField("确认新密码", validators=[DataRequired("请再次输入新密码")])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OfficeForm(ChineseForm):
    code = StringField("机构代码", validators=[DataRequired("请输入机构代码"), Length(max=40, message="不超过40个字符")])
    name = StringField("机构名称", validators=[DataRequired("请输入机构名称"), Length(max=120, message="不超过120个字符")])
    kind = SelectField("机构类型", choices=[(k.value, k.label) for k in OfficeKind])
    level = SelectField("层级", choices=[(lv.value, lv.label) for lv in OfficeLevel])
    parent_id = SelectField("上级机构", coerce=int, choices=[], validate_choice=False)  # checked by the service
    reconsideration_body = StringField(
        "行政复议机关", validators=[Optional(), Length(max=120, message="不超过120个字符")],
        description="写入本机构撤销决定书等文书的复议告知；留空则为本级人民政府（市级部门为天津市人民政府）。")
    version = HiddenField()


class UserForm(ChineseForm):
    username = StringField("账号", validators=[DataRequired("请输入账号")])
    name = StringField("姓名", validators=[DataRequired("请输入姓名"), Length(max=60, message="不超过60个字符")])
    office_id = SelectField("所属机构", coerce=int, choices=[], validate_choice=False)  # checked by the service
    phone = StringField("手机号码", validators=[Optional(), Regexp(r"^1\d{10}$", message="请输入11位手机号码")])
    version = HiddenField()


class VersionForm(ChineseForm):
    """Buttons that act on a row (disable, reset password) carry its version."""
    version = HiddenField()


class CodeForm(ChineseForm):
    """The second factor at sign-in: a 6-digit code or a recovery code."""
    code = StringField("动态验证码", validators=[DataRequired("请输入动态验证码"), Length(max=20, message="不超过20个字符")],
                       description="手机验证器应用中显示的6位数字；无法使用手机时可输入一个恢复码。")


class EnrolForm(ChineseForm):
    code = StringField("动态验证码", validators=[DataRequired("请输入动态验证码"), Length(max=10, message="不超过10个字符")],
                       description="扫描二维码后，输入验证器应用显示的6位数字以完成绑定。")


class ReauthForm(ChineseForm):
    password = PasswordField("密码", validators=[DataRequired("请输入密码")])
    code = StringField("动态验证码", validators=[Optional(), Length(max=20, message="不超过20个字符")])


class RolesForm(ChineseForm):
    roles = MultiCheckboxField("角色", choices=[(r.value, r.label) for r in Role])
    version = HiddenField()
