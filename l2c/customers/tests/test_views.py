"""Customer pages: scope tabs (BR-RPT-05), masking and audited reveal (BR-CUS-10), duplicate
cards (BR-CUS-03), the pool and its caps (BR-CUS-07), archive (BR-CUS-09) — and query
counts of every list page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from l2c.audit.models import AuditLog
from l2c.core.paging import COUNT_CAP
from l2c.customers import services
from l2c.customers.models import Customer, OwnershipKind
from l2c.org.tests.factories import PASSWORD
from l2c.policy.services import policy_change

pytestmark = pytest.mark.django_db

MOBILE = "13800138000"
MASKED = "138****8000"


def login(client, person):
    client.logout()
    assert client.login(username=person.user.username, password=PASSWORD)
    return client


def register(person, mobile=MOBILE, name="赵先生", days_ago=0, stage=None, **kw):
    at = timezone.now() - dt.timedelta(days=days_ago) if days_ago else None
    customer = services.customer_register(
        actor=person.user, data={"name": name, "mobile": mobile, **kw}, at=at
    ).customer
    if stage:
        customer = services.customer_update(
            actor=person.user, customer_id=customer.pk, data={"stage": stage}
        )
    return customer


def many(person, n, start=0, days_ago=0):
    for i in range(start, start + n):
        register(person, mobile=f"1390000{i:04d}", name=f"客户{i}", days_ago=days_ago)


def body(response) -> str:
    return response.content.decode()


# --- BR-RPT-05 tabs and lists --------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "tabs"),
    [
        ("rep", ["mine", "pool"]),
        ("supervisor1", ["mine", "team", "pool"]),
        ("manager1", ["mine", "department", "pool"]),
        ("assistant1", ["department", "pool"]),
        ("gm", ["all", "pool"]),
        ("director", ["all", "pool"]),
        ("finance", []),
    ],
)
def test_br_rpt_05_list_offers_the_scopes_the_role_has(company, clock, client, who, tabs):
    login(client, getattr(company, who))
    page = body(client.get("/customers/"))
    shown = [
        t for t in ("mine", "team", "department", "all", "pool") if f'data-scope="{t}"' in page
    ]
    assert shown == tabs
    if not tabs:
        assert 'id="no-scope"' in page


def test_br_rpt_05_each_scope_lists_its_customers(company, clock, client):
    register(company.rep, name="甲客户")
    register(company.reps1[1], mobile="13800138001", name="乙客户")
    register(company.reps2[0], mobile="13800138002", name="丙客户")
    login(client, company.rep)
    page = body(client.get("/customers/?scope=mine"))
    assert "甲客户" in page and "乙客户" not in page
    login(client, company.supervisor1)
    page = body(client.get("/customers/?scope=team"))
    assert "甲客户" in page and "乙客户" in page and "丙客户" not in page
    login(client, company.manager2)
    page = body(client.get("/customers/?scope=department"))
    assert "丙客户" in page and "甲客户" not in page
    login(client, company.gm)
    page = body(client.get("/customers/?scope=all"))
    assert all(n in page for n in ("甲客户", "乙客户", "丙客户"))
    assert "共 <strong>3</strong> 位客户" in page


def test_br_rpt_05_search_and_filters(company, clock, client):
    register(company.rep, name="赵先生", company="华润置地", klass="A")
    register(company.rep, mobile="13800138001", name="钱女士", klass="B", stage="intent")
    register(company.rep, mobile="13800138002", name="孙先生", days_ago=10)  # void
    login(client, company.rep)

    def names(query):
        page = body(client.get(f"/customers/?scope=mine&{query}"))
        return {n for n in ("赵先生", "钱女士", "孙先生") if n in page}

    assert names("q=+86 138-0013-8001") == {"钱女士"}  # phone: exact on the normalised number
    assert names("q=1380013") == set()  # a partial number finds nothing
    assert names("q=华润") == {"赵先生"}
    assert names("klass=B") == {"钱女士"}
    assert names("stage=intent") == {"钱女士"}
    assert names("state=void") == {"孙先生"}
    assert names("state=valid") == {"赵先生", "钱女士"}


def test_br_cus_04_list_shows_the_card_state_with_its_countdown(company, clock, client):
    register(company.rep, days_ago=1)  # first follow-up due in 2 days
    register(company.rep, mobile="13800138001", name="钱女士", days_ago=2)  # due tomorrow
    login(client, company.rep)
    page = body(client.get("/customers/"))
    assert 'data-state="valid"' in page and "还剩 2 天" in page
    assert 'data-state="due_soon"' in page and "还剩 1 天" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("who", "url", "days_ago"),
    [
        ("rep", "/customers/?scope=mine", 0),
        ("manager1", "/customers/?scope=department", 0),
        ("gm", "/customers/?scope=all", 0),
        ("reps1.1", "/customers/pool/", 70),
    ],
)
def test_br_rpt_05_list_pages_run_a_fixed_number_of_queries(
    company, clock, client, who, url, days_ago
):
    viewer = company.reps1[1] if who == "reps1.1" else getattr(company, who)
    many(company.rep, 3, days_ago=days_ago)
    login(client, viewer)
    few = _queries(client, url)
    many(company.rep, 27, start=3, days_ago=days_ago)
    assert _queries(client, url) == few
    assert body(client.get(url)).count("data-customer=") == 30
    # the total is counted without the rows' joins (an index-only scan on PostgreSQL)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    (count,) = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith("SELECT COUNT") and f"LIMIT {COUNT_CAP + 1}" in q["sql"]
    ]
    assert "JOIN" not in count


# --- BR-CUS-10 masking on pages, audited reveal ------------------------------------------

SEE = ["supervisor1", "manager1", "assistant1", "gm", "vp", "director"]
CANNOT_SEE = ["reps1.1", "service", "finance", "reps2.0", "manager2"]


def _person(company, who):
    if "." in who:
        team, i = who.split(".")
        return getattr(company, team)[int(i)]
    return getattr(company, who)


@pytest.mark.parametrize("who", SEE + CANNOT_SEE)
def test_br_cus_10_customer_page_masks_pii_for_every_role_but_the_owner(
    company, clock, client, who
):
    customer = register(company.rep, id_number="11010519491231002X")
    login(client, _person(company, who))
    response = client.get(f"/customers/{customer.pk}/")
    page = body(response)
    assert MOBILE not in page and "11010519491231002X" not in page
    if who in SEE:
        assert response.status_code == 200
        assert MASKED in page and "110105********002X" in page and 'id="reveal-mobile"' in page
    else:
        assert response.status_code == 404
    listing = body(client.get("/customers/?scope=all" if who in SEE else "/customers/"))
    assert MOBILE not in listing


def test_br_cus_10_the_owner_sees_the_full_number(company, clock, client):
    customer = register(company.rep, id_number="11010519491231002X")
    login(client, company.rep)
    page = body(client.get(f"/customers/{customer.pk}/"))
    assert MOBILE in page and "11010519491231002X" in page and "reveal-mobile" not in page
    assert MOBILE in body(client.get("/customers/"))


def test_br_cus_10_pool_customers_are_masked_and_cannot_be_revealed(company, clock, client):
    customer = register(company.rep, days_ago=70)
    login(client, company.reps1[1])
    page = body(client.get(f"/customers/{customer.pk}/"))
    assert MASKED in page and MOBILE not in page and "reveal-mobile" not in page
    response = client.post(f"/customers/{customer.pk}/reveal/", {"field": "mobile"})
    assert response.status_code == 403 and MOBILE not in body(response)
    assert not AuditLog.objects.filter(action="customer.reveal").exists()
    # nor does the former owner see it: the card is void
    login(client, company.rep)
    assert MOBILE not in body(client.get(f"/customers/{customer.pk}/"))


def test_br_cus_10_every_reveal_is_audited(company, clock, client):
    customer = register(company.rep, id_number="11010519491231002X")
    login(client, company.supervisor1)
    response = client.post(
        f"/customers/{customer.pk}/reveal/", {"field": "mobile"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and MOBILE in body(response)
    assert "<html" not in body(response)  # the htmx partial only
    response = client.post(f"/customers/{customer.pk}/reveal/", {"field": "id_number"})
    assert "11010519491231002X" in body(response)  # without JavaScript: the whole page
    reveals = AuditLog.objects.filter(action="customer.reveal", object_id=str(customer.pk))
    assert sorted(r.extra["field"] for r in reveals) == ["id_number", "mobile"]
    assert {r.actor_id for r in reveals} == {company.supervisor1.user.pk}


# --- BR-CUS-03 new customer, duplicate card -----------------------------------------------


def test_br_cus_03_new_customer_page_registers_and_opens_the_customer(company, clock, client):
    login(client, company.rep)
    response = client.post(
        "/customers/new/",
        {"name": "赵先生", "mobile": "+86 138 0013 8000", "klass": "A", "stage": "intent"},
        follow=False,
    )
    customer = Customer.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/customers/{customer.pk}/"
    assert customer.owner == company.rep.user and customer.mobile == MOBILE


def test_br_cus_03_duplicate_tells_who_owns_never_the_details(company, clock, client):
    register(company.rep, name="赵先生", company="华润置地", address="文三路 100 号")
    login(client, company.reps1[1])
    response = client.post(
        "/customers/new/", {"name": "赵总", "mobile": MOBILE, "klass": "C", "stage": "prospect"}
    )
    page = body(response)
    assert "该客户已由 顾问1a 负责（有效卡）" in page
    assert "华润置地" not in page and "文三路" not in page and MOBILE not in page
    assert Customer.objects.get().owner == company.rep.user


def test_br_cus_03_own_customer_again_goes_to_the_customer_page(company, clock, client):
    customer = register(company.rep, name="赵先生")
    login(client, company.rep)
    response = client.post("/customers/new/", {"name": "赵先生", "mobile": MOBILE}, follow=True)
    page = body(response)
    assert response.redirect_chain[-1][0] == f"/customers/{customer.pk}/"
    assert "已是 顾问1a 的客户（卡有效），无需重复建档" in page and "撞单" not in page


def test_br_cus_10_bad_mobile_is_shown_in_the_form(company, clock, client):
    login(client, company.rep)
    page = body(client.post("/customers/new/", {"name": "赵先生", "mobile": "12345"}))
    assert "手机号码无效" in page or "有效的中国大陆手机号码" in page
    assert not Customer.objects.exists()


# --- the customer page: timeline, actions ------------------------------------------------


def test_br_cus_07_customer_page_shows_ownership_duplicates_and_timeline(company, clock, client):
    customer = register(company.rep)
    register(company.reps1[1])  # a duplicate card
    login(client, company.supervisor1)
    page = body(client.get(f"/customers/{customer.pk}/"))
    assert page.count('class="timeline-entry"') == 2
    assert "建档" in page and "重卡" in page and "顾问1b" in page
    try:
        link = reverse("activities:follow_up_new", kwargs={"customer_id": customer.pk})
    except NoReverseMatch:  # the activities form is not there yet: no link
        assert 'id="follow-up-link"' not in page
    else:
        assert f'href="{link}" id="follow-up-link"' in page


def test_br_cus_07_pool_page_claims_and_shows_the_caps(company, clock, client):
    first = register(company.rep, days_ago=70)
    second = register(company.rep, mobile="13800138001", days_ago=70)
    policy_change(
        actor=company.gm.user, key="customers.pool_daily_claim_cap", value=1, reason="测试"
    )
    login(client, company.reps1[1])
    page = body(client.get("/customers/pool/"))
    assert page.count("claim-button") == 2 and "今日已领取 0 / 1" in page
    response = client.post(
        f"/customers/{first.pk}/claim/", {"next": "/customers/pool/"}, follow=True
    )
    assert "已从公海领取" in body(response)
    first.refresh_from_db()
    assert first.owner == company.reps1[1].user
    response = client.post(
        f"/customers/{second.pk}/claim/", {"next": "/customers/pool/"}, follow=True
    )
    assert "已达上限" in body(response) and "BR-CUS-07" in body(response)
    second.refresh_from_db()
    assert second.owner == company.rep.user  # unchanged: still the void card


def test_br_cus_07_supervisor_transfers_a_void_card_from_the_page(company, clock, client):
    customer = register(company.rep, days_ago=10)
    login(client, company.supervisor1)
    response = client.post(
        f"/customers/{customer.pk}/transfer/",
        {"to": company.reps1[1].user.pk, "reason": "原负责人未按时回访"},
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.owner == company.reps1[1].user
    assert customer.ownership.filter(kind=OwnershipKind.TRANSFER).count() == 1


def test_br_cus_07_manager_locks_and_unlocks(company, clock, client):
    customer = register(company.rep)
    login(client, company.manager1)
    client.post(f"/customers/{customer.pk}/lock/", {"lock-reason": "重点客户"})
    customer.refresh_from_db()
    assert customer.locked
    login(client, company.rep)
    page = body(client.get(f"/customers/{customer.pk}/"))
    assert 'data-state="locked"' in page and "lock-toggle" not in page
    login(client, company.manager1)
    client.post(f"/customers/{customer.pk}/unlock/", {"lock-reason": "恢复正常跟进"})
    customer.refresh_from_db()
    assert not customer.locked


def test_br_sec_03_edit_with_a_stale_version_is_refused(company, clock, client):
    customer = register(company.rep)
    login(client, company.rep)
    data = {"version": customer.version, "name": "赵总", "klass": "A", "stage": "intent"}
    data["mobile"] = MOBILE
    assert client.post(f"/customers/{customer.pk}/edit/", data).status_code == 302
    customer.refresh_from_db()
    assert customer.name == "赵总" and customer.klass == "A"
    page = body(client.post(f"/customers/{customer.pk}/edit/", {**data, "name": "赵老板"}))
    assert "已被他人修改" in page
    customer.refresh_from_db()
    assert customer.name == "赵总"


def test_br_cus_01_mark_lost_needs_a_reason(company, clock, client):
    customer = register(company.rep)
    login(client, company.rep)
    page = body(client.post(f"/customers/{customer.pk}/lost/", {"version": customer.version}))
    assert "field-error" in page
    client.post(
        f"/customers/{customer.pk}/lost/",
        {"version": customer.version, "lost_reason": "已在别处购买"},
    )
    customer.refresh_from_db()
    assert customer.stage == "lost" and customer.lost_reason == "已在别处购买"


def test_br_cus_09_only_the_gm_archives_and_nobody_deletes(company, clock, client):
    customer = register(company.rep)
    login(client, company.manager1)
    page = body(client.get(f"/customers/{customer.pk}/"))
    assert "archive-toggle" not in page
    client.post(f"/customers/{customer.pk}/archive/", {"archive-reason": "重复建档"})
    customer.refresh_from_db()
    assert customer.archived_at is None
    login(client, company.gm)
    assert "archive-toggle" in body(client.get(f"/customers/{customer.pk}/"))
    client.post(f"/customers/{customer.pk}/archive/", {"archive-reason": "客户要求删除"})
    customer.refresh_from_db()
    assert customer.archived_at is not None and customer.archive_reason == "客户要求删除"
    assert Customer.objects.filter(pk=customer.pk).exists()  # archived, never deleted
    assert client.get(f"/customers/{customer.pk}/").status_code == 404
    assert AuditLog.objects.filter(action="customer.archive").count() == 1
