"""The audit log read as a ledger: Chinese event names, the object by a readable name with its
link, who (name and office), before → after with Chinese field names and value labels.

One registry of every action string written with audit.record across app/, reusing the labels
the modules already keep (commitment, supervision, credit history, catalog fields).
"""
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import url_for
from sqlalchemy import select

from ..accounts.models import Office, User
from ..api.models import ApiPartner
from ..accounts.services import people_of
from ..catalog.columns import FIELD_LABELS as CATALOG_FIELDS
from ..catalog.models import CatalogVersion, ServiceItem, SupervisionStandard
from ..commitment.models import CaseState, CommitmentCase
from ..commitment.services.common import ACTION_LABELS as COMMITMENT_ACTIONS
from ..accounts.roles import ROLE_LABELS, Role
from ..core import clock
from ..core.identity import mask_id_number, mask_phone
from ..core.audit import AuditEntry
from ..credit.models import FIELD_LABELS as CREDIT_FIELDS
from ..credit.models import (CreditGround, CreditLevel, CreditRecord, CreditRecordHistory, Objection,
                             RecordState, RepairApplication)
from ..documents.models import IssuedDocument
from ..extensions import db
from ..feedback.models import ACTION_LABELS as FEEDBACK_ACTIONS
from ..hotline.services.common import ACTION_LABELS as HOTLINE_ACTIONS
from ..exchange.models import KIND_LABELS as EXCHANGE_KINDS
from ..exchange.models import InboundMessage, OutboundMessage
from ..hotline_followup.models import CriticismNotice, DubanItem, Rehandling
from ..hotline_reports.models import HotlineReport
from ..linkage.models import (AssessmentPlan, Coordinator, Meeting, OfficePair, Problem, ProblemState,
                              WeeklyNote)
from ..nearby.models import ACTION_LABELS as NEARBY_ACTIONS
from ..parties.models import Party
from ..supervision.models import SupervisionTask, TaskState
from ..supervision.services import ACTION_LABELS as SUPERVISION_ACTIONS

