"""Demo catalog: a published 2026 catalog of realistic Tianjin items (office codes from
app/demo/organisation.py)."""
from sqlalchemy import select

from ..accounts.models import office_by_code
from ..core import clock
from ..extensions import db
from .models import (PROCEDURE_ARTICLES, CatalogVersion, ItemCentre, ItemMaterial,
                     MaterialAttribute, MaterialLevel, MaterialSource, ServiceItem,
                     StandardRevision, StandardStatus, SupervisionStandard, VersionStatus)

C, I = MaterialAttribute.COMMON, MaterialAttribute.INDIVIDUAL
M, N = MaterialLevel.MAIN, MaterialLevel.NON_MAIN
A, AU, IM = MaterialSource.APPLICANT, MaterialSource.AUTHORITY, MaterialSource.INTERMEDIARY
LICENCE = ("营业执照或其他主体资格证明（可共享免提交）", M, C, AU, "通过信息共享获取，申请人无需提交")
ID_CARD = ("法定代表人（负责人）身份证明", N, C, A, "核验原件，留存复印件1份")
SLOTS = "09:00-10:00,10:00-11:00,11:00-12:00,13:30-14:30,14:30-15:30,15:30-16:30"

# code, (main, sub, type), theme, (department, approval office, supervision office),
# statutory/committed wd, modes, flags {commitment, bookable, exclusions}, basis, materials
ITEMS = [
    ("120000-SCJG-XK-001", ("食品经营许可", "新办", "食品销售经营者"), "市场准入",
     ("SCJG", "SCJG-SP", "SCJG-JG"), (20, 5), "online,nearby,once",
     {"commitment": True, "bookable": True},
     "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》",
     [("食品经营许可申请书", M, I, A, "法定代表人签字并加盖公章"), LICENCE, ID_CARD,
      ("与食品经营相适应的主要设备设施布局、操作流程等文件", M, I, A, "标明功能区布局"),
      ("食品安全管理制度目录", N, I, A, "可使用示范文本")]),
    ("120000-SCJG-XK-002", ("食品经营许可", "变更", ""), "市场准入",
     ("SCJG", "SCJG-SP", "SCJG-JG"), (10, 3), "online,nearby,immediate",
     {"commitment": True, "bookable": True},
     "《食品经营许可和备案管理办法》第二十七条",
     [("食品经营许可变更申请书", M, I, A, "写明变更事项"), ("食品经营许可证正副本原件", M, I, A, "")]),
    ("120000-SCJG-XK-003", ("食品生产许可", "新办", ""), "市场准入",
     ("SCJG", "SCJG-SP", "SCJG-JG"), (20, 10), "online,once",
     {"exclusions": "life_health,public_safety"},
     "《中华人民共和国食品安全法》第三十五条；《食品生产许可管理办法》",
     [("食品生产许可申请书", M, I, A, ""), LICENCE,
      ("食品生产加工场所及其周围环境平面图", M, I, A, "标注周围污染源"),
      ("食品生产工艺流程图和设备布局图", M, I, A, "")]),
    ("120000-SCJG-XK-004", ("药品零售企业许可", "药品经营许可证核发（零售）", ""), "医疗卫生",
     ("SCJG", "SCJG-SP", "SCJG-YP"), (30, 15), "online",
     {"exclusions": "life_health"},
     "《中华人民共和国药品管理法》第五十二条；《药品经营和使用质量监督管理办法》",
     [("药品经营许可证申请表", M, I, A, ""), LICENCE,
      ("执业药师注册证及身份证明", M, I, A, "核验原件"),
      ("经营场所、仓库平面布置图及产权或使用权证明", M, I, A, "")]),
    ("120000-SCJG-XK-005", ("第二类医疗器械经营备案", "", ""), "医疗卫生",
     ("SCJG", "SCJG-SP", "SCJG-YP"), (5, 1), "online,nearby,immediate",
     {"bookable": True},
     "《医疗器械监督管理条例》第四十一条",
     [("第二类医疗器械经营备案表", M, I, A, ""), LICENCE, ID_CARD]),
    ("120000-SCJG-XK-006", ("特种设备使用登记", "", ""), "市场准入",
     ("SCJG", "SCJG-SP", "SCJG-JG"), (15, 5), "online,once",
     {"exclusions": "production_safety,public_safety"},
     "《中华人民共和国特种设备安全法》第三十三条",
     [("特种设备使用登记表", M, I, A, "一式两份"), ("产品合格证及监督检验证明", M, I, IM, "")]),
    ("120000-SCJG-XK-007", ("食品小作坊登记", "", ""), "市场准入",
     ("SCJG", "SCJG-SP", "SCJG-JG"), (15, 5), "online,nearby",
     {"commitment": True},
     "《天津市食品生产加工小作坊和食品摊贩管理条例》",
     [("食品小作坊登记申请表", M, I, A, ""), ID_CARD, ("从业人员健康证明", N, I, MaterialSource.THIRD_PARTY, "")]),
    ("120000-JTW-XK-001", ("道路货物运输经营许可", "普通货运", ""), "交通出行",
     ("JTW", "JTW-SP", "JTW-JG"), (20, 5), "online,nearby,once",
     {"commitment": True, "bookable": True},
     "《中华人民共和国道路运输条例》第二十四条；《道路货物运输及站场管理规定》",
     [("道路货物运输经营申请表", M, I, A, ""), LICENCE, ID_CARD,
      ("拟投入车辆承诺书", M, I, A, "写明车辆数量、类型及技术要求"),
      ("安全生产管理制度文本", N, I, A, "")]),
    ("120000-JTW-XK-002", ("道路旅客运输经营许可", "", ""), "交通出行",
     ("JTW", "JTW-SP", "JTW-JG"), (20, 15), "online",
     {"exclusions": "public_safety,life_health"},
     "《中华人民共和国道路运输条例》第十条",
     [("道路旅客运输经营申请表", M, I, A, ""), LICENCE, ("客运驾驶员从业资格证", M, I, AU, "")]),
    ("120000-JTW-XK-003", ("机动车维修经营备案", "", ""), "交通出行",
     ("JTW", "JTW-SP", "JTW-JG"), (5, 1), "online,nearby,immediate",
     {"bookable": True},
     "《中华人民共和国道路运输条例》第四十条；《机动车维修管理规定》",
     [("机动车维修经营备案表", M, I, A, ""), LICENCE,
      ("维修设备设施清单", N, I, A, "")]),
    ("120000-JTW-XK-004", ("道路运输从业人员从业资格证", "换发", ""), "交通出行",
     ("JTW", "JTW-SP", "JTW-JG"), (10, 1), "online,nearby,immediate",
     {"commitment": True},
     "《道路运输从业人员管理规定》第四十条",
     [("从业资格证换发申请表", M, I, A, ""), ID_CARD]),
    ("120000-WJW-XK-001", ("公共场所卫生许可", "新办", "住宿场所"), "医疗卫生",
     ("WJW", "WJW-SP", "WJW-JG"), (20, 5), "online,nearby,once",
     {"commitment": True, "bookable": True},
     "《公共场所卫生管理条例》第八条；《公共场所卫生管理条例实施细则》",
     [("公共场所卫生许可申请表", M, I, A, ""), LICENCE, ID_CARD,
      ("公共场所地址方位示意图、平面图和卫生设施平面布局图", M, I, A, ""),
      ("卫生检测报告", N, I, MaterialSource.THIRD_PARTY, "可承诺后补")]),
    ("120000-WJW-XK-002", ("医疗机构执业登记", "", ""), "医疗卫生",
     ("WJW", "WJW-SP", "WJW-JG"), (45, 30), "online",
     {"exclusions": "life_health"},
     "《医疗机构管理条例》第十四条",
     [("医疗机构执业登记申请书", M, I, A, ""), ("医疗机构用房产权证明或使用证明", M, I, A, ""),
      ("医疗机构建筑设计平面图", M, I, A, "")]),
    ("120000-WJW-XK-003", ("放射诊疗许可", "", ""), "医疗卫生",
     ("WJW", "WJW-SP", "WJW-JG"), (20, 15), "online",
     {"exclusions": "life_health,public_safety"},
     "《放射诊疗管理规定》第十一条",
     [("放射诊疗许可申请表", M, I, A, ""), ("放射诊疗设备清单", M, I, A, ""),
      ("放射防护检测报告", M, I, IM, "")]),
    ("120000-ZJW-XK-001", ("建筑工程施工许可", "", ""), "工程建设",
     ("ZJW", "ZJW-SP", "ZJW-JG"), (7, 3), "online,once",
     {"exclusions": "public_safety,production_safety"},
     "《中华人民共和国建筑法》第七条；《建筑工程施工许可管理办法》",
     [("建筑工程施工许可申请表", M, I, A, ""), ("建设工程规划许可证", M, I, AU, "共享获取"),
      ("施工合同及中标通知书", M, I, A, ""), ("质量安全监督手续", N, I, AU, "")]),
    ("120000-ZJW-XK-002", ("建筑业企业资质", "施工总承包三级", "首次申请"), "工程建设",
     ("ZJW", "ZJW-SP", "ZJW-JG"), (20, 10), "online,nearby",
     {"commitment": True, "bookable": True},
     "《中华人民共和国建筑法》第十三条；《建筑业企业资质管理规定》",
     [("建筑业企业资质申请表", M, I, A, ""), LICENCE,
      ("企业主要人员证明材料", M, I, A, "注册人员社保证明可共享"),
      ("技术装备证明材料", N, I, A, "")]),
    ("120000-ZJW-XK-003", ("房地产开发企业资质", "核定", ""), "工程建设",
     ("ZJW", "ZJW-SP", "ZJW-JG"), (20, 10), "online,nearby",
     {"commitment": True},
     "《城市房地产开发经营管理条例》第九条",
     [("房地产开发企业资质申请表", M, I, A, ""), LICENCE,
      ("专业技术人员资格证书及劳动合同", M, I, A, "")]),
    ("120000-ZJW-XK-004", ("商品房预售许可", "", ""), "工程建设",
     ("ZJW", "ZJW-SP", "ZJW-JG"), (10, 5), "online",
     {"exclusions": "public_interest,financial"},
     "《中华人民共和国城市房地产管理法》第四十五条",
     [("商品房预售许可申请表", M, I, A, ""), ("土地使用权证明", M, I, AU, ""),
      ("工程施工进度证明", M, I, A, "")]),
]

