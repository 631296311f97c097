"""Approval pages: the inbox (waiting / done / copied / mine), the request page with its
timeline, and the actions on it. Thin: selectors to read, services to act."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from l2c.approvals import registry, selectors, services
from l2c.approvals.models import Decision
from l2c.core.errors import BusinessRuleError
from l2c.core.money import yuan
from l2c.org.models import Person

PAGE_SIZE = 30
#: how the facts of a request are labelled on its page
FACT_LABELS = {
    "discount_percent": (gettext_lazy("优惠"), "%"),
    "amount": (gettext_lazy("金额（元）"), ""),
    "requester_authority": (gettext_lazy("申请人权限"), "%"),
    "supervisor_authority": (gettext_lazy("主管权限"), "%"),
    "manager_authority": (gettext_lazy("经理权限"), "%"),
}
BOXES = (
    ("waiting", gettext_lazy("待我审批"), "hourglass-split"),
    ("done", gettext_lazy("我已审批"), "check2-all"),
    ("copied", gettext_lazy("抄送我的"), "envelope-open"),
    ("mine", gettext_lazy("我发起的"), "send"),
)


@login_required
def inbox(request):
    box = request.GET.get("box", "waiting")
    if box not in selectors.INBOX_BOXES:
        box = "waiting"
    now = timezone.now()
    qs = selectors.approval_inbox(user=request.user, box=box, now=now)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.inbox_counts(user=request.user, now=now)
    return render(
        request,
        "approvals/inbox.html",
        {"box": box, "boxes": BOXES, "page": page, "counts": counts, "now": now},
    )


def _people_choices():
    return (
        Person.objects.filter(left_on__isnull=True, user__is_active=True)
        .select_related("department")
        .order_by("department__sort_order", "department_id", "id")
    )


@login_required
def request_detail(request, pk: int):
    approval = selectors.approval_request_get(viewer=request.user, request_id=pk)
    now = timezone.now()
    services.approval_mark_copy_read(actor=request.user, request=approval)
    rounds, events = selectors.approval_timeline(approval, now=now)
    kind = registry.get(approval.kind)
    document_url = ""
    if kind is not None:
        obj = kind.model._default_manager.filter(pk=approval.object_id).first()
        document_url = kind.url(obj) if obj is not None else ""
    actions = selectors.actions_for(approval, request.user, now=now)
    return render(
        request,
        "approvals/request_detail.html",
        {
            "approval": approval,
            "rounds": rounds,
            "events": events,
            "kind_label": kind.label if kind else approval.kind,
            "document_url": document_url,
            "actions": actions,
            "people": _people_choices() if actions["can_decide"] or actions["can_copy"] else [],
            "decisions": Decision.choices,
            "facts": [
                (
                    label,
                    yuan(approval.facts[key])
                    if key == "amount"
                    else f"{approval.facts[key]}{unit}",
                )
                for key, (label, unit) in FACT_LABELS.items()
                if key in approval.facts
            ],
            "now": now,
        },
    )


def _int(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


def _act(request, pk: int, action, success: str):
    # visibility first: an outsider learns nothing about the request (404)
    selectors.approval_request_get(viewer=request.user, request_id=pk)
    try:
        action()
    except BusinessRuleError as exc:
        rule = f"（{exc.rule}）" if exc.rule else ""
        messages.error(request, f"{exc.message}{rule}")
    else:
        messages.success(request, success)
    return redirect("approvals:request", pk=pk)


@login_required
@require_POST
def decide(request, pk: int):
    decision = request.POST.get("decision", "")
    return _act(
        request,
        pk,
        lambda: services.approval_decide(
            actor=request.user,
            request_id=pk,
            decision=decision,
            opinion=request.POST.get("opinion", ""),
            return_to=_int(request.POST.get("return_to")),
        ),
        {"approve": _("已同意。"), "reject": _("已驳回。"), "return": _("已退回。")}.get(
            decision, _("已提交。")
        ),
    )


@login_required
@require_POST
def transfer(request, pk: int):
    return _act(
        request,
        pk,
        lambda: services.approval_transfer(
            actor=request.user,
            request_id=pk,
            to_user_id=_int(request.POST.get("person")),
            comment=request.POST.get("comment", ""),
        ),
        _("已转办。"),
    )


@login_required
@require_POST
def add_signer(request, pk: int):
    return _act(
        request,
        pk,
        lambda: services.approval_add_signer(
            actor=request.user,
            request_id=pk,
            user_id=_int(request.POST.get("person")),
            comment=request.POST.get("comment", ""),
        ),
        _("已加签。"),
    )


@login_required
@require_POST
def copy(request, pk: int):
    ids = [i for i in (_int(v) for v in request.POST.getlist("people")) if i is not None]
    return _act(
        request,
        pk,
        lambda: services.approval_copy(actor=request.user, request_id=pk, user_ids=ids),
        _("已抄送。"),
    )


@login_required
@require_POST
def withdraw(request, pk: int):
    return _act(
        request,
        pk,
        lambda: services.approval_withdraw(
            actor=request.user, request_id=pk, reason=request.POST.get("reason", "")
        ),
        _("已撤回，可修改后重新提交。"),
    )
