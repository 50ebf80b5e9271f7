"""Catalog rules (CAT-1..5). Other modules use only current_item / current_items /
commitment_eligible_items: items of the current published catalog version (CAT-4)."""
import re

from flask import url_for
from sqlalchemy import or_, select

from ..accounts.models import Office
from ..accounts.roles import OfficeKind
from ..core import audit, clock, deadlines
from ..core.audit import AuditEntry
from ..core.errors import ConcurrentEdit, DomainError, PermissionDenied
from ..core.navigation import TodoItem
from ..extensions import db
from .models import (CatalogVersion, Exclusion, HandlingMode, ItemCentre, ItemMaterial,
                     ServiceItem, VersionStatus)
from .permissions import EDITOR_ROLES, is_service_office, may_edit_item, own_department_ids

PUBLICATION_DEADLINE = "catalog.publish"  # CAT-4: changes published within 20 wd (002 第二十二条)
PUBLICATION_WORKDAYS = 20
SLOT = re.compile(r"([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d")


# ---- lookups used by every other module -------------------------------------------------

def current_version() -> CatalogVersion | None:
    return db.session.scalar(
        select(CatalogVersion).where(CatalogVersion.status == VersionStatus.PUBLISHED)
        .order_by(CatalogVersion.published_at.desc()).limit(1))


def current_item(code: str) -> ServiceItem:
    """The item `code` of the current published catalog; DomainError otherwise (CAT-4)."""
    version = current_version()
    if version is None:
        raise DomainError("尚未发布事项目录，不能办理任何事项。", field="item")
    item = db.session.scalar(select(ServiceItem).where(
        ServiceItem.catalog_version_id == version.id, ServiceItem.code == (code or "").strip()))
    if item is None:
        raise DomainError(f"事项编码“{code}”不在现行事项目录（{version.label}）中，不能办理。",
                          field="item")
    return item


def current_items(*, keyword: str = "", department_id: int | None = None,
                  office_id: int | None = None, supervision_office_id: int | None = None,
                  theme: str = "", mode: str = "", commitment_eligible: bool | None = None,
                  nearby_enabled: bool | None = None, bookable: bool | None = None
                  ) -> list[ServiceItem]:
    """Items of the current published catalog, filtered; empty when none is published."""
    version = current_version()
    if version is None:
        return []
    return search_items(version, keyword=keyword, department_id=department_id,
                        office_id=office_id, supervision_office_id=supervision_office_id,
                        theme=theme, mode=mode, commitment_eligible=commitment_eligible,
                        nearby_enabled=nearby_enabled, bookable=bookable)


def commitment_eligible_items(office=None) -> list[ServiceItem]:
    """Current items open to commitment approval (CAT-3), optionally of one approval office."""
    return current_items(commitment_eligible=True,
                         office_id=getattr(office, "id", office) if office is not None else None)


def search_items(version: CatalogVersion, **filters) -> list[ServiceItem]:
    return list(db.session.scalars(item_query(version, **filters).order_by(ServiceItem.code)))


def item_query(version: CatalogVersion, *, keyword: str = "", department_id=None,
               department_ids=None, office_id=None, supervision_office_id=None, theme: str = "",
               mode: str = "", commitment_eligible=None, nearby_enabled=None, bookable=None):
    """The items of `version` matching the filters (a select, not yet ordered)."""
    query = select(ServiceItem).where(ServiceItem.catalog_version_id == version.id)
    keyword = (keyword or "").strip()
    if keyword:
        like = f"%{keyword}%"
        query = query.where(or_(ServiceItem.code.ilike(like), ServiceItem.main_name.ilike(like),
                                ServiceItem.sub_name.ilike(like), ServiceItem.type_name.ilike(like)))
    if department_id:
        query = query.where(ServiceItem.department_id == department_id)
    if department_ids is not None:
        query = query.where(ServiceItem.department_id.in_(department_ids))
    if office_id:
        query = query.where(ServiceItem.office_id == office_id)
    if supervision_office_id:
        query = query.where(ServiceItem.supervision_office_id == supervision_office_id)
    if theme:
        query = query.where(ServiceItem.theme == theme)
    if mode:
        query = query.where(ServiceItem.handling_modes.contains(HandlingMode(mode).value))
    for column, wanted in ((ServiceItem.commitment_eligible, commitment_eligible),
                           (ServiceItem.nearby_enabled, nearby_enabled),
                           (ServiceItem.bookable, bookable)):
        if wanted is not None:
            query = query.where(column.is_(wanted))
    return query