BOOKING_CENTRES = (("SZX", 40), ("HPQ-ZX", 20), ("HXQ-ZX", 20))
THEME_PHONES = {"SCJG": "022-12315", "JTW": "022-12328", "WJW": "022-12320", "ZJW": "022-23142000"}
WINDOWS = {"SCJG": "市场监管综合窗口", "JTW": "交通运输窗口", "WJW": "卫生健康窗口", "ZJW": "工程建设窗口"}


def load_demo() -> None:
    if db.session.scalar(select(CatalogVersion.id).limit(1)) is not None:
        return
    now = clock.now()
    centres = [(office_by_code(c), q) for c, q in BOOKING_CENTRES]
    version = CatalogVersion(year=now.year, revision=1, status=VersionStatus.PUBLISHED,
                             published_at=now, note="演示目录")
    db.session.add(version)
    for code, names, theme, offices, limits, modes, flags, basis, materials in ITEMS:
        dept, office, supervision = (office_by_code(c) for c in offices)
        item = ServiceItem(
            catalog_version=version, code=code, main_name=names[0], sub_name=names[1],
            type_name=names[2], theme=theme, department=dept, office=office,
            supervision_office=supervision, statutory_limit_days=limits[0],
            committed_limit_days=limits[1], handling_modes=modes,
            nearby_enabled="nearby" in modes, setting_basis=basis,
            conditions="申请人具备法律法规规定的主体资格和条件。",
            special_procedures="现场核查、检验检测、专家评审时间不计入办理时限。",
            fees="不收费", complaint_phone=THEME_PHONES[offices[0]] + "（投诉）",
            consultation_phone=THEME_PHONES[offices[0]],
            window_location="天津市政务服务中心（河西区隆昌路94号）" + WINDOWS[offices[0]],
            express_delivery=True, commitment_eligible=flags.get("commitment", False),
            exclusions=flags.get("exclusions", ""), bookable=flags.get("bookable", False),
            time_slots=SLOTS if flags.get("bookable") else "",
            faq="问：能否网上申请？答：可通过天津网上办事大厅在线申请。",
            commitment_letter_template=(
                "本人（单位）承诺所提交材料真实有效，并于约定期限内补齐容缺材料；"
                "如未兑现承诺，同意撤销办理结果并列入政务服务诚信档案。")
            if flags.get("commitment") else "",
        )
        item.materials = [ItemMaterial(position=i, name=m[0], level=m[1], attribute=m[2],
                                       source=m[3], preparation_points=m[4])
                          for i, m in enumerate(materials)]
        if item.bookable:
            item.centres = [ItemCentre(centre=c, daily_quota=q) for c, q in centres]
        db.session.add(item)
    db.session.flush()
    load_standards(version, now)
    db.session.flush()


