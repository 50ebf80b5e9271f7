"""Service item catalog (CAT-1..5) and supervision standards (LNK-1).

The catalog is versioned (CAT-4): every CatalogVersion holds its own copy of the items; only
the one PUBLISHED version is current and other modules look items up through
services.current_item(code). Published versions are frozen."""
import enum
from datetime import datetime

from sqlalchemy import (JSON, Boolean, ForeignKey, Integer, LargeBinary, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Office
from ..core import clock
from ..core.types import UTCDateTime, enum_column
from ..extensions import db
from .permissions import may_edit_item, may_view_item


class _Labelled(str, enum.Enum):
    @property
    def label(self) -> str:
        return self._labels()[self.value]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]

    @classmethod
    def from_label(cls, label: str):
        for m in cls:
            if m.label == label:
                return m
        return None


class VersionStatus(_Labelled):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"

    @staticmethod
    def _labels():
        return {"draft": "草稿（编辑中）", "published": "已发布（现行）", "superseded": "已废止（历史）"}


class ItemLevel(_Labelled):  # CAT-1
    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"
    TOWNSHIP = "township"
    VILLAGE = "village"

    @staticmethod
    def _labels():
        return {"national": "国家级", "province": "省级", "city": "市级", "district": "区级",
                "township": "乡级", "village": "村级"}


class ItemCategory(_Labelled):  # CAT-1
    GENERAL = "general"
    FRANCHISE = "franchise"
    RECOGNITION = "recognition"
    VERIFICATION = "verification"
    REGISTRATION = "registration"
    OTHER = "other"

    @staticmethod
    def _labels():
        return {"general": "普通", "franchise": "特许", "recognition": "认可",
                "verification": "核准", "registration": "登记", "other": "其他"}


class HandlingMode(_Labelled):  # CAT-1
    IMMEDIATE = "immediate"
    ONLINE = "online"
    NEARBY = "nearby"
    ONCE = "once"

    @staticmethod
    def _labels():
        return {"immediate": "马上办", "online": "网上办", "nearby": "就近办", "once": "一次办"}


class GeneralScope(_Labelled):  # CAT-1 通办范围
    NONE = "none"
    NATIONAL = "national"
    CROSS_PROVINCE = "cross_province"
    CROSS_CITY = "cross_city"
    CROSS_COUNTY = "cross_county"

    @staticmethod
    def _labels():
        return {"none": "无", "national": "全国", "cross_province": "跨省",
                "cross_city": "跨市", "cross_county": "跨县"}


class Exclusion(_Labelled):
    """CAT-3 (002 信用承诺办法 第四条): matters that exclude commitment approval."""
    NATIONAL_SECURITY = "national_security"
    PUBLIC_SAFETY = "public_safety"
    ECOLOGICAL = "ecological"
    FINANCIAL = "financial"
    CULTURAL = "cultural"
    PRODUCTION_SAFETY = "production_safety"
    PUBLIC_INTEREST = "public_interest"
    LIFE_HEALTH = "life_health"
    IRREVOCABLE = "irrevocable"

    @staticmethod
    def _labels():
        return {"national_security": "涉及国家安全", "public_safety": "涉及公共安全",
                "ecological": "涉及生态安全", "financial": "涉及金融安全",
                "cultural": "涉及文化安全", "production_safety": "涉及安全生产",
                "public_interest": "涉及公共利益",
                "life_health": "直接关系人身健康、生命财产",
                "irrevocable": "行政许可决定不可撤销"}


class MaterialLevel(_Labelled):  # CAT-2
    MAIN = "main"
    NON_MAIN = "non_main"

    @staticmethod
    def _labels():
        return {"main": "主审", "non_main": "非主审"}


class MaterialAttribute(_Labelled):  # CAT-2
    COMMON = "common"
    INDIVIDUAL = "individual"

    @staticmethod
    def _labels():
        return {"common": "共性", "individual": "个性"}


class MaterialSource(_Labelled):  # CAT-2
    APPLICANT = "applicant"
    AUTHORITY = "authority"
    INTERMEDIARY = "intermediary"
    THIRD_PARTY = "third_party"

    @staticmethod
    def _labels():
        return {"applicant": "申请人自备", "authority": "行政机关", "intermediary": "中介机构",
                "third_party": "第三方机构"}


