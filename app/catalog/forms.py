"""Forms of the catalog pages (Chinese messages)."""
from ..core.forms import ChineseForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (BooleanField, HiddenField, IntegerField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..accounts.roles import OfficeKind
from .columns import CellError, parse_centres, parse_materials
from .models import (PROCEDURE_ARTICLES, STANDARD_ELEMENTS, Exclusion, GeneralScope,
                     HandlingMode, ItemCategory, ItemLevel)
from .services import office_choices


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _required(label):
    return DataRequired(f"请填写{label}")


class ItemForm(ChineseForm):
    version = HiddenField()
    code = StringField("事项编码", validators=[_required("事项编码"), Length(max=40)])
    main_name = StringField("主项名称", validators=[_required("主项名称"), Length(max=200)])
    sub_name = StringField("子项名称", validators=[Length(max=200)])
    type_name = StringField("业务办理项名称", validators=[Length(max=200)])
    theme = StringField("主题", validators=[Length(max=40)])
    department_id = SelectField("实施部门", coerce=int)
    office_id = SelectField("审批处室（办理部门）", coerce=int)
    supervision_office_id = SelectField("监管处室", coerce=int)
    level = SelectField("事项层级", choices=ItemLevel.choices())
    category = SelectField("事项类别", choices=ItemCategory.choices())
    modes = CheckboxesField("办理方式", choices=HandlingMode.choices())
    setting_basis = TextAreaField("设定依据")
    other_basis = TextAreaField("其他依据")
    conditions = TextAreaField("申请条件")
    statutory_limit_days = IntegerField("法定办结时限（工作日）", validators=[
        InputRequired("请填写法定办结时限"), NumberRange(0, 3650, "须为 0–3650 的整数")])
    committed_limit_days = IntegerField("承诺办结时限（工作日）", validators=[
        InputRequired("请填写承诺办结时限"), NumberRange(0, 3650, "须为 0–3650 的整数")])
    special_procedures = TextAreaField("不计入时限的特别程序")
    fees = StringField("收费标准", validators=[Length(max=500)])
    fee_basis = TextAreaField("收费依据")
    complaint_phone = StringField("投诉电话", validators=[Length(max=60)])
    consultation_phone = StringField("咨询电话", validators=[Length(max=60)])
    window_location = StringField("办理窗口", validators=[Length(max=200)])
    express_delivery = BooleanField("支持快递送达")
    joint_handling = BooleanField("联办事项")
    joint_departments = StringField("联办部门", validators=[Length(max=500)])
    faq = TextAreaField("常见问题")
    general_scope = SelectField("通办范围", choices=GeneralScope.choices())
    exclusions = CheckboxesField("排除情形", choices=Exclusion.choices())
    commitment_eligible = BooleanField("适用承诺审批")
    commitment_letter_template = TextAreaField("承诺书模板")
    bookable = BooleanField("支持网上预约")
    centres = StringField("预约中心及每日限额", validators=[Length(max=500)])
    time_slots = StringField("预约时段", validators=[Length(max=300)])
    materials = TextAreaField("申请材料", render_kw={"rows": 6})

    SIMPLE = ("code", "main_name", "sub_name", "type_name", "theme", "department_id", "office_id",
              "setting_basis", "other_basis", "conditions", "statutory_limit_days",
              "committed_limit_days", "special_procedures", "fees", "fee_basis", "complaint_phone",
              "consultation_phone", "window_location", "express_delivery", "joint_handling",
              "joint_departments", "faq", "commitment_eligible", "commitment_letter_template",
              "bookable", "time_slots")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = office_choices(OfficeKind.DEPARTMENT)
        self.department_id.choices = [(o.id, o.name) for o in departments]
        self.office_id.choices = [(o.id, o.name) for o in office_choices(OfficeKind.APPROVAL)]
        self.supervision_office_id.choices = [(0, "（无）")] + [
            (o.id, o.name) for o in office_choices(OfficeKind.SUPERVISION)]

    def values(self) -> dict:
        """Service values; compound fields parsed with the Excel layout's rules."""
        data = {name: (self[name].data or "") if isinstance(self[name], StringField)
                else self[name].data for name in self.SIMPLE}
        data["supervision_office_id"] = self.supervision_office_id.data or None
        data["level"] = ItemLevel(self.level.data)
        data["category"] = ItemCategory(self.category.data)
        data["general_scope"] = GeneralScope(self.general_scope.data)
        data["modes"] = self.modes.data
        data["exclusions"] = self.exclusions.data
        data["code"] = data["code"].strip()
        for name, parser in (("centres", parse_centres), ("materials", parse_materials)):
            try:
                data[name] = parser(self[name].data or "")
            except CellError as err:
                self[name].errors.append(str(err))
        return data


class DraftForm(ChineseForm):
    year = IntegerField("目录年度", validators=[InputRequired("请填写年度"),
                                            NumberRange(2000, 2100, "年度不正确")])
    note = StringField("说明", validators=[Optional(), Length(max=500)])


class ImportForm(ChineseForm):
    file = FileField("Excel 文件（.xlsx）", validators=[
        FileRequired("请选择文件"), FileAllowed(["xlsx"], "只接受 .xlsx 文件")])


class StandardForm(ChineseForm):
    version = HiddenField()
    change_note = StringField("修订说明", validators=[_required("修订说明"), Length(max=500)])


for _key, _label in STANDARD_ELEMENTS:
    setattr(StandardForm, f"el_{_key}", TextAreaField(_label, render_kw={"rows": 2}))
for _n, (_title, _hint) in enumerate(PROCEDURE_ARTICLES, start=1):
    setattr(StandardForm, f"art_{_n}", TextAreaField(f"第{_n}条（{_title}）",
                                                      render_kw={"rows": 2, "placeholder": _hint}))


class MaterialFileForm(ChineseForm):
    kind = SelectField("类别", choices=[("template", "空白表格"), ("sample", "示例样表")])
    file = FileField("文件", validators=[FileRequired("请选择文件")])
