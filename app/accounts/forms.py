from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired


class LoginForm(FlaskForm):
    username = StringField("账号", validators=[DataRequired("请输入账号")])
    password = PasswordField("密码", validators=[DataRequired("请输入密码")])