# ---- who sees a draft (CAT-4) -------------------------------------------------------------

def draft_scope(user, version: CatalogVersion) -> set[int] | None:
    """The department ids whose items of `version` the user may see; None for all of them.
    A published version is open to all staff. A draft is seen by the service office whole and
    by a department only for its own items; PermissionDenied for an office with none in it."""
    if version.is_frozen:
        return None
    ids = own_department_ids(user)
    if ids is None:
        return None
    owns = db.session.scalar(select(ServiceItem.id).where(
        ServiceItem.catalog_version_id == version.id, ServiceItem.department_id.in_(ids)).limit(1))
    if owns is None:
        raise PermissionDenied("目录草稿仅本部门和政务服务办公室可见。")
    return ids


# ---- rules -----------------------------------------------------------------------------

def commitment_block_reason(exclusions) -> str:
    """CAT-3: why an item with these exclusions may not use commitment approval ('' if it may)."""
    labels = [Exclusion(e).label for e in exclusions if e]
    if not labels:
        return ""
    return ("该事项" + "、".join(labels) + "，依据《信用承诺办法》第四条不得适用承诺审批。")


def check_item_values(values: dict) -> None:
    """Cross-field rules of an item (raise DomainError with the field)."""
    exclusions = [e for e in values.get("exclusions", []) if e]
    if values.get("commitment_eligible") and exclusions:  # CAT-3
        raise DomainError(commitment_block_reason(exclusions), field="commitment_eligible")
    statutory, committed = values.get("statutory_limit_days"), values.get("committed_limit_days")
    if statutory is not None and committed is not None and committed > statutory:
        raise DomainError("承诺办结时限不能长于法定办结时限。", field="committed_limit_days")
    if values.get("bookable") and not values.get("centres"):
        raise DomainError("支持预约的事项须至少指定一个可预约的中心及每日限额。", field="centres")
    bad_slots = [s for s in (values.get("time_slots") or "").split(",") if s and not SLOT.fullmatch(s.strip())]
    if bad_slots:
        raise DomainError("预约时段格式应为 09:00-10:00，用逗号分隔：" + "，".join(bad_slots), field="time_slots")


# ---- versions ---------------------------------------------------------------------------

def draft_version() -> CatalogVersion | None:
    return db.session.scalar(select(CatalogVersion).where(CatalogVersion.status == VersionStatus.DRAFT))


ITEM_COPY_FIELDS = [c.key for c in ServiceItem.__table__.columns
                    if c.key not in ("id", "catalog_version_id", "version")]
MATERIAL_COPY_FIELDS = [c.key for c in ItemMaterial.__table__.columns
                        if c.key not in ("id", "item_id")]


def start_draft(actor, year: int, note: str = "") -> CatalogVersion:
    """A new draft copying the current catalog; only the service office, one draft at a time."""
    if not is_service_office(actor):
        raise PermissionDenied("只有政务服务办公室可以建立目录草稿。")
    if draft_version() is not None:
        raise DomainError("已有一个编辑中的目录草稿，请先发布该草稿。", field="year")
    revision = (db.session.scalar(select(db.func.max(CatalogVersion.revision))
                                  .where(CatalogVersion.year == year)) or 0) + 1
    draft = CatalogVersion(year=year, revision=revision, note=note, status=VersionStatus.DRAFT)
    db.session.add(draft)
    source = current_version()
    if source is not None:
        for item in source.items:
            draft.items.append(copy_item(item))
    db.session.flush()
    audit.record("catalog.draft", subject=draft, actor=actor,
                 after={"year": year, "revision": revision,
                        "copied_from": source.label if source else None})
    return draft


def copy_item(item: ServiceItem) -> ServiceItem:
    clone = ServiceItem(**{f: getattr(item, f) for f in ITEM_COPY_FIELDS})
    clone.materials = [ItemMaterial(**{f: getattr(m, f) for f in MATERIAL_COPY_FIELDS})
                       for m in item.materials]
    clone.centres = [ItemCentre(centre_id=c.centre_id, daily_quota=c.daily_quota) for c in item.centres]
    return clone