ACTION_LABELS = {
    # accounts and sessions
    "sign_in": "登录", "sign_out": "退出登录", "session_timeout": "超时自动退出",
    "account_locked": "账号锁定（连续登录失败）", "password_change": "修改密码",
    "password_reset": "重置密码", "user_create": "新建用户", "user_update": "修改用户",
    "user_enable": "启用用户", "user_disable": "停用用户", "office_create": "新建机构",
    "office_update": "修改机构", "office_enable": "启用机构", "office_disable": "停用机构",
    "unit_import": "导入机构", "demo.load": "载入演示数据", "demo.reset_passwords": "重置演示账号密码",
    "session_end": "结束会话", "reauth": "再次验证身份", "totp_enrol": "绑定双因素认证",
    "totp_reset": "重置双因素认证", "recovery_code_used": "使用恢复码登录", "role_change": "调整角色",
    "credit.lookup": "按证件号码查询", "audit.anchor": "审计日志锚定",
    # parties and the calendar
    "party.create": "登记行政相对人", "party.update": "修改行政相对人",
    "party.reveal": "查看完整证件号码",
    "calendar.override_set": "调整工作日历", "calendar.override_remove": "删除日历调整",
    "calendar.import": "导入放假安排", "deadline.recomputed": "工作日历调整，期限重新计算",
    # catalog
    "catalog.draft": "建立目录草稿", "catalog.import": "Excel 导入事项目录",
    "catalog.item.create": "新增事项", "catalog.item.update": "修改事项",
    "catalog.item.delete": "删除事项", "catalog.material.file": "上传材料样表",
    "catalog.publish": "发布事项目录", "standard.save": "保存监管操作规程",
    "standard.publish": "发布监管操作规程",
    # commitment, supervision (recorded on the case), credit
    **{f"commitment.{k}": v for k, v in COMMITMENT_ACTIONS.items()},
    "commitment.document": "出具文书",
    **{f"supervision.{k}": v for k, v in SUPERVISION_ACTIONS.items()},
    **{f"credit.{k}": v for k, v in CreditRecordHistory.ACTION_LABELS.items()},
    **{f"nearby.{k}": v for k, v in NEARBY_ACTIONS.items()},
    **{f"feedback.{k}": v for k, v in FEEDBACK_ACTIONS.items()},
    **HOTLINE_ACTIONS,
    # the knowledge base
    "knowledge.created": "新建知识库条目", "knowledge.updated": "修改知识库条目",
    "knowledge.published": "发布知识库条目", "knowledge.withdrawn": "撤回知识库条目",
    "knowledge.maintainer_changed": "变更知识维护人", "knowledge.flagged_stale": "标记知识过时或有误",
    "knowledge.filed": "报送知识库月报",
    # 好差评
    "review.rated": "办件评价", "review.rater_revealed": "查看评价人信息",
    "review.case_opened": "差评立案", "review.case_verified": "差评核实",
    "review.case_appealed": "被评人申诉", "review.case_decided": "差评复核决定",
    "review.case_rectified": "差评整改", "review.party_reacted": "群众对整改反馈",
    "review.case_escalated": "差评处理超期提级", "review.callback_attempt": "回访未联系上",
    "review.callback_done": "完成办件回访", "review.weight_set": "设置扣分权重",
    "review.exchange_exported": "导出好差评数据交换文件",
    # the service hall and the 办件 register
    "appointment.booked": "网上预约", "appointment.cancelled": "取消预约",
    "appointment.checked_in": "预约签到取号", "appointment.no_show": "预约失约",
    "booking_ban.started": "限制网上预约", "booking_ban.lifted": "解除预约限制",
    "hall.noon_window": "设置中午值守窗口", "hall.urgent_slot_added": "新增7×24小时预约时段",
    "hall.urgent_slot_removed": "删除7×24小时预约时段", "hall_device.paired": "绑定取号机/叫号屏",
    "hall_device.unpaired": "解绑取号机/叫号屏", "matter.opened": "受理办件",
    "matter.completed": "办结办件", "ticket.called": "叫号", "ticket.recalled": "重呼",
    "ticket.skipped": "过号", "ticket.transferred": "转窗口",
    "credit.file": "列入失信名单", "credit.evidence_viewed": "查看证据材料",
    "credit.form_prefilled": "生成预填表单",
    # documents
    "document.issue": "出具文书", "document.download": "下载文书", "document.print_batch": "批量打印文书",
    "document.batch_download": "下载批量打印文书",
    "ledger.export": "导出台账", "ledger.export_requested": "提交台账后台导出", "ledger.download": "下载台账",
    # linkage
    "linkage.coordinator.appoint": "设立审管协调员", "linkage.coordinator.withdraw": "撤回审管协调员",
    "linkage.pair.create": "建立审管对应关系", "linkage.weekly_note.file": "填报周工作记录",
    "linkage.problem.raise": "提出审管联动问题", "linkage.problem.report": "上报审管联动问题",
    "linkage.problem.resolve": "解决审管联动问题", "linkage.meeting.schedule": "安排联席会议",
    "linkage.meeting.minutes": "录入会议纪要", "linkage.meeting.distribute": "分发会议纪要",
    "linkage.assessment.plan": "保存年度考核方案", "linkage.assessment.check": "录入考核检查成绩",
    # hotline follow-up: ratings, callbacks, appeals, re-handling and 督办
    "hotline.rated": "评价工单", "hotline.sent_back": "退回承办单位重新办理",
    "hotline.dissatisfaction_kept": "研判维持办结", "hotline.sla_changed": "调整办理时限标准",
    "hotline.callback_drawn": "抽取回访工单", "hotline.callback_excluded": "认定无需回访",
    "hotline.callback_attempt": "回访未接通", "hotline.callback_done": "完成回访",
    "hotline.appeal_opened": "整理申诉材料", "hotline.appeal_item_added": "加入申诉工单",
    "hotline.appeal_item_removed": "移出申诉工单", "hotline.appeal_filed": "报送申诉",
    "hotline.appeal_decided": "审核申诉",
    "hotline.rehandling_ordered": "退回重新办理", "hotline.rehandling_reported": "印发重新办理情况报告",
    "hotline.duban_opened": "列入督办", "hotline.duban_reported": "印发督办办理情况报告",
    "hotline.duban_overdue": "督办事项逾期未报送",
    # rankings and bulletins (issue 22)
    "rankings.weights_set": "设置综合排名权重", "rankings.bulletin_issue": "印发运行情况通报",
    "rankings.bulletin_request": "申请生成运行情况通报", "rankings.export": "导出综合排名",
    # data exchange with the partner platforms (app/exchange)
    "exchange.inbound_applied": "处理市级平台来件", "exchange.inbound_stale": "市级平台来件版本过期未处理",
    "exchange.inbound_rejected": "市级平台来件不符合规定未处理", "exchange.delivered": "数据交换消息送达",
    "exchange.dead_letter": "数据交换消息多次发送失败", "exchange.replayed": "重新发送数据交换消息",
    # the partner API (issue 24)
    "api.partner_created": "新建接口接入系统", "api.partner_rotated": "更换接口密钥",
    "api.partner_updated": "修改接口接入系统", "api.partner_disabled": "停用接口接入系统",
    "api.partner_enabled": "启用接口接入系统", "api.bad_signature": "接口签名错误",
    "api.replay": "接口请求重放", "api.scope_denied": "接口越权调用",
    "hotline.exposure_recorded": "登记媒体曝光或通报", "hotline.notice_drafted": "起草通报批评",
    "hotline.notice_edited": "修改通报草稿", "hotline.notice_submitted": "通报报送审核",
    "hotline.notice_sent_back": "退回通报修改", "hotline.notice_issued": "印发通报批评",
    "hotline_report.request": "申请生成热线数据分析报告", "hotline_report.generate": "生成热线数据分析报告",
    "hotline_report.fail": "热线数据分析报告生成失败", "hotline_report.excel_download": "下载热线数据分析报告Excel",
    "leaders.rollup_requested": "重新统计领导驾驶舱数据",
}

