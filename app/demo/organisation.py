"""The demo organisation: realistic Tianjin offices. Codes are stable so that every module's
demo loader can find the offices it needs (e.g. office_by_code("SCJG-SP"))."""
from ..accounts.roles import OfficeKind as K
from ..accounts.roles import OfficeLevel as L

# (code, name, kind, level, parent code)
OFFICES = [
    ("ZWB", "天津市政务服务办公室", K.SERVICE_OFFICE, L.CITY, None),
    ("SZX", "天津市政务服务中心", K.SERVICE_CENTRE, L.CITY, "ZWB"),
    ("RXZX", "天津市便民专线服务中心", K.HOTLINE_CENTRE, L.CITY, "ZWB"),
    ("SCJG", "天津市市场监督管理委员会", K.DEPARTMENT, L.CITY, None),
    ("SCJG-SP", "市市场监管委行政审批处", K.APPROVAL, L.CITY, "SCJG"),
    ("SCJG-JG", "市市场监管委食品经营监管处", K.SUPERVISION, L.CITY, "SCJG"),
    ("SCJG-YP", "市市场监管委药品流通监管处", K.SUPERVISION, L.CITY, "SCJG"),
    ("JTW", "天津市交通运输委员会", K.DEPARTMENT, L.CITY, None),
    ("JTW-SP", "市交通运输委行政许可处", K.APPROVAL, L.CITY, "JTW"),
    ("JTW-JG", "市交通运输委道路运输管理处", K.SUPERVISION, L.CITY, "JTW"),
    ("WJW", "天津市卫生健康委员会", K.DEPARTMENT, L.CITY, None),
    ("WJW-SP", "市卫生健康委行政审批处", K.APPROVAL, L.CITY, "WJW"),
    ("WJW-JG", "市卫生健康委公共卫生监督处", K.SUPERVISION, L.CITY, "WJW"),
    ("ZJW", "天津市住房和城乡建设委员会", K.DEPARTMENT, L.CITY, None),
    ("ZJW-SP", "市住房城乡建设委行政审批处", K.APPROVAL, L.CITY, "ZJW"),
    ("ZJW-JG", "市住房城乡建设委建筑市场监管处", K.SUPERVISION, L.CITY, "ZJW"),
    ("HPQ", "和平区人民政府", K.DEPARTMENT, L.DISTRICT, None),
    ("HPQ-ZWB", "和平区政务服务办公室", K.SERVICE_OFFICE, L.DISTRICT, "HPQ"),
    ("HPQ-ZX", "和平区政务服务中心", K.SERVICE_CENTRE, L.DISTRICT, "HPQ"),
    ("HPQ-NSJD", "和平区南市街道便民服务中心", K.SERVICE_CENTRE, L.STREET, "HPQ"),
    ("HPQ-SCJG", "和平区市场监督管理局", K.HANDLING_UNIT, L.DISTRICT, "HPQ"),
    ("HXQ", "河西区人民政府", K.DEPARTMENT, L.DISTRICT, None),
    ("HXQ-ZX", "河西区政务服务中心", K.SERVICE_CENTRE, L.DISTRICT, "HXQ"),
    ("DW-GDJT", "天津轨道交通集团有限公司", K.HANDLING_UNIT, L.CITY, None),
    ("DW-SW", "天津水务集团有限公司", K.HANDLING_UNIT, L.CITY, None),
]
