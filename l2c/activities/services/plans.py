"""Monthly visit plans (拜访计划书, BR-ACT-01): drafted with their items, submitted through
the approval engine (kind ``visit_plan``, chain ``approvals.chain.visit_plan``: the
superior approves), read-only while in approval."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.activities.models import PlanStatus, VisitPlan, VisitPlanItem, VisitPurpose
from l2c.activities.policies import month_end, month_start, parse_month, plan_due_on
from l2c.activities.services._common import SALES_ROLES, as_date, person_of, text
from l2c.approvals import services as approvals
from l2c.approvals.documents import EDITABLE_STATUSES
from l2c.approvals.services.documents import document_submit
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.customers import selectors as customer_selectors

RULE = "BR-ACT-01"
APPROVAL_KIND = VisitPlan.approval_kind
EDITABLE = EDITABLE_STATUSES
MAX_ITEMS = 200
#: how far ahead a plan may be made
MAX_MONTHS_AHEAD = 12


def _locked_plan(actor, plan_id) -> VisitPlan:
    try:
        plan = VisitPlan.objects.select_for_update().get(pk=int(plan_id))
    except (VisitPlan.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError(RULE, _("未找到该拜访计划。")) from exc
    if plan.rep_id != actor.pk:
        from l2c.core.scope import can_see

        if can_see(actor, plan):
            raise PermissionDeniedError(RULE, _("只有计划本人可以修改或提交拜访计划。"))
        raise NotFoundError(RULE, _("未找到该拜访计划。"))
    return plan


def _editable(plan: VisitPlan) -> None:
    approvals.ensure_editable(plan)  # BR-APR-06: read-only while in approval
    if plan.status not in EDITABLE:
        raise ConflictError(
            RULE,
            _("%(s)s的拜访计划不能修改。") % {"s": plan.get_status_display()},
            code="not_editable",
        )


@transaction.atomic
def visit_plan_create(*, actor, month, note: str = "") -> VisitPlan:
    """A draft plan for ``month`` (next month normally; this month is allowed but late)."""
    person = person_of(actor, rule=RULE, roles=SALES_ROLES)
    first = parse_month(month)
    this_month = month_start(timezone.localdate())
    if first < this_month:
        raise BusinessRuleError(RULE, _("不能为已过去的月份制定拜访计划。"), field="month")
    if (first.year - this_month.year) * 12 + first.month - this_month.month > MAX_MONTHS_AHEAD:
        raise BusinessRuleError(
            RULE, _("最多提前 %(n)s 个月制定计划。") % {"n": MAX_MONTHS_AHEAD}, field="month"
        )
    note = text({"note": note}, "note", rule=RULE, limit=2000, label=_("说明"))
    try:
        with transaction.atomic():
            plan = VisitPlan.objects.create(
                rep=actor,
                team_id=person.team_id,
                department_id=person.department_id,
                month=first,
                note=note,
            )
    except IntegrityError as exc:
        raise ConflictError(
            RULE,
            _("%(m)s 的拜访计划已存在。") % {"m": first.strftime("%Y-%m")},
            code="exists",
            field="month",
        ) from exc
    audit_record(
        actor=actor,
        action="visit_plan.create",
        obj=plan,
        rule=RULE,
        extra={"month": first.isoformat(), "due_on": plan_due_on(first).isoformat()},
    )
    return plan


@transaction.atomic
def visit_plan_update(
    *, actor, plan_id: int, note: str, expected_version: int | None = None
) -> VisitPlan:
    plan = _locked_plan(actor, plan_id)
    _editable(plan)
    plan.check_version(expected_version)
    before = plan.note
    plan.note = text({"note": note}, "note", rule=RULE, limit=2000, label=_("说明"))
    plan.save_versioned(update_fields=["note"])
    audit_record(
        actor=actor,
        action="visit_plan.update",
        obj=plan,
        rule="BR-APR-06",
        changes={"note": [before, plan.note]},
    )
    return plan


def _clean_item(plan: VisitPlan, actor, data: dict[str, Any]) -> dict[str, Any]:
    customer = None
    if data.get("customer_id"):
        customer = customer_selectors.customer_get(viewer=actor, customer_id=data["customer_id"])
    target = text(data, "target", rule=RULE, limit=100, label=_("拜访对象"))
    if customer is None and not target:
        raise BusinessRuleError(RULE, _("请选择客户或填写拜访对象。"), field="target")
    planned_on = as_date(data.get("planned_on"), rule=RULE, field="planned_on")
    if planned_on is None:
        raise BusinessRuleError(RULE, _("请填写计划日期。"), field="planned_on")
    if not plan.month <= planned_on <= month_end(plan.month):
        raise BusinessRuleError(
            RULE,
            _("计划日期须在 %(m)s 内。") % {"m": plan.month.strftime("%Y-%m")},
            field="planned_on",
        )
    purpose = data.get("purpose") or VisitPurpose.OTHER
    if purpose not in VisitPurpose.values:
        raise BusinessRuleError(RULE, _("拜访目的无效。"), field="purpose")
    return {
        "customer": customer,
        "target": target,
        "planned_on": planned_on,
        "purpose": purpose,
        "note": text(data, "note", rule=RULE, limit=200, label=_("备注")),
    }


@transaction.atomic
def visit_plan_item_add(*, actor, plan_id: int, data: dict[str, Any]) -> VisitPlanItem:
    plan = _locked_plan(actor, plan_id)
    _editable(plan)
    if plan.items.count() >= MAX_ITEMS:
        raise BusinessRuleError(
            RULE, _("一个月最多计划 %(n)s 次拜访。") % {"n": MAX_ITEMS}, code="too_many"
        )
    item = VisitPlanItem.objects.create(plan=plan, **_clean_item(plan, actor, data))
    plan.save_versioned(update_fields=[])  # the plan changed: a new version
    audit_record(
        actor=actor,
        action="visit_plan.item_add",
        obj=plan,
        rule=RULE,
        extra={
            "item": item.pk,
            "planned_on": item.planned_on.isoformat(),
            "target": item.label,
            "purpose": item.purpose,
        },
    )
    return item


def _item(plan: VisitPlan, item_id) -> VisitPlanItem:
    try:
        return plan.items.select_for_update().get(pk=int(item_id))
    except (VisitPlanItem.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError(RULE, _("未找到该计划拜访。")) from exc


@transaction.atomic
def visit_plan_item_remove(*, actor, plan_id: int, item_id: int) -> VisitPlan:
    plan = _locked_plan(actor, plan_id)
    _editable(plan)
    item = _item(plan, item_id)
    label, day = item.label, item.planned_on.isoformat()
    item.delete()
    plan.save_versioned(update_fields=[])
    audit_record(
        actor=actor,
        action="visit_plan.item_remove",
        obj=plan,
        rule=RULE,
        extra={"item": int(item_id), "planned_on": day, "target": label},
    )
    return plan


@transaction.atomic
def visit_plan_item_cancel(*, actor, plan_id: int, item_id: int, reason: str) -> VisitPlanItem:
    """A planned visit of an approved plan did not take place: no report is due for it
    (BR-ACT-02); the reason is kept."""
    plan = _locked_plan(actor, plan_id)
    if plan.status != PlanStatus.APPROVED:
        raise ConflictError("BR-ACT-02", _("只有已批准计划中的拜访可以取消。"), code="not_approved")
    item = _item(plan, item_id)
    if item.cancelled_at is not None:
        raise ConflictError("BR-ACT-02", _("该拜访已取消。"), code="cancelled")
    if VisitPlanItem.objects.filter(pk=item.pk, report__isnull=False).exists():
        raise ConflictError("BR-ACT-02", _("该拜访已提交报告，不能取消。"), code="reported")
    item.cancel_reason = text(
        {"reason": reason}, "reason", rule="BR-ACT-02", required=True, limit=200, label=_("原因")
    )
    item.cancelled_at = timezone.now()
    item.save(update_fields=["cancel_reason", "cancelled_at"])
    audit_record(
        actor=actor,
        action="visit_plan.item_cancel",
        obj=plan,
        rule="BR-ACT-02",
        extra={"item": item.pk, "reason": item.cancel_reason},
    )
    return item


def plan_title(plan: VisitPlan, name: str) -> str:
    return _("%(m)s 拜访计划 · %(who)s") % {"m": plan.month.strftime("%Y年%m月"), "who": name}


@transaction.atomic
def visit_plan_submit(*, actor, plan_id: int) -> VisitPlan:
    """Send the plan to the superior for approval (BR-ACT-01). A plan submitted after the
    last day of the month before is accepted and shown as late."""
    plan = _locked_plan(actor, plan_id)
    person = person_of(actor, rule=RULE)
    if plan.status not in EDITABLE:
        raise ConflictError(
            RULE,
            _("%(s)s的拜访计划不能再提交。") % {"s": plan.get_status_display()},
            code="not_editable",
        )
    today = timezone.localdate()
    if month_end(plan.month) < today:
        raise BusinessRuleError(RULE, _("该月份已过去，不能再提交。"), code="past_month")
    items = plan.items.count()
    if not items:
        raise BusinessRuleError(RULE, _("请先添加计划拜访。"), code="no_items")
    due = plan_due_on(plan.month)
    return document_submit(
        actor=actor,
        doc=plan,
        title=plan_title(plan, person.name),
        facts={
            "month": plan.month.strftime("%Y-%m"),
            "items": items,
            "due_on": due.isoformat(),
            "late": today > due,
        },
    )