FIELD_LABELS = {
    **{k: v for k, v in CATALOG_FIELDS.items()}, **CREDIT_FIELDS,
    "state": "状态", "task_state": "监管任务状态", "office_id": "处室", "material": "材料",
    "number": "文号", "created": "新增", "updated": "更新", "name": "名称", "username": "账号",
    "phone": "电话", "active": "启用", "roles": "角色", "locked_until": "锁定至", "title": "标题",
    "kind": "类别", "reason": "事由", "count": "数量", "year": "年度", "revision": "版次",
    "identifier": "证件号码", "legal_representative": "法定代表人", "address": "地址",
    "week_start": "周", "description": "描述", "reported_to": "上报至", "resolution": "解决情况",
    "due": "期限", "due_at": "期限", "decision_number": "决定文号",
}

# (subject type, field) -> the enum whose labels replace stored values
VALUE_ENUMS = {
    ("commitment_case", "state"): CaseState, ("commitment_case", "task_state"): TaskState,
    ("supervision_task", "state"): TaskState, ("credit_record", "state"): RecordState,
    ("credit_record", "level"): CreditLevel, ("credit_record", "ground"): CreditGround,
    ("lnk_problem", "state"): ProblemState,
}


@dataclass(frozen=True)
class SubjectKind:
    label: str
    model: type | None = None
    name: Callable[[object], str] = str
    url: Callable[[object], str] | None = None


def _case_name(case) -> str:
    return case.decision_number or f"{case.party.name} · {case.item_name}"


