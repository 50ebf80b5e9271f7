"""The one column layout of a catalog item, shared by the Excel import/export and the edit
form's compound fields (materials, centres). Cells are parsed into service values; a bad cell
raises CellError with a Chinese message."""
from dataclasses import dataclass

from ..accounts.models import office_by_code
from ..accounts.roles import OfficeKind
from .models import (Exclusion, GeneralScope, HandlingMode, ItemCategory, ItemLevel,
                     MaterialAttribute, MaterialLevel, MaterialSource)

YES, NO = "是", "否"


class CellError(ValueError):
    pass


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: str          # text, int, bool, enum, office, modes, exclusions, materials, centres
    required: bool = False
    enum: type | None = None
    help: str = ""
    office_kind: OfficeKind | None = None


COLUMNS = (
    Column("事项编码", "code", "text", True, help="同一事项同一编码；导入时按编码新增或更新"),
    Column("主项名称", "main_name", "text", True),
    Column("子项名称", "sub_name", "text"),
    Column("业务办理项名称", "type_name", "text"),
    Column("主题", "theme", "text", help="如 市场准入、交通出行、医疗卫生、工程建设"),
    Column("实施部门编码", "department", "office", True, help="机构编码，如 SCJG",
           office_kind=OfficeKind.DEPARTMENT),
    Column("审批处室编码", "office", "office", True, help="如 SCJG-SP", office_kind=OfficeKind.APPROVAL),
    Column("监管处室编码", "supervision_office", "office", help="如 SCJG-JG",
           office_kind=OfficeKind.SUPERVISION),
    Column("事项层级", "level", "enum", True, ItemLevel, "国家级/省级/市级/区级/乡级/村级"),
    Column("事项类别", "category", "enum", True, ItemCategory, "普通/特许/认可/核准/登记/其他"),
    Column("办理方式", "modes", "modes", help="马上办、网上办、就近办、一次办，用顿号分隔"),
    Column("设定依据", "setting_basis", "text"),
    Column("其他依据", "other_basis", "text"),
    Column("申请条件", "conditions", "text"),
    Column("法定办结时限（工作日）", "statutory_limit_days", "int", True),
    Column("承诺办结时限（工作日）", "committed_limit_days", "int", True),
    Column("不计入时限的特别程序", "special_procedures", "text",
           help="听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审等"),
    Column("收费标准", "fees", "text"),
    Column("收费依据", "fee_basis", "text"),
    Column("投诉电话", "complaint_phone", "text"),
    Column("咨询电话", "consultation_phone", "text"),
    Column("办理窗口", "window_location", "text"),
    Column("支持快递", "express_delivery", "bool", help="是/否"),
    Column("联办", "joint_handling", "bool", help="是/否"),
    Column("联办部门", "joint_departments", "text"),
    Column("常见问题", "faq", "text"),
    Column("通办范围", "general_scope", "enum", False, GeneralScope, "无/全国/跨省/跨市/跨县"),
    Column("适用承诺审批", "commitment_eligible", "bool", help="是/否；有排除情形的不得为“是”"),
    Column("排除情形", "exclusions", "exclusions",
           help="涉及国家安全、涉及公共安全……、行政许可决定不可撤销，用顿号分隔"),
    Column("支持预约", "bookable", "bool", help="是/否"),
    Column("预约中心及每日限额", "centres", "centres", help="中心编码:限额，用逗号分隔，如 SZX:40,HPQ-ZX:20"),
    Column("预约时段", "time_slots", "text", help="如 09:00-10:00,10:00-11:00"),
    Column("申请材料", "materials", "materials",
           help="每行一项：名称｜主审/非主审｜共性/个性｜来源｜准备要点"),
)
HEADERS = tuple(c.header for c in COLUMNS)


def parse(column: Column, raw) -> object:
    text = "" if raw is None else str(raw).strip()
    if column.required and not text:
        raise CellError("必填")
    kind = column.kind
    if kind == "text":
        return text
    if kind == "int":
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if not str(raw).strip().isdigit():
            raise CellError("须为非负整数")
        return int(str(raw).strip())
    if kind == "bool":
        if text in ("", NO):
            return False
        if text == YES:
            return True
        raise CellError("须填“是”或“否”")
    if kind == "enum":
        if not text and not column.required:
            return list(column.enum)[0]
        member = column.enum.from_label(text)
        if member is None:
            raise CellError("须为以下之一：" + "/".join(m.label for m in column.enum))
        return member
    if kind == "office":
        if not text:
            return None
        office = office_by_code(text)
        if office is None:
            raise CellError(f"机构编码“{text}”不存在")
        if column.office_kind is not None and office.kind != column.office_kind:
            raise CellError(f"“{office.name}”不是{column.office_kind.label}")
        return office
    if kind == "modes":
        return _labels_in(HandlingMode, text)
    if kind == "exclusions":
        return _labels_in(Exclusion, text)
    if kind == "centres":
        return parse_centres(text)
    if kind == "materials":
        return parse_materials(text)
    raise AssertionError(kind)


