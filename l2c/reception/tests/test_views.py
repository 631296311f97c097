"""The desk and register pages: rendering, HTMX lookup, actions through the web, scope, and
query counts that do not grow with the day's traffic."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c.customers import services as customer_services
from l2c.org.tests.factories import PASSWORD
from l2c.reception.models import DutyRoster
from l2c.reception.tests.conftest import out, set_roster, walk_in

pytestmark = pytest.mark.django_db


def login(client, person):
    assert client.login(username=person.user.username, password=PASSWORD)
    return client


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries), response.content.decode()


def test_br_rec_02_desk_shows_who_is_next_and_owed_turns(office, clock, client):
    roster = set_roster(office, office.wang, office.li, office.zhang)
    out(office, roster, office.li)
    walk_in(office, roster, "访客一")
    walk_in(office, roster, "访客二")
    page = _count(login(client, office.desk), "/reception/")[1]
    assert "下一位接待：王芳" in page
    assert "欠补接 1 名" in page and 'id="member-rep_li"' in page
    assert "跳过：李娜" in page  # the day's rotation history
    assert 'hx-get="/reception/lookup/"' in page and "keyup changed delay:300ms" in page


def test_br_rec_01_desk_and_lists_run_a_fixed_number_of_queries(office, clock, client):
    roster = set_roster(office, office.wang, office.li, office.zhang)
    login(client, office.company.manager1)

    def grow(start, n):
        for i in range(start, start + n):
            mobile = f"1370013{i:04d}"
            customer_services.customer_register(
                actor=office.zhang.user, data={"name": f"老{i}", "mobile": mobile}
            )
            walk_in(office, roster, f"老{i}", mobile=mobile, answers={"forgot": True})
            walk_in(office, roster, f"新{i}", mobile=f"1360013{i:04d}")

    grow(0, 1)
    urls = ["/reception/", "/reception/registers/", "/reception/attributions/?tab=all"]
    few = [_count(client, url)[0] for url in urls]
    grow(1, 6)
    many = [_count(client, url)[0] for url in urls]
    assert many == few


def test_br_rec_06_lookup_partial_shows_owner_masked(office, clock, client):
    customer_services.customer_register(
        actor=office.wang.user, data={"name": "赵先生", "mobile": "13900139000"}
    )
    login(client, office.desk)
    html = client.get("/reception/lookup/?mobile=13900139000", HTTP_HX_REQUEST="true").content
    html = html.decode()
    assert "王芳" in html and "赵**" in html and "有效" in html
    assert "13900139000" not in html and "<html" not in html
    assert "新号码" in client.get("/reception/lookup/?mobile=13700137000").content.decode()
    assert "请输入有效" in client.get("/reception/lookup/?mobile=12345678901").content.decode()
    assert client.get("/reception/lookup/?mobile=139").content.decode().strip() == ""


def test_br_rec_02_roster_form_and_receive_through_the_web(office, clock, client):
    login(client, office.desk)
    page = client.get("/reception/roster/").content.decode()
    assert "第 1 位" in page
    response = client.post(
        "/reception/roster/",
        {
            "position_1": office.wang.user.pk,
            "position_2": office.li.user.pk,
            "position_3": office.zhang.user.pk,
        },
        follow=True,
    )
    assert "今天的轮值顺序已保存" in response.content.decode()
    roster_id = DutyRoster.objects.get().pk
    client.post(
        f"/reception/rosters/{roster_id}/out/", {"rep": office.li.user.pk, "reason": "business"}
    )
    data = {
        "kind": "walk_in",
        "visit": "first",
        "name": "访客",
        "source": "passing",
        "roster": roster_id,
    }
    body = client.post("/reception/receive/", data, follow=True).content.decode()
    assert "访客 已由 王芳 接待（轮流接待）" in body
    body = client.post("/reception/receive/", data, follow=True).content.decode()
    assert "已由 张伟 接待" in body
    client.post(f"/reception/rosters/{roster_id}/back/", {"rep": office.li.user.pk})
    body = client.post("/reception/receive/", data, follow=True).content.decode()
    assert "已由 李娜 接待（补接）" in body
    # a refused entry keeps the form and says why
    response = client.post("/reception/receive/", {**data, "mobile": "12345"}, follow=True)
    assert response.status_code == 422 and "手机号码" in response.content.decode()


def test_br_rec_07_entry_page_register_and_message(office, clock, client):
    roster = set_roster(office, office.wang, office.li)
    customer_services.customer_register(
        actor=office.li.user, data={"name": "钱先生", "mobile": "13500135000"}
    )
    entry = walk_in(office, roster, "钱先生", mobile="13500135000", is_first_visit=True).reception
    login(client, office.desk)
    body = client.post(
        f"/reception/entries/{entry.pk}/register/", {"klass": "C", "stage": "prospect"}, follow=True
    ).content.decode()
    assert "重卡：该客户已由 李娜 负责" in body
    fresh = walk_in(office, roster, "孙女士", mobile="13400134000").reception
    body = client.post(
        f"/reception/entries/{fresh.pk}/register/", {"klass": "B", "stage": "prospect"}, follow=True
    ).content.decode()
    assert "已为 孙女士 建档" in body
    login(client, fresh.rep.person)
    body = client.post(f"/reception/entries/{fresh.pk}/message-sent/", follow=True).content.decode()
    assert "已登记首次回访短信" in body
    home = client.get("/").content.decode()
    assert "孙女士" not in home


def test_home_to_do_lists_the_first_message(office, clock, client):
    roster = set_roster(office, office.wang)
    walk_in(office, roster, "吴女士", mobile="13300133000")
    home = login(client, office.wang).get("/").content.decode()
    assert "今日首次回访短信" in home and "给 吴女士 发首次回访短信" in home


def test_br_att_11_manager_resolves_on_the_disputes_page(office, clock, client):
    roster = set_roster(office, office.li, office.wang)
    customer_services.customer_register(
        actor=office.wang.user, data={"name": "赵先生", "mobile": "13900139000"}
    )
    decision = walk_in(
        office, roster, "赵先生", mobile="13900139000", answers={"forgot": True}
    ).decision
    login(client, office.wang)
    client.post(f"/reception/attributions/{decision.pk}/dispute/", {"reason": "我先接待的"})
    login(client, office.company.manager1)
    listing = client.get("/reception/attributions/").content.decode()
    assert "赵先生" in listing and "有争议" in listing
    page = client.get(f"/reception/attributions/{decision.pk}/").content.decode()
    assert "resolve-card" in page
    body = client.post(
        f"/reception/attributions/{decision.pk}/resolve/",
        {"how": "department", "note": "双方争吵，归部门"},
        follow=True,
    ).content.decode()
    assert "已裁定并记录" in body and "争吵不休，业绩归部门" in body
    login(client, office.company.reps2[0])
    assert client.get(f"/reception/attributions/{decision.pk}/").status_code == 404
