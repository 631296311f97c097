"""The foundation's browser tests: a rep's home in Chinese; the GM's org chart; lock-out."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import shot


def test_rep_logs_in_and_sees_the_home_page_in_chinese(login, demo_server):
    page = login("lina")
    expect(page.locator("#home-greeting")).to_have_text("您好，李娜")
    expect(page.locator("#todo-panel")).to_contain_text("我的待办")
    expect(page.locator("#team-panel")).to_contain_text("王芳")
    expect(page.locator("nav")).to_contain_text("通讯录")
    # a rep has no policy or audit menu
    expect(page.locator("nav")).not_to_contain_text("审计日志")
    assert page.evaluate("document.documentElement.lang") == "zh-hans"
    assert shot(page, "home-rep").stat().st_size > 10_000


def test_gm_sees_the_org_chart(login, demo_server):
    page = login("chenjg")
    expect(page.locator("#departments-panel")).to_contain_text("销售一部")
    shot(page, "home-gm")
    page.click("#nav-more")
    page.click("text=组织架构")
    expect(page.locator("#org-chart canvas")).to_have_count(1)
    expect(page.locator("#org-tree")).to_contain_text("陈建国")
    expect(page.locator("#org-tree")).to_contain_text("王芳")
    # the chart drew every person of the demo company
    assert page.locator("#org-tree a").count() == 30
    assert page.evaluate("window.l2cOrgChart.getOption().series[0].type") == "tree"
    shot(page, "org-chart")


def test_admin_changes_a_policy_setting_in_the_browser(login, demo_server):
    page = login("admin")
    page.click("#nav-more")
    page.click("text=制度设置")
    page.click("text=建档保护期")
    expect(page.locator("#policy-current")).to_have_text("60 天")
    page.fill("#id_value", "45")
    page.fill("#id_reason", "")
    page.click("#policy-change-form button[type=submit]")
    expect(page.locator("#policy-change-form")).to_contain_text("必填")
    page.fill("#id_value", "45")
    page.fill("#id_reason", "总经理办公会决定")
    page.click("#policy-change-form button[type=submit]")
    expect(page.locator("#policy-current")).to_have_text("45 天")
    expect(page.locator("#policy-history")).to_contain_text("总经理办公会决定")
    expect(page.locator("#history-panel")).to_contain_text("修改制度设置")
    shot(page, "policy-setting")


def test_language_switches_to_english(login, demo_server):
    page = login("wangfang")
    page.select_option("select[name=language]", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav")).to_contain_text("People")


def test_the_demo_serves_without_debug_its_own_404_and_static_files(login, demo_server):
    """`make run` serves like production (issue 16): an unknown address gets the app's own
    page — no list of every URL pattern — and the styles still load (WhiteNoise)."""
    page = login("lina")
    response = page.goto(f"{demo_server}/no-such-page/")
    assert response is not None and response.status == 404
    body = page.content()
    assert "页面不存在" in body and "URLconf" not in body and "urlpatterns" not in body
    css = page.request.get(f"{demo_server}/static/css/l2c.css")
    assert css.status == 200