SEPARATORS = "、，,；; \n"


def _labels_in(enum_cls, text: str) -> list:
    """The options named in a cell, separated by 、 or commas. A label may itself hold a 、
    (直接关系人身健康、生命财产), so known labels are matched whole, longest first."""
    labels = sorted((m.label for m in enum_cls), key=len, reverse=True)
    members, rest = [], text.strip(SEPARATORS)
    while rest:
        label = next((lb for lb in labels if rest.startswith(lb) and
                      (len(rest) == len(lb) or rest[len(lb)] in SEPARATORS)), None)
        if label is None:
            label = next((rest[:i] for i, ch in enumerate(rest) if ch in SEPARATORS), rest)
        members.append(_label(enum_cls, label.strip()))
        rest = rest[len(label):].lstrip(SEPARATORS)
    return members


def _label(enum_cls, text: str):
    member = enum_cls.from_label(text)
    if member is None:
        raise CellError(f"“{text}”不是有效值（可选：" + "、".join(m.label for m in enum_cls) + "）")
    return member


MAX_DAILY_QUOTA = 10_000


def parse_centres(text: str) -> list[tuple[int, int]]:
    centres = []
    for part in text.replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        code, _, quota = part.replace("：", ":").partition(":")
        office = office_by_code(code.strip())
        if office is None or office.kind != OfficeKind.SERVICE_CENTRE:
            raise CellError(f"“{code.strip()}”不是政务服务中心的机构编码")
        quota = quota.strip()
        if not (quota.isascii() and quota.isdigit()) or not 1 <= int(quota) <= MAX_DAILY_QUOTA:
            raise CellError(f"“{part}”的每日限额须为 1 至 {MAX_DAILY_QUOTA} 的整数")
        if any(office.id == listed for listed, _ in centres):
            # One row per (item, centre): a centre listed twice would break uq_item_centre_item_id.
            raise CellError(f"预约中心“{code.strip()}”填写了两次")
        centres.append((office.id, int(quota)))
    return centres


def parse_materials(text: str) -> list[dict]:
    materials = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("|", "｜").split("｜")]
        parts += [""] * (5 - len(parts))
        name, level, attribute, source, points = parts[:5]
        if not name:
            raise CellError(f"第{n}行材料缺少名称")
        try:
            materials.append({
                "name": name,
                "level": _label(MaterialLevel, level or "主审"),
                "attribute": _label(MaterialAttribute, attribute or "个性"),
                "source": _label(MaterialSource, source or "申请人自备"),
                "preparation_points": points,
            })
        except CellError as err:
            raise CellError(f"第{n}行材料：{err}") from None
    return materials


def format_materials(item) -> str:
    return "\n".join("｜".join((m.name, m.level.label, m.attribute.label, m.source.label,
                               m.preparation_points)) for m in item.materials)


def format_centres(item) -> str:
    return ",".join(f"{c.centre.code}:{c.daily_quota}" for c in item.centres)


def format_cell(column: Column, item) -> object:
    kind = column.kind
    if kind == "materials":
        return format_materials(item)
    if kind == "centres":
        return format_centres(item)
    if kind == "modes":
        return "、".join(m.label for m in item.modes)
    if kind == "exclusions":
        return "、".join(e.label for e in item.exclusion_list)
    value = getattr(item, column.key)
    if kind == "bool":
        return YES if value else NO
    if kind == "enum":
        return value.label
    if kind == "office":
        return value.code if value is not None else ""
    return value


# Chinese names of the audited item fields (change history).
FIELD_LABELS = {c.key: c.header.removesuffix("编码") for c in COLUMNS} | {
    "department_id": "实施部门", "office_id": "审批处室", "supervision_office_id": "监管处室",
    "handling_modes": "办理方式", "nearby_enabled": "就近办", "commitment_letter_template": "承诺书模板",
}
