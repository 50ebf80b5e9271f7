"""Nearby handling (issue 20 §1): a district intake window receives a case for a city
department; the handling window misses 15 minutes and the 分管领导's SMS is written; the case
is accepted, the result mailed with a waybill and the paper file forwarded and received."""
from datetime import datetime, timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.core import clock, deadlines
from app.extensions import db
from app.nearby.models import NearbyCase
from app.nearby.services import cases
from app.notify.models import Channel, OutboxMessage
from tests.browser.helpers import assert_accessible, flash, menu, sign_in, sign_out, user
from tests.nearby.factories import PDF, setup


def _seed():
    s = setup()
    s.item.main_name = "浏览器就近办食品经营许可"
    intake = user("window_clerk", office=s.centre, name="孙接件")
    handler = user("window_clerk", office=s.office, name="钱受理", phone="13900000009")
    return {"intake": intake.username, "handler": handler.username, "item": s.item.code,
            "deputy_phone": s.deputy.phone}


def _sweep(minutes):
    deadlines.sweep(clock.now() + timedelta(minutes=minutes))


def _sms_to(phone):
    return list(db.session.scalars(select(OutboxMessage.text).where(
        OutboxMessage.channel == Channel.SMS, OutboxMessage.phone == phone)))


def _paper_state():
    case = db.session.scalar(select(NearbyCase).order_by(NearbyCase.id.desc()))
    return case.paper_sent_at is not None, case.paper_received_at is not None


def test_intake_escalation_accept_ems_and_paper(page: Page, live_server, tmp_path):
    seeded = live_server.seed(_seed)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/jinban/?q=" + seeded["item"])                 # the public 就近办 catalog
    expect(page.get_by_text("浏览器就近办食品经营许可")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    scan = tmp_path / "申请表.pdf"
    scan.write_bytes(b"%PDF-1.4 browser scan")

    sign_in(page, seeded["intake"])
    menu(page, "就近办")
    page.get_by_role("link", name="接收申请材料").click()
    page.get_by_label("办理事项").select_option(seeded["item"])
    page.get_by_label("申请人", exact=True).fill("周申请")
    page.get_by_label("申请人手机号码").fill("13812340000")
    page.get_by_label("EMS寄送地址").fill("天津市河西区友谊路1号")
    page.get_by_label("申请材料扫描件（PDF、JPEG或PNG）").set_input_files(str(scan))
    page.get_by_role("button", name="接收并推送").click()
    expect(flash(page, "已接收并推送至")).to_be_visible()
    expect(page.locator("#state")).to_have_text("待查看")
    case_url = page.url

    live_server.seed(_sweep, 15)                          # nobody opened it for 15 minutes
    assert any("预警" in text for text in live_server.seed(_sms_to, seeded["deputy_phone"]))
    page.reload()
    expect(page.get_by_text("已预警，已短信通知分管领导")).to_be_visible()
    sign_out(page)

    sign_in(page, seeded["handler"])
    menu(page, "就近办")
    page.get_by_role("link", name="推送至本部门受理").click()
    row = page.get_by_role("row").filter(has_text="周申请")
    expect(row).to_contain_text("已预警")
    row.get_by_role("link").first.click()
    expect(page.locator("#state")).to_have_text("已查看待受理")
    page.get_by_role("button", name="受理", exact=True).click()
    expect(flash(page, "已受理")).to_be_visible()
    page.get_by_label("EMS运单号").fill("12345")
    page.get_by_label("邮寄费用（元）").fill("18.5")
    page.get_by_label("寄出日期").fill("2026-11-23")
    page.get_by_role("button", name="登记EMS寄送").click()
    expect(flash(page, "EMS运单号格式不正确")).to_be_visible()
    page.get_by_label("EMS运单号").fill("EA123456785CN")
    page.get_by_label("邮寄费用（元）").fill("18.5")
    page.get_by_label("寄出日期").fill("2026-11-23")
    page.get_by_role("button", name="登记EMS寄送").click()
    expect(page.locator("#ems")).to_contain_text("EA123456785CN，18.50元（天津市政务服务办公室）")
    sign_out(page)

    sign_in(page, seeded["intake"])
    page.goto(case_url)
    page.get_by_role("button", name="登记纸质材料已流转").click()
    expect(page.locator("#paper")).to_contain_text("已流转")
    sign_out(page)
    sign_in(page, seeded["handler"])
    page.goto(case_url)
    page.get_by_role("button", name="确认接收归档").click()
    expect(page.locator("#paper")).to_contain_text("已接收归档")
    assert live_server.seed(_paper_state) == (True, True)


def _correction_link():
    s = setup()
    case = cases.receive(item_code=s.item.code, party_name="吴补正", phone="13812349999",
                         ems_address="天津市南开区鞍山西道1号", files=[(PDF, "申请表.pdf")], clerk=s.intake)
    correction = cases.request_correction(case, s.handler, details="请补充营业执照副本扫描件")
    return cases.CORRECTION_PATH.format(token=cases.correction_token(correction))


def test_applicant_corrects_online_on_a_phone(page: Page, live_server, tmp_path):
    link = live_server.seed(_correction_link)
    scan = tmp_path / "营业执照.jpg"
    scan.write_bytes(b"\xff\xd8\xff\xe0 browser jpeg")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(link)
    expect(page.get_by_role("note")).to_contain_text("请补充营业执照副本扫描件")
    assert_accessible(page)
    page.get_by_label("补正材料（PDF、JPEG或PNG）").set_input_files(str(scan))
    page.get_by_label("补正说明").fill("已补充副本")
    page.get_by_role("button", name="提交补正材料").click()
    expect(page.get_by_role("status")).to_contain_text("补正材料已提交")
    assert_accessible(page)