class CatalogVersion(db.Model):
    """One yearly catalog (目录年度版本制, CAT-4); `revision` counts republications in a year."""
    __tablename__ = "catalog_version"
    __table_args__ = (UniqueConstraint("year", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[VersionStatus] = mapped_column(enum_column(VersionStatus, 20),
                                                  default=VersionStatus.DRAFT, index=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    items: Mapped[list["ServiceItem"]] = relationship(back_populates="catalog_version",
                                                      cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    @property
    def label(self) -> str:
        suffix = f"（第{self.revision}版）" if self.revision > 1 else ""
        return f"{self.year}年版{suffix}"

    @property
    def is_frozen(self) -> bool:
        return self.status != VersionStatus.DRAFT


class ServiceItem(db.Model):
    """政务服务事项 (CAT-1). One row per item per catalog version."""
    __tablename__ = "service_item"
    __table_args__ = (UniqueConstraint("catalog_version_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    catalog_version_id: Mapped[int] = mapped_column(
        ForeignKey("catalog_version.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    main_name: Mapped[str] = mapped_column(String(200))
    sub_name: Mapped[str] = mapped_column(String(200), default="")
    type_name: Mapped[str] = mapped_column(String(200), default="")
    theme: Mapped[str] = mapped_column(String(40), default="", index=True)
    # 实施主体 (the department), 审批处室 (handling office) and 监管处室 (supervision office).
    department_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    supervision_office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    level: Mapped[ItemLevel] = mapped_column(enum_column(ItemLevel, 20), default=ItemLevel.CITY)
    category: Mapped[ItemCategory] = mapped_column(enum_column(ItemCategory, 20),
                                                   default=ItemCategory.GENERAL)
    # Comma-separated HandlingMode values, e.g. "online,nearby".
    handling_modes: Mapped[str] = mapped_column(String(80), default="")
    setting_basis: Mapped[str] = mapped_column(Text, default="")
    other_basis: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    # Working days, excluding hearings, tendering, auctions, inspection, testing, quarantine,
    # appraisal and expert review (listed in special_procedures).
    statutory_limit_days: Mapped[int] = mapped_column(Integer, default=20)
    committed_limit_days: Mapped[int] = mapped_column(Integer, default=10)
    special_procedures: Mapped[str] = mapped_column(Text, default="")
    fees: Mapped[str] = mapped_column(String(500), default="不收费")
    fee_basis: Mapped[str] = mapped_column(Text, default="")
    complaint_phone: Mapped[str] = mapped_column(String(60), default="")
    consultation_phone: Mapped[str] = mapped_column(String(60), default="")
    window_location: Mapped[str] = mapped_column(String(200), default="")
    express_delivery: Mapped[bool] = mapped_column(Boolean, default=False)
    joint_handling: Mapped[bool] = mapped_column(Boolean, default=False)
    joint_departments: Mapped[str] = mapped_column(String(500), default="")
    faq: Mapped[str] = mapped_column(Text, default="")
    general_scope: Mapped[GeneralScope] = mapped_column(enum_column(GeneralScope, 20),
                                                        default=GeneralScope.NONE)
    # Settings other modules rely on.
    commitment_eligible: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    exclusions: Mapped[str] = mapped_column(String(200), default="")  # CAT-3, comma-separated
    commitment_letter_template: Mapped[str] = mapped_column(Text, default="")  # CAT-5
    nearby_enabled: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    bookable: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # "09:00-10:00,10:00-11:00"; the quota per centre is on ItemCentre.
    time_slots: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    catalog_version: Mapped[CatalogVersion] = relationship(back_populates="items")
    department: Mapped[Office] = relationship(foreign_keys=[department_id])
    office: Mapped[Office] = relationship(foreign_keys=[office_id])
    supervision_office: Mapped[Office | None] = relationship(foreign_keys=[supervision_office_id])
    materials: Mapped[list["ItemMaterial"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ItemMaterial.position")
    centres: Mapped[list["ItemCentre"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", lazy="selectin")

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return "—".join(p for p in (self.main_name, self.sub_name, self.type_name) if p)

    @property
    def modes(self) -> list[HandlingMode]:
        return [HandlingMode(m) for m in self.handling_modes.split(",") if m]

    @property
    def mode_labels(self) -> str:
        return "、".join(m.label for m in self.modes)

    @property
    def exclusion_list(self) -> list[Exclusion]:
        return [Exclusion(e) for e in self.exclusions.split(",") if e]

    @property
    def slot_list(self) -> list[str]:
        return [s for s in self.time_slots.split(",") if s]

    def daily_quota_at(self, centre_id: int) -> int:
        """Appointments per day at that centre; 0 when not bookable there."""
        if not self.bookable:
            return 0
        return next((c.daily_quota for c in self.centres if c.centre_id == centre_id), 0)

    def can_edit(self, user) -> bool:
        """The service office, or the item's own department (and its offices) — CAT-4."""
        return may_edit_item(user, self)

    def can_view(self, user) -> bool:
        """A draft item: its own department and the service office only (CAT-4)."""
        return may_view_item(user, self)


class ItemMaterial(db.Model):
    """申请材料 (CAT-2)."""
    __tablename__ = "item_material"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("service_item.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[MaterialLevel] = mapped_column(enum_column(MaterialLevel, 20), default=MaterialLevel.MAIN)
    attribute: Mapped[MaterialAttribute] = mapped_column(enum_column(MaterialAttribute, 20),
                                                         default=MaterialAttribute.INDIVIDUAL)
    source: Mapped[MaterialSource] = mapped_column(enum_column(MaterialSource, 20),
                                                   default=MaterialSource.APPLICANT)
    preparation_points: Mapped[str] = mapped_column(Text, default="")
    copies: Mapped[str] = mapped_column(String(60), default="原件1份")
    # Blank template and filled sample (空白表格 / 示例样表).
    template_filename: Mapped[str] = mapped_column(String(200), default="")
    template_data: Mapped[bytes | None] = mapped_column(LargeBinary)
    sample_filename: Mapped[str] = mapped_column(String(200), default="")
    sample_data: Mapped[bytes | None] = mapped_column(LargeBinary)

    item: Mapped[ServiceItem] = relationship(back_populates="materials")


class ItemCentre(db.Model):
    """A centre where the item can be booked, with its daily quota (CAT-1)."""
    __tablename__ = "item_centre"
    __table_args__ = (UniqueConstraint("item_id", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("service_item.id", ondelete="CASCADE"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    daily_quota: Mapped[int] = mapped_column(Integer, default=20)

    item: Mapped[ServiceItem] = relationship(back_populates="centres")
    centre: Mapped[Office] = relationship()


class StandardStatus(_Labelled):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"

    @staticmethod
    def _labels():
        return {"draft": "草稿", "published": "已发布", "superseded": "历史版本"}


# LNK-1: the eleven elements (000 审管联动办法 第七条) ...
STANDARD_ELEMENTS = (
    ("basis", "依据"), ("subject", "主体"), ("duties", "职责"), ("points", "点位"),
    ("content", "内容"), ("method", "方式"), ("frequency", "频率"),
    ("pass_criteria", "合格标准"), ("violations", "违规表现"), ("penalties", "惩戒措施"),
    ("scope", "监管范围"),
)
# ... and the fourteen articles of the 000 操作规程 template.
PROCEDURE_ARTICLES = (
    ("依据", "制定此办法的目的"), ("工作原则", "需要遵循的原则"),
    ("责任主体", "明确履行监管的责任主体、权责层级及需要承担的具体职责"),
    ("适用范围", "使用此规程的地域范围"), ("对应事项", "与本项监管对应的政务服务事项"),
    ("监管内容", "需要明确监管的具体内容"), ("监管点位及标准", "明确具体监管位置及合格标准"),
    ("监管方式", "监管采取的具体方式"),
    ("违法行为查处、违规表现", "归集汇总法律法规规章中对违法违规行为惩处规定"),
    ("监管频率", "定期监管与随机监管频率"), ("监管流程及流程图", "明确监管的具体步骤，并附流程图"),
    ("惩戒措施", "判定为违规的具体惩戒措施"),
    ("举报投诉", "群众发现问题和监管问题的投诉举报途径与解决渠道；并注明投诉电话、地址、邮箱等联系方式"),
    ("对监管的监督", "主管部门对监管进行评议考核"),
)


class SupervisionStandard(db.Model):
    """监管操作规程 of one item code (LNK-1, CAT-5); it outlives catalog versions."""
    __tablename__ = "supervision_standard"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_code: Mapped[str] = mapped_column(String(40), unique=True)
    supervision_office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    supervision_office: Mapped[Office] = relationship()
    revisions: Mapped[list["StandardRevision"]] = relationship(
        back_populates="standard", cascade="all, delete-orphan", order_by="StandardRevision.number")

    __mapper_args__ = {"version_id_col": version}

    @property
    def published(self) -> "StandardRevision | None":
        return next((r for r in self.revisions if r.status == StandardStatus.PUBLISHED), None)

    @property
    def draft(self) -> "StandardRevision | None":
        return next((r for r in self.revisions if r.status == StandardStatus.DRAFT), None)


class StandardRevision(db.Model):
    """One revision of a standard; published revisions are frozen, history kept (LNK-1)."""
    __tablename__ = "standard_revision"
    __table_args__ = (UniqueConstraint("standard_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_standard.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[StandardStatus] = mapped_column(enum_column(StandardStatus, 20),
                                                   default=StandardStatus.DRAFT)
    elements: Mapped[dict] = mapped_column(JSON, default=dict)   # key of STANDARD_ELEMENTS -> text
    articles: Mapped[list] = mapped_column(JSON, default=list)   # 14 texts, PROCEDURE_ARTICLES order
    change_note: Mapped[str] = mapped_column(String(500), default="")
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    standard: Mapped[SupervisionStandard] = relationship(back_populates="revisions")

    __mapper_args__ = {"version_id_col": version}
