"""Fixtures of the approval engine's tests: a fixed clock, chains set through policy, and a
test kind whose outcomes are recorded."""

from __future__ import annotations

import pytest

from l2c.approvals import registry
from l2c.core.testing import MONDAY_10, SHANGHAI, at, clock  # noqa: F401 — re-exported
from l2c.deals.models import DiscountRequest
from l2c.deals.services import discount_request_create
from l2c.policy.services import policy_change


class Recorder:
    def __init__(self):
        self.states: list[str] = []

    def __call__(self, outcome: registry.Outcome) -> None:
        self.states.append(outcome.state)


@pytest.fixture
def outcomes():
    """Registers the test kind ``process_change`` (its chain: ``approvals.chain.process_change``)
    on the discount-request model, recording every outcome the engine reports."""
    recorder = Recorder()
    previous = registry.get("process_change")
    registry.register(
        registry.ApprovalKind(
            key="process_change",
            label="流程变更",
            model=DiscountRequest,
            url=lambda obj: f"/deals/discounts/{obj.pk}/",
            on_outcome=recorder,
        )
    )
    yield recorder
    if previous is None:
        registry._kinds.pop("process_change", None)
    else:
        registry.register(previous)


def set_chain(company, steps, *, key="process_change", **extra):
    policy_change(
        actor=company.gm.user,
        key=f"approvals.chain.{key}",
        value={"steps": steps, **extra},
        reason="测试用审批流程",
    )


def person_step(name, *people, mode="any", deadline=None, when=None):
    step = {
        "name": name,
        "mode": mode,
        "approvers": [{"type": "person", "username": p.user.username} for p in people],
    }
    if deadline:
        step["deadline"] = deadline
    if when:
        step["when"] = when
    return step


def make_document(owner, **kw):
    data = {
        "customer_name": "赵先生",
        "unit_label": "3-1502",
        "list_price": "1000000.00",
        "discount_percent": "3",
        **kw,
    }
    return discount_request_create(actor=owner.user, data=data)
