"""The API's messages as pydantic models: they validate the input (422 with the field) and
give the OpenAPI document its schemas (spec.py)."""
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

CURSOR_DESCRIPTION = "上次返回的 next_since；不填则从头读取（黑名单只含现行有效记录）"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FeedQuery(BaseModel):
    since: str | None = Field(None, max_length=40, description=CURSOR_DESCRIPTION)
    limit: int = Field(100, ge=1, le=1000, description="每页条数（1–1000）")


class Revocation(BaseModel):
    id: int
    revocation_number: str = Field(description="撤销决定书文号")
    decision_number: str = Field(description="原审批决定文号")
    item_code: str
    item_name: str
    office: str = Field(description="作出决定的机关")
    party_kind: str = Field(description="person 自然人 / org 法人或其他组织")
    party_name: str = Field(description="名称；自然人只显示姓氏")
    party_identifier: str = Field(description="证件号码或统一社会信用代码（已脱敏）")
    ground: str = Field(description="撤销事由")
    revoked_on: date | None
    published_at: str


class RevocationPage(BaseModel):
    items: list[Revocation]
    next_since: str | None = Field(description="下次请求的 since")
    has_more: bool


class BlacklistEntry(BaseModel):
    id: int
    party_kind: str
    party_name: str
    party_identifier: str
    level: str = Field(description="失信 / 严重失信")
    ground: str
    office: str = Field(description="认定机关")
    listed_on: date
    restricted_until: date = Field(description="限制期（1年）最后一天")
    listed: bool = Field(description="false：已删除或已信用修复，门户应撤下")
    state: str
    changed_at: str


class BlacklistPage(BaseModel):
    items: list[BlacklistEntry]
    next_since: str | None
    has_more: bool


class BookingIn(Strict):
    item_code: str = Field(min_length=1, max_length=40, description="事项编码")
    centre_id: int = Field(ge=1, le=2_000_000_000, description="办理地点（政务服务中心）编号")
    day: date = Field(description="预约日期：今天之后的5个工作日内")
    slot: str = Field(min_length=1, max_length=20, description="预约时段，如 09:00-10:00")
    name: str = Field(min_length=1, max_length=60, description="申请人姓名（网上办事大厅已实名认证）")
    id_number: str = Field(min_length=1, max_length=18, description="居民身份证号码")
    phone: str = Field(min_length=1, max_length=20, description="手机号码")


class Booking(BaseModel):
    number: str = Field(description="预约编号")
    state: str
    state_label: str
    item_code: str
    item_name: str
    centre_id: int
    centre_name: str
    day: date
    slot: str
    urgent: bool
    name: str = Field(description="申请人姓名（已脱敏）")
    id_number: str = Field(description="证件号码（已脱敏）")
    phone: str = Field(description="手机号码（已脱敏）")
    cancellable: bool = Field(description="现在能否取消（办理日前一天24时前）")


class Partner(BaseModel):
    key_id: str
    name: str
    scopes: list[str]
    rate_per_minute: int
