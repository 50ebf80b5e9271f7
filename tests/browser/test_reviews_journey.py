"""好差评 (issue 21): the party rates on the window's pad when the clerk finishes a 办件 (the
clerk's own session cannot); the bad-review loop from verification to the party's feedback."""
import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.accounts.roles import OfficeKind
from app.extensions import db
from app.hall.models import DeviceKind, HallDevice
from app.hall.services import devices, tickets
from app.notify.models import OutboxMessage
from app.reviews.models import BadReviewCase, RatingChannel
from app.reviews.services import ratings
from tests import factories
from tests.browser.helpers import assert_accessible, menu, sign_in, sign_out, user
from tests.hall.factories import centre_setup
from tests.reviews.factories import finished_matter

PHONE_VIEWPORT = {"width": 390, "height": 844}


def _hall_with_pad():
    hall = centre_setup(main_name="浏览器评价食品经营许可")
    clerk = user("window_clerk", office=hall.centre, name="孙窗口")
    pad = HallDevice(centre_id=hall.centre.id, kind=DeviceKind.PAD, name="2号窗口评价器",
                     window_id=hall.windows[1].id)
    db.session.add(pad)
    db.session.flush()
    tickets.take_regular(hall.centre.id, "A")
    return {"clerk": clerk.username, "pad": devices.token_for(pad), "item": hall.item.name}


def test_the_pad_lights_up_when_the_window_finishes_and_the_party_rates(page: Page, live_server, browser):
    seeded = live_server.seed(_hall_with_pad)
    tablet = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    tablet.goto(f"/review-pad/{seeded['pad']}")
    expect(tablet.get_by_text("办结后请在此评价")).to_be_visible()
    assert_accessible(tablet)

    sign_in(page, seeded["clerk"])
    menu(page, "窗口工作台")
    page.get_by_role("button", name=re.compile("^2号窗口")).click()
    page.get_by_role("button", name="叫下一号").click()
    page.get_by_label("办理事项").select_option(label=seeded["item"])
    page.get_by_role("button", name="开始办理（受理）").click()
    page.get_by_label("办理结果").select_option("approved")
    page.get_by_role("button", name="办结").click()
    expect(page.locator("[data-counts]")).to_contain_text("已办结：1")

    expect(tablet.get_by_text(seeded["item"])).to_be_visible(timeout=10_000)  # polled
    assert_accessible(tablet)
    # the clerk's own signed-in browser cannot post the rating
    status = page.evaluate("""async (url) => {
        const csrf = document.querySelector('input[name=csrf_token]').value;
        const body = new URLSearchParams({level: 'very_satisfied', csrf_token: csrf});
        const r = await fetch(url, {method: 'POST', body: body});
        return r.status; }""", tablet.locator("form#pad-current").get_attribute("action"))
    assert status == 403
    tablet.get_by_label("不满意", exact=True).check()
    tablet.get_by_role("button", name="提交评价").click()
    expect(tablet.get_by_text("不满意的评价请至少选择一类问题。")).to_be_visible()
    tablet.get_by_label("不满意", exact=True).check()
    tablet.get_by_label("态度差").check()
    tablet.get_by_role("button", name="提交评价").click()
    expect(tablet.get_by_role("status")).to_have_text("感谢您的评价！")
    expect(tablet.get_by_text("办结后请在此评价")).to_be_visible()
    tablet.context.close()


def _bad_case():
    hall = centre_setup(main_name="浏览器差评事项")
    clerk = user("window_clerk", office=hall.centre, name="钱窗口")
    hall.clerk = clerk
    office = user("leader", office=factories.office(OfficeKind.SERVICE_OFFICE, name="市政务服务办"),
                  name="陈复核")
    party = factories.party(phone="13912340000")
    matter = finished_matter(hall, party=party)
    ratings.rate(matter, RatingChannel.ONLINE, level="very_unsatisfied", categories=["超时限"],
                 rater_name="隐名")
    case = db.session.scalar(select(BadReviewCase).where(BadReviewCase.matter_id == matter.id))
    return {"case": case.id, "number": matter.number, "clerk": clerk.username, "office": office.username}


def _rating_link():
    sms = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key.like("review:link:%"),
                                                        OutboxMessage.text.contains("浏览器差评事项")))
    return re.search(r"(/pingjia/\S+)", sms.text).group(1)


def _feedback_link(case_id):
    sms = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == f"review:case:{case_id}:feedback"))
    return re.search(r"(/pingjia/fankui/\S+)", sms.text).group(1)


def test_the_bad_review_loop(page: Page, live_server):
    seeded = live_server.seed(_bad_case)
    sign_in(page, seeded["office"])
    menu(page, "差评处理")
    page.get_by_role("link", name=seeded["number"]).click()
    page.get_by_role("button", name="提交核实情况").click()
    expect(page.get_by_text("请填写核实情况。")).to_be_visible()
    page.get_by_label("核实情况").fill("经调阅记录，办结超出承诺时限2日。")
    page.get_by_role("button", name="提交核实情况").click()
    expect(page.get_by_text("待复核决定")).to_be_visible()
    sign_out(page)

    sign_in(page, seeded["clerk"])
    page.goto(f"/reviews/cases/{seeded['case']}")
    expect(page.get_by_text("隐名")).to_have_count(0)
    page.get_by_label("举证说明").fill("系统故障导致延误，附故障记录。")
    page.get_by_role("button", name="提交申诉").click()
    expect(page.get_by_text("系统故障导致延误")).to_be_visible()
    sign_out(page)

    sign_in(page, seeded["office"])
    page.goto(f"/reviews/cases/{seeded['case']}")
    page.get_by_label("复核结论").select_option("1")
    page.get_by_label("复核理由").fill("故障当日可人工办理，申诉不成立。")
    page.get_by_label("整改期限（工作日）").fill("5")
    page.get_by_role("button", name="提交决定").click()
    expect(page.get_by_text("整改中")).to_be_visible()
    page.get_by_label("整改措施").fill("建立系统故障应急人工办理流程。")
    page.get_by_role("button", name="提交整改情况").click()
    expect(page.get_by_text("待申请人反馈")).to_be_visible()

    page.set_viewport_size(PHONE_VIEWPORT)
    page.goto(live_server.seed(_rating_link))  # the SMS link of completion
    expect(page.get_by_text("您已评价（非常不满意）")).to_be_visible()
    assert_accessible(page)
    link = live_server.seed(_feedback_link, seeded["case"])
    page.goto(link)
    expect(page.get_by_text("建立系统故障应急人工办理流程。")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("基本满意").check()
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("heading", name="感谢您的评价！")).to_be_visible()