SUBJECTS = {
    "commitment_case": SubjectKind("承诺审批案件", CommitmentCase, _case_name,
                                   lambda c: url_for("commitment.show", case_id=c.id)),
    "supervision_task": SubjectKind("监管任务", SupervisionTask, lambda t: _case_name(t.case),
                                    lambda t: url_for("supervision.show", task_id=t.id)),
    "credit_record": SubjectKind("失信记录", CreditRecord,
                                 lambda r: f"{r.party.name} · {r.ground.label}",
                                 lambda r: url_for("credit.party", party_id=r.party_id)),
    "credit_objection": SubjectKind("信用异议", Objection, lambda o: f"{o.record.party.name}的异议",
                                    lambda o: url_for("credit.objection", objection_id=o.id)),
    "credit_repair": SubjectKind("信用修复申请", RepairApplication,
                                 lambda o: f"{o.record.party.name}的修复申请",
                                 lambda o: url_for("credit.repair", repair_id=o.id)),
    "party": SubjectKind("行政相对人", Party, str, lambda p: url_for("parties.detail", party_id=p.id)),
    "service_item": SubjectKind("政务服务事项", ServiceItem, lambda i: f"{i.code} {i.name}",
                                lambda i: url_for("catalog.item", item_id=i.id)),
    "catalog_version": SubjectKind("事项目录", CatalogVersion,
                                   lambda v: f"{v.year}年第{v.revision}版",
                                   lambda v: url_for("catalog.index", version=v.id)),
    "supervision_standard": SubjectKind("监管操作规程", SupervisionStandard, lambda s: f"#{s.id}"),
    "issued_document": SubjectKind("文书", IssuedDocument, lambda d: d.number or d.title,
                                   lambda d: url_for("documents.download", document_id=d.id)),
    "user": SubjectKind("用户", User, str),
    "office": SubjectKind("机构", Office, str),
    "lnk_coordinator": SubjectKind("审管协调员", Coordinator, lambda c: f"{c.user.name}（{c.office.name}）"),
    "lnk_office_pair": SubjectKind("审管对应关系", OfficePair, str),
    "lnk_weekly_note": SubjectKind("周工作记录", WeeklyNote,
                                   lambda n: f"{n.week_start.year}年{n.week_start.month}月{n.week_start.day}日所在周"),
    "lnk_problem": SubjectKind("审管联动问题", Problem, lambda p: p.description[:40]),
    "lnk_meeting": SubjectKind("联席会议", Meeting,
                               lambda m: f"{m.month.year}年{m.month.month}月联席会议",
                               lambda m: url_for("linkage.meeting_edit", meeting_id=m.id)),
    "lnk_assessment_plan": SubjectKind("年度考核方案", AssessmentPlan, lambda p: f"{p.year}年度",
                                       lambda p: url_for("linkage.assessment_index", year=p.year)),
    "calendar": SubjectKind("工作日历"),
    "ledger": SubjectKind("台账"),
    "hotline_rehandling": SubjectKind("重新办理", Rehandling, lambda r: f"工单{r.order.number}",
                                      lambda r: url_for("followup.rehandling_show", record_id=r.id)),
    "api_partner": SubjectKind("接口接入系统", ApiPartner, str),
    "hotline_duban": SubjectKind("督办事项", DubanItem, lambda i: f"工单{i.order.number}（{i.trigger.label}）",
                                 lambda i: url_for("followup.duban_show", item_id=i.id)),
    "hotline_notice": SubjectKind("通报批评", CriticismNotice, lambda n: n.title,
                                  lambda n: url_for("followup.notice_show", notice_id=n.id)),
    "hotline_report": SubjectKind("热线数据分析报告", HotlineReport, lambda r: f"{r.period_label}（第{r.version}版）",
                                  lambda r: url_for("hotline_reports.show", report_id=r.id)),
    "exchange_inbound": SubjectKind("市级平台来件", InboundMessage,
                                    lambda m: f"{m.platform_order_no}（{m.kind.label}，第{m.version}版）"),
    "exchange_outbound": SubjectKind("外发消息", OutboundMessage,
                                     lambda m: f"{m.target.label}·{EXCHANGE_KINDS.get(m.kind, m.kind)}（#{m.id}）"),
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def subject_label(subject_type: str) -> str:
    kind = SUBJECTS.get(subject_type)
    return kind.label if kind else subject_type


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class LedgerRow:
    entry: AuditEntry
    event: str
    who: str
    office: str
    subject_label: str
    subject_name: str
    subject_url: str | None
    changes: list[Change] = field(default_factory=list)

    @property
    def at(self) -> datetime:
        return self.entry.at

    @property
    def subject(self) -> str:
        return f"{self.subject_label} {self.subject_name}".strip()


def rows(entries) -> list[LedgerRow]:
    """The ledger rows of a page of entries (a few batched queries, not one per row)."""
    entries = list(entries)
    who = people_of(entries)
    offices = _office_names({e.office_id for e in entries} | _office_ids_in_values(entries))
    objects = _load_subjects(entries)
    result = []
    for e in entries:
        name, office = who.get(e.actor_id, (e.actor_name or "系统", ""))
        obj = objects.get((e.subject_type, e.subject_id))
        kind = SUBJECTS.get(e.subject_type)
        if obj is not None and kind is not None:
            subject_name, subject_url = kind.name(obj), kind.url(obj) if kind.url else None
        else:
            subject_name, subject_url = (f"#{e.subject_id}" if e.subject_id else ""), None
        result.append(LedgerRow(
            entry=e, event=action_label(e.action), who=name,
            office=offices.get(e.office_id, office), subject_label=subject_label(e.subject_type),
            subject_name=subject_name, subject_url=subject_url,
            changes=changes(e.subject_type, e.before, e.after, offices)))
    return result


def changes(subject_type: str, before, after, offices=None) -> list[Change]:
    """before → after, field by field, in Chinese."""
    before = before if isinstance(before, dict) else ({"": before} if before else {})
    after = after if isinstance(after, dict) else ({"": after} if after else {})
    keys = list(dict.fromkeys([*before, *after]))
    return [Change(FIELD_LABELS.get(k, k), _value(subject_type, k, before.get(k), offices),
                   _value(subject_type, k, after.get(k), offices)) for k in keys]


# Personal data stays masked in the audit view too (SEC-5; issue 15, low): the full value
# only on the subject's own reveal.
MASKED_FIELDS = {"phone": mask_phone, "contact_phone": mask_phone, "mobile": mask_phone,
                 "identifier": mask_id_number}


def _role_label(value) -> str:
    try:
        return ROLE_LABELS[Role(value)]
    except ValueError:
        return str(value)


def _value(subject_type: str, key: str, value, offices) -> str:
    if value is None or value == "":
        return ""
    if key in MASKED_FIELDS and isinstance(value, str):
        return MASKED_FIELDS[key](value)
    if key == "roles" and isinstance(value, list):
        return "、".join(_role_label(v) for v in value)
    enum_cls = VALUE_ENUMS.get((subject_type, key))
    if enum_cls is not None:
        try:
            return enum_cls(value).label
        except ValueError:
            return str(value)
    if key.endswith("office_id") and offices and value in offices:
        return offices[value]
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        return _date_text(value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{FIELD_LABELS.get(k, k)}：{v}" for k, v in value.items())
    return str(value)


def _date_text(value: str) -> str:
    try:
        if len(value) == 10:
            d = date.fromisoformat(value)
            return f"{d.year}年{d.month}月{d.day}日"
        dt = datetime.fromisoformat(value)
        dt = clock.to_local(dt) if dt.tzinfo else dt
        return f"{dt.year}年{dt.month}月{dt.day}日 {dt:%H:%M}"
    except ValueError:
        return value


def _office_ids_in_values(entries) -> set[int]:
    ids = set()
    for e in entries:
        for values in (e.before, e.after):
            if isinstance(values, dict):
                ids |= {v for k, v in values.items() if k.endswith("office_id") and isinstance(v, int)}
    return ids


def _office_names(ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(db.session.execute(select(Office.id, Office.name).where(Office.id.in_(ids))).all())


def _load_subjects(entries) -> dict:
    wanted = defaultdict(set)
    for e in entries:
        kind = SUBJECTS.get(e.subject_type)
        if kind is not None and kind.model is not None and e.subject_id:
            wanted[e.subject_type].add(e.subject_id)
    objects = {}
    for subject_type, ids in wanted.items():
        model = SUBJECTS[subject_type].model
        for obj in db.session.scalars(select(model).where(model.id.in_(ids))):
            objects[(subject_type, obj.id)] = obj
    return objects