def _require_draft(version: CatalogVersion) -> None:
    if version.is_frozen:  # CAT-4: a published version is frozen
        raise DomainError(f"{version.label}已发布，内容已冻结，不能修改；请建立新的目录草稿。")


def _changed(version: CatalogVersion, now) -> None:
    """CAT-4: the first unpublished change starts the 20-wd publication clock."""
    existing = deadlines.get(version, PUBLICATION_DEADLINE)
    if existing is None or not existing.is_open:
        deadlines.start_workdays(version, PUBLICATION_DEADLINE, now, PUBLICATION_WORKDAYS,
                                 warn_after=PUBLICATION_WORKDAYS - 5, now=now)


def _snapshot(item: ServiceItem) -> dict:
    data = {f: getattr(item, f) for f in ITEM_COPY_FIELDS if f != "updated_at"}
    data["materials"] = [{f: getattr(m, f) for f in MATERIAL_COPY_FIELDS
                          if f not in ("template_data", "sample_data")} for m in item.materials]
    data["centres"] = [[c.centre_id, c.daily_quota] for c in item.centres]
    return data


def _diff(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def save_item(actor, version: CatalogVersion, values: dict, item: ServiceItem | None = None,
              *, expected_version: int | None = None, now=None) -> ServiceItem:
    """Create or update an item of a draft version. `values` holds column values plus
    'exclusions' (list), 'modes' (list), 'materials' (list of dicts) and 'centres'
    (list of (centre_id, quota)); keys not given are left unchanged."""
    now = now or clock.now()
    _require_draft(version)
    if item is not None and expected_version is not None and item.version != expected_version:
        raise ConcurrentEdit()
    values = dict(values)
    check_item_values({**(_snapshot(item) if item else {}),
                       "exclusions": item.exclusion_list if item else [], **values})
    code = (values.get("code") or (item.code if item else "")).strip()
    clash = db.session.scalar(select(ServiceItem.id).where(
        ServiceItem.catalog_version_id == version.id, ServiceItem.code == code))
    if clash is not None and (item is None or clash != item.id):
        raise DomainError(f"事项编码“{code}”在本目录中已存在（同一事项、同一编码）。", field="code")
    if item is not None and not may_edit_item(actor, item):
        raise PermissionDenied("只能编辑本部门的事项。")
    before = _snapshot(item) if item else {}
    if item is None:
        item = ServiceItem(catalog_version=version)
        db.session.add(item)
    _apply(item, values)
    if not may_edit_item(actor, item):
        raise PermissionDenied("只能编辑本部门的事项。")
    item.updated_at = now
    db.session.flush()
    old, new = _diff(before, _snapshot(item))
    audit.record("catalog.item.create" if not before else "catalog.item.update", subject=item,
                 actor=actor, before=old or None, after=new)
    _changed(version, now)
    return item


def _apply(item: ServiceItem, values: dict) -> None:
    materials = values.pop("materials", None)
    centres = values.pop("centres", None)
    exclusions = values.pop("exclusions", None)
    modes = values.pop("modes", None)
    for key, value in values.items():
        setattr(item, key, value)
        if isinstance(value, Office):  # keep the id in step: scope checks read it before flush
            setattr(item, f"{key}_id", value.id)
    if exclusions is not None:
        item.exclusions = ",".join(Exclusion(e).value for e in exclusions)
    if modes is not None:
        item.handling_modes = ",".join(HandlingMode(m).value for m in modes)
    item.nearby_enabled = HandlingMode.NEARBY in item.modes
    if materials is not None:
        item.materials = [ItemMaterial(position=i, **m) for i, m in enumerate(materials)]
    if centres is not None:
        # Keep the row of a centre already listed: replacing it would insert the new row
        # before deleting the old one and break the unique (item, centre) pair.
        kept = {c.centre_id: c for c in item.centres}
        item.centres = [_centre_row(kept.get(c), c, q) for c, q in centres]


def delete_item(actor, item: ServiceItem, now=None) -> None:
    now = now or clock.now()
    version = item.catalog_version
    _require_draft(version)
    if not may_edit_item(actor, item):
        raise PermissionDenied("只能删除本部门的事项。")
    audit.record("catalog.item.delete", subject=item, actor=actor, before=_snapshot(item))
    db.session.delete(item)
    db.session.flush()
    _changed(version, now)


def publish(actor, version: CatalogVersion, *, now=None) -> CatalogVersion:
    """The service office publishes a draft; it becomes current and frozen (CAT-4)."""
    now = now or clock.now()
    if not is_service_office(actor):
        raise PermissionDenied("只有政务服务办公室可以发布事项目录。")
    _require_draft(version)
    if not version.items:
        raise DomainError("目录中没有事项，不能发布。")
    previous = current_version()
    if previous is not None:
        if previous.year > version.year:
            raise DomainError(f"现行目录是{previous.label}，不能发布更早年度的目录。", field="year")
        previous.status = VersionStatus.SUPERSEDED
    version.status = VersionStatus.PUBLISHED
    version.published_at = now
    version.published_by_id = actor.id
    db.session.flush()
    deadlines.stop(version, PUBLICATION_DEADLINE, now=now)
    audit.record("catalog.publish", subject=version, actor=actor,
                 before={"current": previous.label if previous else None},
                 after={"current": version.label, "items": len(version.items)})
    return version


def office_choices(kind: OfficeKind) -> list[Office]:
    return list(db.session.scalars(select(Office).where(Office.kind == kind, Office.active.is_(True))
                                   .order_by(Office.code)))


def publication_todos(user) -> list:
    """我的待办 for the service office: a changed draft must be published within 20 wd."""
    if not (is_service_office(user) and user.has_any_role(EDITOR_ROLES)):
        return []
    draft = draft_version()
    clock_row = deadlines.get(draft, PUBLICATION_DEADLINE) if draft else None
    if clock_row is None or not clock_row.is_open:
        return []
    due = clock.to_local(clock_row.due_at)
    return [TodoItem(f"{draft.label}事项目录有变更待发布（{due.month}月{due.day}日前）",
                     url_for("catalog.versions"), 1, deadlines.light_of(clock_row),
                     due=clock_row.due_at, provisional=clock_row.provisional)]


MATERIAL_FILE_KINDS = {"template": "空白表格", "sample": "示例样表"}  # CAT-2
MATERIAL_FILE_TYPES = ("pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png")
MATERIAL_FILE_MAX = 5 * 1024 * 1024


def attach_material_file(actor, material: ItemMaterial, kind: str, filename: str, data: bytes,
                         *, now=None) -> ItemMaterial:
    """Store the blank template or the filled sample of a material (draft catalogs only)."""
    now = now or clock.now()
    item = material.item
    _require_draft(item.catalog_version)
    if not may_edit_item(actor, item):
        raise PermissionDenied("只能维护本部门事项的材料。")
    if kind not in MATERIAL_FILE_KINDS:
        raise DomainError("文件类别不正确。", field="kind")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in MATERIAL_FILE_TYPES:
        raise DomainError("只接受 " + "、".join(MATERIAL_FILE_TYPES) + " 格式的文件。", field="file")
    if not data or len(data) > MATERIAL_FILE_MAX:
        raise DomainError("文件为空或超过 5MB。", field="file")
    setattr(material, f"{kind}_filename", filename)
    setattr(material, f"{kind}_data", data)
    db.session.flush()
    audit.record("catalog.material.file", subject=item, actor=actor,
                 after={"material": material.name, "kind": MATERIAL_FILE_KINDS[kind],
                        "filename": filename, "bytes": len(data)})
    _changed(item.catalog_version, now)
    return material


def item_history(code: str):
    """Who changed what and when, over every catalog version of the item code (CAT-4): a
    select for the pager, newest first by id."""
    ids = select(ServiceItem.id).where(ServiceItem.code == code)
    return select(AuditEntry).where(
        AuditEntry.subject_type == ServiceItem.__tablename__, AuditEntry.subject_id.in_(ids))


def _centre_row(row, centre_id: int, quota: int):
    if row is None:
        return ItemCentre(centre_id=centre_id, daily_quota=quota)
    row.daily_quota = quota
    return row
