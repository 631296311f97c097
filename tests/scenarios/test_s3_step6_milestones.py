"""S3 step 6 — the engineering contract's payment milestones, through the REST API under
the fixed clock: 30% advance, 60% on arrival, 5% on acceptance, 5% retention due at the
warranty expiry 12 months after acceptance.

The spec's 5% retention meets BR-FIN-03's cap (at most 3% of the settlement amount,
建设工程质量保证金管理办法 第7条): the plan as the scenario states it is refused with the
cap shown, and the contract's plan keeps the scenario's shape with the retention at the cap
(30 / 60 / 7 / 3). Acceptance is recorded on a date; the acceptance milestone is not due
before it, and the retention falls due 12 months later."""

from __future__ import annotations

import pytest

from l2c.core.testing import at
from l2c.finance.tests.conftest import make_contract, make_reservation

pytestmark = pytest.mark.django_db
BASE = "/api/v1/finance"


def _plan(acceptance: str, retention: str) -> list[dict]:
    return [
        {"kind": "advance", "name": "预付款", "percent": "30", "due_by": "on_signing"},
        {"kind": "arrival", "name": "到货款", "percent": "60", "due_by": "on_arrival"},
        {"kind": "acceptance", "name": "验收款", "percent": acceptance, "due_by": "on_acceptance"},
        {
            "kind": "retention",
            "name": "质保金",
            "percent": retention,
            "due_by": "at_warranty_expiry",
        },
    ]


def test_s3_step_6_milestones_acceptance_and_retention_at_warranty_expiry(company, api, clock):
    contract = make_contract(make_reservation(company, price="1600500.00"))
    finance = api.as_(company.finance)
    url = f"{BASE}/contracts/{contract.pk}/payment-plan/"

    refused = finance.post(url, {"milestones": _plan("5", "5")}, format="json")
    assert refused.status_code == 422 and refused.json()["rule"] == "BR-FIN-03"
    assert "质保金合计 ¥80,025.00 超过结算金额 ¥1,600,500.00 的 3%" in refused.json()["message"]

    plan = finance.post(url, {"milestones": _plan("7", "3")}, format="json").json()
    assert [m["amount"] for m in plan["milestones"]] == [
        "480150.00",
        "960300.00",
        "112035.00",
        "48015.00",
    ]
    ids = [m["id"] for m in plan["milestones"]]

    # the advance is paid; the goods arrive; the arrival payment is paid
    def pay(i, amount, ref):
        r = finance.post(
            f"{BASE}/milestones/{ids[i]}/receipts/",
            {"amount": amount, "payer": "甲方", "method": "bank", "bank_ref": ref},
            format="json",
        )
        assert r.status_code == 201, r.json()

    pay(0, "480150", "S3-ADV")
    clock.move_to(at(2027, 2, 1))
    finance.post(
        f"{BASE}/contracts/{contract.pk}/events/",
        {"event": "arrival", "on": "2027-02-01"},
        format="json",
    )
    pay(1, "960300", "S3-ARR")

    # before the acceptance: the acceptance milestone is not yet due
    clock.move_to(at(2027, 3, 14))
    states = [m["state"] for m in finance.get(url).json()["milestones"]]
    assert states == ["paid", "paid", "not_due", "not_due"]

    clock.move_to(at(2027, 3, 15))
    body = finance.post(
        f"{BASE}/contracts/{contract.pk}/events/",
        {"event": "acceptance", "on": "2027-03-15", "warranty_months": 12},
        format="json",
    ).json()
    assert body["accepted_on"] == "2027-03-15" and body["warranty_expires_on"] == "2028-03-15"
    acceptance, retention = body["milestones"][2], body["milestones"][3]
    assert acceptance["due_on"] == "2027-03-15" and acceptance["state"] == "due"
    assert retention["due_on"] == "2028-03-15" and retention["state"] == "not_due"

    # the retention falls due at the warranty expiry, 12 months later
    pay(2, "112035", "S3-ACC")
    clock.move_to(at(2028, 3, 16))
    retention = finance.get(url).json()["milestones"][3]
    assert retention["state"] == "overdue" and retention["overdue_days"] == 1
