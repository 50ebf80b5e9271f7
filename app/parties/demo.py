"""Demo parties for `flask demo load`: a few Tianjin businesses and residents with valid,
made-up identifiers (check characters computed, not real people or companies)."""
from ..core.identity import resident_id_check_char, uscc_check_char
from .services import find_or_create_party

ORGS = [
    ("9112010100000001", "天津市和平区津味餐饮有限公司", "刘建国", "13902201001", "和平区南京路101号"),
    ("9112010300000002", "天津河西康顺大药房有限公司", "陈秀兰", "13902201002", "河西区友谊路22号"),
    ("9112011600000003", "天津滨海新区远航物流有限公司", "王海峰", "022-25551234", "滨海新区塘沽新港路8号"),
    ("9212010200000004", "河东区李记便民超市", "李志强", "13902201004", "河东区十一经路56号"),
]
PERSONS = [
    ("120101198503120", "张伟", "13812340001", "和平区贵州路3号"),
    ("120103199207085", "王芳", "13812340002", "河西区围堤道18号"),
    ("120104197811236", "李娜", "13812340003", "南开区红旗路200号"),
]


def load() -> None:
    for stem, name, representative, phone, address in ORGS:
        first17 = stem + "X"
        find_or_create_party(kind="org", name=name, identifier=first17 + uscc_check_char(first17),
                             legal_representative=representative, phone=phone, address=address)
    for stem, name, phone, address in PERSONS:
        first17 = stem + "1" * (17 - len(stem))
        find_or_create_party(kind="person", name=name, identifier=first17 + resident_id_check_char(first17),
                             phone=phone, address=address)
