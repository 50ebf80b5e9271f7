"""A 12345 work order from the call to its completion: intake (with a KB suggestion) →
dispatch → accept → internal dispatch to a 办理部门 → combined reply → centre review →
completed; on the way a return refused (HOT-21), an extension refused (HOT-9) and a reply
rejected by the checker (HOT-10)."""
import re

from playwright.sync_api import Page, expect

from app.accounts.roles import OfficeKind
from app.extensions import db
from app.hotline.models import KbArticle
from tests import factories
from tests.browser.helpers import flash, htmx_ready, menu, sign_in, sign_out, user

UNIT = "市道路运输局（浏览器）"
DEPT = "客运管理处（浏览器）"


def _world():
    centre = factories.office(OfficeKind.HOTLINE_CENTRE, name="市便民专线服务中心（浏览器）")
    unit = factories.office(OfficeKind.HANDLING_UNIT, name=UNIT)
    dept = factories.office(OfficeKind.HANDLING_UNIT, name=DEPT, parent=unit)
    db.session.add(KbArticle(title="出租车绕路投诉受理渠道", keywords="出租车 绕路", body="乘客可拨打12328投诉。"))
    return {"agent": user("hotline_agent", office=centre, name="赵话务").username,
            "reviewer": user("hotline_reviewer", office=centre, name="钱审核").username,
            "intake": user("unit_handler", office=unit, name="孙受理").username,
            "handler": user("unit_handler", office=dept, name="李办理").username}


def _open_order(page: Page, number: str) -> None:
    menu(page, "热线工单")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", name=re.compile(number))).to_be_visible()


def test_work_order_from_call_to_completion(page: Page, live_server):
    seeded = live_server.seed(_world)

    sign_in(page, seeded["agent"])
    menu(page, "受理诉求")
    htmx_ready(page)
    page.get_by_label("诉求类型").select_option(label="投诉")
    page.get_by_label("紧急程度").select_option(label="急")
    page.get_by_label("诉求人姓名").fill("王先生")
    page.get_by_label("联系电话").fill("13700001234")
    page.get_by_label("【营商环境监督员】").check()
    page.get_by_label("诉求内容").fill("昨晚乘坐出租车，司机绕路多收费三十元，要求处理并退还。")
    expect(page.locator("#suggestions")).to_contain_text("出租车绕路投诉受理渠道")  # HOT-3, live
    page.get_by_role("button", name="提交受理").click()
    expect(flash(page, "已受理，工单编号")).to_be_visible()
    number = re.search(r"工单编号(\d+)", flash(page, "已受理").inner_text()).group(1)
    sign_out(page)

    sign_in(page, seeded["reviewer"])
    _open_order(page, number)
    page.get_by_label("承办单位（可多选，多选即拆分工单）").select_option(label=UNIT)
    page.get_by_role("button", name="派单").click()
    expect(flash(page, "已派单。")).to_be_visible()
    expect(page.get_by_text("待接单", exact=True)).to_be_visible()
    sign_out(page)

    sign_in(page, seeded["intake"])
    _open_order(page, number)
    expect(page.locator("#requester")).to_contain_text("137****1234")  # HOT-16
    page.get_by_role("button", name="接单").click()
    expect(flash(page, "已接单。")).to_be_visible()

    page.get_by_text("申请退单").click()
    page.get_by_label("退单理由类别").select_option(label="非本单位职责")
    page.get_by_label("退单理由及依据").fill("经核实，出租车营运监管由区交通执法部门负责。")
    page.get_by_label("佐证材料（按理由类别填写）").fill("建议转区交通运输执法支队")
    page.get_by_role("button", name="提交退单申请").click()
    expect(page.get_by_text("带有特殊标签的工单，退单前须先与诉求人联系并记录。", exact=True)).to_be_visible()

    page.get_by_text("申请延期").click()
    page.get_by_label("延期工作日数").fill("3")
    page.get_by_label("延期原因").fill("需要调取行车记录仪视频并约谈驾驶员。")
    page.get_by_label("诉求人意见").fill("同意延期")
    page.get_by_role("button", name="提交延期申请").click()
    expect(page.get_by_text("标注为“急”的工单不得申请延期。", exact=True)).to_be_visible()

    page.get_by_label(DEPT).check()
    page.get_by_label("办理要求").fill("请调取车辆轨迹核实。")
    page.get_by_role("button", name="派发至办理部门").click()
    expect(flash(page, "已派发至办理部门。")).to_be_visible()
    sign_out(page)

    sign_in(page, seeded["handler"])
    _open_order(page, number)
    page.get_by_label("本部门办理意见").fill("经调取GPS轨迹，司机确有绕路，已约谈并责令退还多收车费。")
    page.get_by_role("button", name="反馈受理部门").click()
    expect(flash(page, "已反馈本部门办理意见。")).to_be_visible()
    sign_out(page)

    sign_in(page, seeded["intake"])
    _open_order(page, number)
    htmx_ready(page)
    page.get_by_label("与诉求人联系的具体时间").fill("2026年11月23日10时")
    page.get_by_label("答复工作人员").fill("客运管理处 李办理")
    page.get_by_label("联系方式", exact=True).fill("电话")
    page.get_by_label("处理过程").fill("调取车辆GPS轨迹核实，司机确有绕路行为，已约谈司机。")
    page.get_by_label("办理结果").fill("已解决")
    page.get_by_label("诉求人反馈情况").fill("诉求人表示满意。")
    expect(page.locator("#reply-findings")).to_contain_text("不得仅以“已解决”办结")  # live, debounced
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_text("答复内容不符合规范，请按提示修改后再提交。", exact=True)).to_be_visible()
    page.get_by_label("办理结果").fill("对司机处以罚款，多收的三十元车费已于11月23日退还诉求人。")
    page.get_by_role("button", name="提交答复").click()
    expect(flash(page, "答复已提交，等待中心审核。")).to_be_visible()
    sign_out(page)

    sign_in(page, seeded["reviewer"])
    menu(page, "热线工单")
    page.get_by_role("link", name="答复审核").click()
    page.get_by_role("link", name=number).click()
    expect(page.get_by_text("规范检查未发现问题。")).to_be_visible()
    page.get_by_role("button", name="提交审核意见").click()
    expect(flash(page, "工单已办结。")).to_be_visible()
    expect(page.get_by_text("已办结", exact=True)).to_be_visible()
    timeline = page.locator(".timeline")
    for step in ("话务员受理", "派单", "承办单位接单", "单位内部派发至办理部门", "办理部门反馈意见",
                 "退单申请不符合规定", "延期申请不符合规定", "答复未通过规范检查", "提交答复", "审核通过，工单办结"):
        expect(timeline).to_contain_text(step)
