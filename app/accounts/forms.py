from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired


class LoginForm(FlaskForm):
    username = StringField("账号", validators=[DataRequired("请输入账号")])
    password = PasswordField("密码", validators=[DataRequired("请输入密码")])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("原密码", validators=[DataRequired("请输入原密码")])
    new_password = PasswordField("新密码", validators=[DataRequired("请输入新密码")])
    confirm_password = PasswordField("确认新密码", validators=[DataRequired("请再次输入新密码")])
