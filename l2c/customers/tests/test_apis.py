"""The customers API (/api/v1/customers/): scopes (BR-RPT-05), registration and duplicate
cards (BR-CUS-03), masking and audited reveal (BR-CUS-10), claim caps, transfer and lock
(BR-CUS-07), archive (BR-CUS-09), the phone lookup (BR-REC-06) — and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from l2c.audit.models import AuditLog
from l2c.core.testing import api_error, queries_of
from l2c.customers import services
from l2c.customers.models import Customer
from l2c.policy.services import policy_change

pytestmark = pytest.mark.django_db

URL = "/api/v1/customers/"
MOBILE = "13800138000"
MASKED = "138****8000"


def register(person, mobile=MOBILE, name="赵先生", days_ago=0, **kw):
    at = timezone.now() - dt.timedelta(days=days_ago) if days_ago else None
    return services.customer_register(
        actor=person.user, data={"name": name, "mobile": mobile, **kw}, at=at
    ).customer


def _person(company, who):
    if "." in who:
        team, i = who.split(".")
        return getattr(company, team)[int(i)]
    return getattr(company, who)


# --- list, scopes, query counts ----------------------------------------------------------


def test_br_rpt_05_api_lists_by_scope_newest_first(company, clock, api):
    register(company.rep, name="甲", days_ago=2)
    register(company.rep, mobile="13800138001", name="乙")
    register(company.reps2[0], mobile="13800138002", name="丙")
    body = api.as_(company.rep).get(URL, {"scope": "mine"}).json()
    assert body["count"] == 2 and [c["name"] for c in body["results"]] == ["乙", "甲"]
    first = body["results"][0]
    assert first["mobile"] == "13800138001" and first["owner"] == company.rep.pk
    assert first["state"] == "valid" and first["countdown"] == "还剩 3 天"
    body = api.as_(company.manager2).get(URL, {"scope": "department"}).json()
    assert [c["name"] for c in body["results"]] == ["丙"]
    body = api.as_(company.gm).get(URL, {"scope": "all", "owner": company.rep.pk}).json()
    assert body["count"] == 2 and all(c["mobile"].count("*") == 4 for c in body["results"])
    body = api.as_(company.rep).get(URL, {"scope": "all", "search": "+86 138 0013 8002"}).json()
    assert body["count"] == 0  # not in the rep's scope


@pytest.mark.parametrize(
    ("who", "scope", "days_ago"),
    [("rep", "mine", 0), ("manager1", "department", 0), ("gm", "all", 0), ("reps1.1", "pool", 70)],
)
def test_br_rpt_05_api_list_runs_a_fixed_number_of_queries(
    company, clock, api, who, scope, days_ago
):
    client = api.as_(_person(company, who))
    for i in range(3):
        register(company.rep, mobile=f"1390000{i:04d}", days_ago=days_ago)
    few, body = queries_of(client, f"{URL}?scope={scope}")
    assert body["count"] == 3
    for i in range(3, 30):
        register(company.rep, mobile=f"1390000{i:04d}", days_ago=days_ago)
    many, body = queries_of(client, f"{URL}?scope={scope}")
    assert body["count"] == 30 and many == few


# --- registration and duplicates ---------------------------------------------------------


def test_br_cus_03_api_registers_and_reports_a_duplicate_without_details(company, clock, api):
    response = api.as_(company.rep).post(
        URL,
        {"name": "赵先生", "mobile": "+86 138-0013-8000", "company": "华润置地", "stage": "intent"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["created"] and not body["duplicate"]
    assert body["customer"]["mobile"] == MOBILE and body["customer"]["stage"] == "intent"
    again = api.as_(company.reps1[1]).post(URL, {"name": "赵总", "mobile": MOBILE}, format="json")
    assert again.status_code == 200
    body = again.json()
    assert body["duplicate"] and body["customer"] is None
    assert body["message"] == "该客户已由 顾问1a 负责（有效卡）"
    assert "华润置地" not in again.content.decode()
    assert Customer.objects.count() == 1


def test_br_cus_03_api_own_customer_again_is_not_a_duplicate(company, clock, api):
    first = api.as_(company.rep).post(URL, {"name": "赵先生", "mobile": MOBILE}, format="json")
    again = api.as_(company.rep).post(URL, {"name": "赵先生", "mobile": MOBILE}, format="json")
    assert again.status_code == 200, again.content
    body = again.json()
    assert not body["created"] and not body["duplicate"]
    assert body["customer"]["id"] == first.json()["customer"]["id"]
    assert "无需重复建档" in body["message"]


def test_br_cus_10_api_refuses_a_bad_mobile_with_422(company, clock, api):
    body = api_error(
        api.as_(company.rep).post(URL, {"name": "赵先生", "mobile": "12345"}, format="json"),
        422,
        "BR-CUS-10",
    )
    assert body["field"] == "mobile"


def test_br_sec_03_api_update_needs_the_current_version(company, clock, api):
    customer = register(company.rep)
    client = api.as_(company.rep)
    response = client.patch(
        f"{URL}{customer.pk}/", {"version": customer.version, "klass": "A"}, format="json"
    )
    assert response.status_code == 200 and response.json()["klass"] == "A"
    stale = client.patch(
        f"{URL}{customer.pk}/", {"version": customer.version, "klass": "B"}, format="json"
    )
    api_error(stale, 409, "BR-SEC-03")


# --- BR-CUS-10 masking and reveal --------------------------------------------------------

SEE = ["supervisor1", "manager1", "assistant1", "gm", "vp", "director"]
CANNOT_SEE = ["reps1.1", "service", "finance", "manager2", "supervisor2"]


@pytest.mark.parametrize("who", SEE + CANNOT_SEE)
def test_br_cus_10_api_masks_pii_for_every_role_but_the_owner(company, clock, api, who):
    customer = register(company.rep, id_number="11010519491231002X")
    services.contact_add(
        actor=company.rep.user,
        customer_id=customer.pk,
        data={"name": "赵太太", "mobile": "13900139009", "is_family": True},
    )
    response = api.as_(_person(company, who)).get(f"{URL}{customer.pk}/")
    text = response.content.decode()
    assert MOBILE not in text and "11010519491231002X" not in text and "13900139009" not in text
    if who in SEE:
        body = response.json()
        assert body["mobile"] == MASKED and body["id_number"] == "110105********002X"
        assert body["masked"] and body["contacts"][0]["mobile"] == "139****9009"
    else:
        api_error(response, 404)


def test_br_cus_10_api_owner_sees_everything(company, clock, api):
    customer = register(company.rep, id_number="11010519491231002X")
    body = api.as_(company.rep).get(f"{URL}{customer.pk}/").json()
    assert body["mobile"] == MOBILE and body["id_number"] == "11010519491231002X"
    assert not body["masked"]


def test_br_cus_10_api_reveal_is_audited_and_not_for_pool_browsers(company, clock, api):
    customer = register(company.rep)
    response = api.as_(company.manager1).post(
        f"{URL}{customer.pk}/reveal/", {"field": "mobile"}, format="json"
    )
    assert response.status_code == 200 and response.json() == {"field": "mobile", "value": MOBILE}
    log = AuditLog.objects.get(action="customer.reveal")
    assert log.actor_id == company.manager1.user.pk and log.extra == {"field": "mobile"}
    assert log.rule == "BR-CUS-10"
    pooled = register(company.reps1[1], mobile="13800138001", days_ago=70)
    api_error(
        api.as_(company.reps2[0]).post(
            f"{URL}{pooled.pk}/reveal/", {"field": "mobile"}, format="json"
        ),
        403,
        "BR-CUS-10",
    )
    api_error(
        api.as_(company.finance).post(
            f"{URL}{customer.pk}/reveal/", {"field": "mobile"}, format="json"
        ),
        404,
    )
    assert AuditLog.objects.filter(action="customer.reveal").count() == 1


# --- BR-CUS-07 claim, transfer, lock -----------------------------------------------------


def test_br_cus_07_api_claim_and_its_daily_cap(company, clock, api):
    first = register(company.rep, days_ago=70)
    second = register(company.rep, mobile="13800138001", days_ago=70)
    policy_change(
        actor=company.gm.user, key="customers.pool_daily_claim_cap", value=1, reason="测试"
    )
    client = api.as_(company.reps2[0])
    response = client.post(f"{URL}{first.pk}/claim/")
    assert response.status_code == 200, response.content
    assert response.json()["owner"] == company.reps2[0].pk
    assert response.json()["mobile"] == MOBILE  # now the owner: unmasked
    body = api_error(client.post(f"{URL}{second.pk}/claim/"), 422, "BR-CUS-07")
    assert body["code"] == "daily_cap"


def test_br_cus_07_api_transfer_void_card_and_refuse_a_valid_one(company, clock, api):
    void = register(company.rep, days_ago=10)
    valid = register(company.rep, mobile="13800138001")
    client = api.as_(company.supervisor1)
    response = client.post(
        f"{URL}{void.pk}/transfer/",
        {"to": company.reps1[1].pk, "reason": "未按时回访"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["owner"] == company.reps1[1].pk
    ownership = response.json()["ownership"]
    assert ownership[-1]["kind"] == "transfer" and ownership[-1]["reason"] == "未按时回访"
    body = api_error(
        client.post(
            f"{URL}{valid.pk}/transfer/",
            {"to": company.reps1[1].pk, "reason": "调整"},
            format="json",
        ),
        422,
        "BR-CUS-07",
    )
    assert body["code"] == "card_valid"
    api_error(
        client.post(f"{URL}{valid.pk}/transfer/", {"to": 10**9, "reason": "x"}, format="json"),
        422,
    )


def test_br_cus_07_api_lock_is_for_managers(company, clock, api):
    customer = register(company.rep)
    api_error(
        api.as_(company.supervisor1).post(
            f"{URL}{customer.pk}/lock/", {"reason": "重点"}, format="json"
        ),
        403,
        "BR-CUS-07",
    )
    response = api.as_(company.manager1).post(
        f"{URL}{customer.pk}/lock/", {"reason": "重点客户"}, format="json"
    )
    assert response.status_code == 200 and response.json()["state"] == "locked"
    response = api.as_(company.manager1).post(
        f"{URL}{customer.pk}/unlock/", {"reason": "恢复"}, format="json"
    )
    assert response.json()["state"] == "valid"


def test_br_cus_09_api_archive_is_for_the_gm(company, clock, api):
    customer = register(company.rep)
    api_error(
        api.as_(company.manager1).post(
            f"{URL}{customer.pk}/archive/", {"reason": "重复"}, format="json"
        ),
        403,
        "BR-CUS-09",
    )
    response = api.as_(company.gm).post(
        f"{URL}{customer.pk}/archive/", {"reason": "客户要求"}, format="json"
    )
    assert response.status_code == 200 and response.json()["archive_reason"] == "客户要求"
    api_error(api.as_(company.gm).get(f"{URL}{customer.pk}/"), 404)
    assert Customer.objects.filter(pk=customer.pk, archived_at__isnull=False).exists()


# --- BR-REC-06 phone lookup --------------------------------------------------------------


def test_br_rec_06_phone_lookup_answers_owner_and_state_only(company, clock, api):
    register(company.rep, company="华润置地", address="文三路")
    response = api.as_(company.reps2[1]).get(f"{URL}phone-lookup/", {"mobile": "+86 138 0013 8000"})
    assert response.status_code == 200
    assert response.json() == {
        "exists": True,
        "name_masked": "赵**",
        "owner": company.rep.pk,
        "owner_name": "顾问1a",
        "state": "valid",
        "state_label": "有效",
    }
    missing = api.as_(company.assistant2).get(f"{URL}phone-lookup/", {"mobile": "13900139000"})
    assert missing.json()["exists"] is False
    api_error(api.as_(company.finance).get(f"{URL}phone-lookup/", {"mobile": MOBILE}), 403)
    api_error(api.as_(company.rep).get(f"{URL}phone-lookup/", {"mobile": "123"}), 422, "BR-CUS-10")


def test_br_cus_07_api_ownership_names_may_be_null_and_the_schema_says_so(company, clock, api):
    """A registration has no previous owner: the JSON says null, and the OpenAPI document
    declares those names nullable (a client generated from it must not choke)."""
    from drf_spectacular.generators import SchemaGenerator

    customer = register(company.rep)
    body = api.as_(company.rep).get(f"{URL}{customer.pk}/").json()
    assert body["ownership"][0]["from_owner_name"] is None
    schema = SchemaGenerator().get_schema(request=None, public=True)
    component = next(
        c
        for c in schema["components"]["schemas"].values()
        if {"from_owner_name", "kind_label"} <= set(c.get("properties", {}))
    )
    for name in ("from_owner_name", "to_owner_name", "actor_name"):
        assert component["properties"][name].get("nullable") is True, name


def test_br_cus_01_api_refuses_a_birthday_in_1899_or_the_future(company, clock, api):
    customer = register(company.rep)
    client = api.as_(company.rep)
    for day in ("1899-12-31", "2030-01-01"):
        response = client.patch(
            f"{URL}{customer.pk}/", {"birthday": day, "version": customer.version}, format="json"
        )
        assert response.status_code == 422 and response.json()["field"] == "birthday"
