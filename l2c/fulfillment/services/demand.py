"""The demand request (需货申请单, BR-FUL-02): never more than the order's remaining
quantity; through the ``demand_request`` chain."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from l2c.approvals.documents import ApprovalStatus
from l2c.approvals.registry import Outcome
from l2c.approvals.services.documents import document_submit, follow_outcome
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, NotFoundError
from l2c.core.roles import Role
from l2c.core.scope import can_see
from l2c.fulfillment import policies
from l2c.fulfillment.models import (
    DemandLine,
    DemandRequest,
    SalesOrder,
)
from l2c.fulfillment.services.common import FLOW, LIVE_REQUESTS, locked_order, pk_of
from l2c.notifications.services import notify
from l2c.org.selectors import acting_person, person_list


def remaining_quantities(order: SalesOrder) -> dict[int, int]:
    """Per order line: the ordered quantity less what live demand requests already ask for
    (and so less what has shipped). One query per call plus the lines."""
    asked = dict(
        DemandLine.objects.filter(order_line__order=order, request__status__in=LIVE_REQUESTS)
        .values_list("order_line_id")
        .annotate(total=Sum("quantity"))
        .values_list("order_line_id", "total")
    )
    return {line.pk: line.quantity - (asked.get(line.pk) or 0) for line in order.lines.all()}


@transaction.atomic
def demand_request_create(
    *, actor, order_id: int, lines: list[dict[str, Any]], note: str = "", submit: bool = True
) -> DemandRequest:
    """Ask for goods against the order (BR-FUL-02): never more than the contract's remaining
    quantity; submitted to the ``demand_request`` chain (branch manager → sales manager)."""
    person = acting_person(actor, rule=FLOW, roles=policies.ORDER_ROLES)
    order = locked_order(order_id)  # one request at a time per order: the remainder holds
    if not can_see(actor, order):
        raise NotFoundError(FLOW, _("未找到该订单。"))
    remaining = remaining_quantities(order)
    order_lines = {line.pk: line for line in order.lines.select_related("product", "unit")}
    wanted: dict[int, int] = {}
    for raw in lines or []:
        if not isinstance(raw, dict):
            raise BusinessRuleError(FLOW, _("申请明细格式不正确。"), field="lines")
        pk = pk_of(raw.get("line_id"))
        if pk not in order_lines:
            raise NotFoundError(FLOW, _("该订单没有这一行明细。"), field="lines")
        qty = policies.quantity(raw.get("quantity"), rule=FLOW, field="lines")
        wanted[pk] = wanted.get(pk, 0) + qty
    if not wanted:
        raise BusinessRuleError(FLOW, _("请至少申请一行。"), field="lines")
    for pk, qty in wanted.items():
        if qty > remaining[pk]:
            line = order_lines[pk]
            raise BusinessRuleError(
                FLOW,
                _("%(item)s 合同剩余可申请 %(left)s %(u)s，不能申请 %(want)s %(u)s。")
                % {
                    "item": line.label,
                    "left": remaining[pk],
                    "want": qty,
                    "u": line.product.unit_name,
                },
                code="over_contract",
                field="lines",
            )
    request = DemandRequest.objects.create(
        order=order,
        note=(note or "").strip()[:200],
        owner=actor,
        department_id=order.department_id,
        team_id=person.team_id if person.department_id == order.department_id else order.team_id,
    )
    DemandLine.objects.bulk_create(
        DemandLine(request=request, order_line_id=pk, quantity=qty) for pk, qty in wanted.items()
    )
    audit_record(
        actor=actor,
        action="demand_request.create",
        obj=request,
        rule=FLOW,
        extra={"order": order.number, "lines": {str(k): v for k, v in wanted.items()}},
    )
    if not submit:
        return request
    result = document_submit(
        actor=actor,
        doc=request,
        title=_("需货申请：订单 %(n)s") % {"n": order.number},
        facts={"order": order.number},
    )
    assert isinstance(result, DemandRequest)
    return result


def demand_request_on_outcome(outcome: Outcome) -> None:
    """The request's status follows its approval; once approved, the department's
    assistants are told the outbound order can be issued."""
    request = outcome.obj
    fields = follow_outcome(request, outcome)
    if fields:
        request.save_versioned(update_fields=fields)
    if outcome.state == ApprovalStatus.APPROVED:
        order = request.order
        notify(
            recipients=[
                p.user
                for p in person_list(
                    viewer=None, role=Role.ASSISTANT, department=order.department_id
                )
            ],
            kind="fulfillment.demand_approved",
            title=_("需货申请已批准：订单 %(n)s，请开具出库单") % {"n": order.number},
            url=reverse("fulfillment:order", args=[order.pk]),
            obj=request,
            key=f"fulfillment.demand_approved:{request.pk}",
        )
