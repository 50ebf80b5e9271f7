"""Roles and office kinds, with their Chinese labels."""
import enum


class Role(str, enum.Enum):
    ADMIN = "admin"
    APPROVER = "approver"
    SUPERVISOR = "supervisor"
    COORDINATOR = "coordinator"
    CREDIT_OFFICER = "credit_officer"
    WINDOW_CLERK = "window_clerk"
    HOTLINE_AGENT = "hotline_agent"
    HOTLINE_REVIEWER = "hotline_reviewer"
    UNIT_HANDLER = "unit_handler"
    CALLBACK_AGENT = "callback_agent"
    LEADER = "leader"
    AUDITOR = "auditor"
    SECURITY_ADMIN = "security_admin"
    LEGAL_REP = "legal_rep"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "系统管理员",
    Role.APPROVER: "审批人员",
    Role.SUPERVISOR: "监管人员",
    Role.COORDINATOR: "审管协调员",
    Role.CREDIT_OFFICER: "诚信档案管理员",
    Role.WINDOW_CLERK: "窗口人员",
    Role.HOTLINE_AGENT: "热线话务员",
    Role.HOTLINE_REVIEWER: "热线审核员",
    Role.UNIT_HANDLER: "承办单位人员",
    Role.CALLBACK_AGENT: "回访人员",
    Role.LEADER: "领导",
    Role.AUDITOR: "审计员",
    Role.SECURITY_ADMIN: "安全管理员",
    Role.LEGAL_REP: "法定代表人（授权）",
}
ALL_ROLES = tuple(r.value for r in Role)
# 三权分立 (等保2.0 三级 8.1.4.2, 8.1.10.x): system administration (accounts, offices), security
# administration (roles, policies, second factor) and audit are held by three different people.
SEPARATED_ROLES = (Role.ADMIN.value, Role.SECURITY_ADMIN.value, Role.AUDITOR.value)


class OfficeKind(str, enum.Enum):
    APPROVAL = "approval"
    SUPERVISION = "supervision"
    SERVICE_CENTRE = "service_centre"
    HOTLINE_CENTRE = "hotline_centre"
    HANDLING_UNIT = "handling_unit"
    SERVICE_OFFICE = "service_office"
    DEPARTMENT = "department"

    @property
    def label(self) -> str:
        return OFFICE_KIND_LABELS[self]


OFFICE_KIND_LABELS = {
    OfficeKind.APPROVAL: "审批处室",
    OfficeKind.SUPERVISION: "监管处室",
    OfficeKind.SERVICE_CENTRE: "政务服务中心",
    OfficeKind.HOTLINE_CENTRE: "便民专线服务中心",
    OfficeKind.HANDLING_UNIT: "承办单位",
    OfficeKind.SERVICE_OFFICE: "政务服务办/领导机关",
    OfficeKind.DEPARTMENT: "部门/区",
}


class OfficeLevel(str, enum.Enum):
    CITY = "city"
    DISTRICT = "district"
    STREET = "street"

    @property
    def label(self) -> str:
        return {"city": "市级", "district": "区级", "street": "街道（乡镇）级"}[self.value]