# LNK-1: published supervision standards of two demo items (item code -> elements).
STANDARDS = {
    "120000-SCJG-XK-001": {
        "basis": "《中华人民共和国食品安全法》《食品经营许可和备案管理办法》《天津市食品安全条例》",
        "subject": "市市场监管委食品经营监管处及各区市场监管局",
        "duties": "对取得食品经营许可的经营者开展日常监督检查，核查承诺事项",
        "points": "经营场所、贮存场所、从业人员健康管理、进货查验记录",
        "content": "许可条件保持情况、承诺内容真实性、食品安全管理制度落实情况",
        "method": "“双随机、一公开”抽查、现场检查、信用风险分类监管",
        "frequency": "承诺审批后50个工作日内完成核查；日常检查每年不少于1次",
        "pass_criteria": "经营条件与许可一致，进货查验记录完整，从业人员持有效健康证明",
        "violations": "擅自改变经营条件、未履行进货查验义务、承诺内容不实",
        "penalties": "责令限期整改；逾期不改的依法撤销许可并记入政务服务诚信档案",
        "scope": "天津市行政区域内的食品销售经营者",
    },
    "120000-JTW-XK-001": {
        "basis": "《中华人民共和国道路运输条例》《道路货物运输及站场管理规定》",
        "subject": "市交通运输委道路运输管理处及各区交通运输主管部门",
        "duties": "对普通货运经营者的车辆、人员、安全生产管理开展监督检查",
        "points": "经营场所、停车场地、营运车辆、驾驶员从业资格",
        "content": "车辆技术状况、从业资格、安全生产管理制度、承诺车辆投入情况",
        "method": "现场检查、动态监控数据核查、“双随机、一公开”抽查",
        "frequency": "承诺审批后50个工作日内完成核查；每年随机抽查比例不低于5%",
        "pass_criteria": "投入车辆与承诺一致且技术等级达标，驾驶员持有效从业资格证",
        "violations": "未按承诺投入车辆、使用无从业资格驾驶员、车辆技术不合格",
        "penalties": "责令限期整改；情节严重的依法撤销许可并记入政务服务诚信档案",
        "scope": "天津市行政区域内的道路普通货物运输经营者",
    },
}


def load_standards(version: CatalogVersion, now) -> None:
    for code, elements in STANDARDS.items():
        item = next(i for i in version.items if i.code == code)
        standard = SupervisionStandard(item_code=code, supervision_office_id=item.supervision_office.id)
        articles = [f"{hint}：{item.main_name}按本规程执行。" for _, hint in PROCEDURE_ARTICLES]
        standard.revisions = [StandardRevision(number=1, status=StandardStatus.PUBLISHED,
                                               elements=elements, articles=articles,
                                               change_note="首次编制", edited_at=now,
                                               published_at=now)]
        db.session.add(standard)
