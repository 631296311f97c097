"""Tender pages (BR-DEAL-02, 04, 05, 06): the list, reporting a notice, and the tender page
with its steps timeline, deadlines (red when late), the bidders table and the bid price —
shown only to the bid team and the GM before the opening (保密 for everybody else)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import formset_factory
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c import policy
from l2c.approvals import selectors as approval_selectors
from l2c.core.errors import BusinessRuleError, error_text, flash_error
from l2c.core.money import percent_of
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.customers.selectors import my_customers
from l2c.deals import selectors, services
from l2c.deals.forms import BidderForm, TenderForm
from l2c.deals.models import TenderStatus, TenderStepKind
from l2c.deals.services._common import is_leader_over
from l2c.deals.services.tenders import SIMPLE_STEPS, WON_STATUSES
from l2c.deals.views._common import PAGE_SIZE, TABS
from l2c.org.models import Person

BidderFormSet = formset_factory(BidderForm, extra=5, max_num=50)
#: the bid bond is paid once the company decided to bid and before the result (BR-DEAL-05)
BOND_PAYABLE = frozenset({TenderStatus.PREPARING, TenderStatus.SUBMITTED})
#: the bond comes back once the result is known: in full when lost, less the fee when won
BOND_REFUNDABLE = frozenset({TenderStatus.LOST, TenderStatus.DECLINED}) | WON_STATUSES


def _people():
    return list(
        Person.objects.filter(left_on__isnull=True)
        .select_related("department")
        .only("id", "user_id", "name", "department__name")
        .order_by("department_id", "name")
    )


@login_required
def tender_list(request):
    status = request.GET.get("status", "")
    qs = selectors.tender_list(
        viewer=request.user, status=status if status in TenderStatus.values else None
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    terms = selectors.tender_terms()
    rows = [
        (t, selectors.tender_state(t, now, terms), selectors.shown_price(request.user, t))
        for t in page
    ]
    return render(
        request,
        "deals/tender_list.html",
        {
            "tabs": TABS,
            "page": page,
            "rows": rows,
            "statuses": TenderStatus.choices,
            "status": status,
        },
    )


@login_required
def tender_new(request):
    form = TenderForm(
        request.POST or None,
        customers=my_customers(request.user),
        people=_people(),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        team = data.pop("bid_team")
        try:
            tender = services.tender_report(actor=request.user, data=data, bid_team=team)
        except BusinessRuleError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, error_text(exc))
        else:
            messages.success(request, _("招标信息已登记并报告部门经理。"))
            return redirect("deals:tender", pk=tender.pk)
    return render(request, "deals/tender_new.html", {"tabs": TABS, "form": form})


def _bond_forms(user, tender) -> dict | None:
    """The bid-bond forms (BR-DEAL-05) for finance only (BR-FIN-01): 缴纳投标保证金 while the
    bond is payable, 退还保证金 once the result is known. They post to finance's pages
    (finance records money; deals never calls finance) and come back here."""
    viewer = viewer_of(user)
    if not (Role.FINANCE in viewer.roles or viewer.is_superuser):
        return None
    percent = policy.value("deals.bid_bond_max_percent")
    cap = percent_of(tender.estimated_price, percent)
    won = tender.status in WON_STATUSES
    due = tender.bond_paid - ((tender.service_fee or 0) if won else 0)
    pay = tender.status in BOND_PAYABLE and tender.bond_paid < cap
    refund = tender.status in BOND_REFUNDABLE and tender.bond_paid > 0 and not tender.bond_refunded
    if not (pay or refund):
        return None
    return {
        "pay": pay,
        "percent": percent,
        "cap": cap,
        "room": f"{cap - tender.bond_paid:.2f}",
        "refund": refund,
        "won": won,
        "due": f"{max(due, 0):.2f}",
    }


@login_required
def tender_detail(request, pk: int):
    tender = selectors.tender_get(viewer=request.user, tender_id=pk)
    now = timezone.now()
    clock = selectors.tender_state(tender, now)
    team = list(tender.bid_team.all())
    team_ids = {u.pk for u in team}
    user = request.user
    member = user.pk in team_ids
    leader = is_leader_over(user, tender)
    acts = tender.owner_id == user.pk or member or leader
    done = set(tender.steps.values_list("step", flat=True))
    steps_open = [
        (k.value, k.label)
        for k in TenderStepKind
        if k in SIMPLE_STEPS
        and not (
            k in {"documents_bought", "registered", "submitted", "documents_ready"} and k in done
        )
    ]
    return render(
        request,
        "deals/tender_detail.html",
        {
            "tabs": TABS,
            "tender": tender,
            "clock": clock,
            "now": now,
            "steps": selectors.tender_steps(tender),
            "bidders": selectors.tender_bidders(tender),
            "team": Person.objects.filter(user_id__in=team_ids).select_related("department"),
            "price": selectors.shown_price(user, tender),
            "price_visible": selectors.can_see_price(user, tender),
            "approval": approval_selectors.approval_for_object(tender, kind="bid_decision"),
            "member": member,
            "acts": acts,
            "can_decide": (tender.owner_id == user.pk or leader)
            and tender.status in {TenderStatus.REPORTED, TenderStatus.DECLINED},
            "steps_open": steps_open if acts and tender.status == TenderStatus.PREPARING else [],
            "can_price": member and tender.status == TenderStatus.PREPARING,
            "can_open": acts and tender.status == TenderStatus.SUBMITTED,
            "bidder_forms": BidderFormSet(prefix="bidders")
            if acts and tender.status == TenderStatus.SUBMITTED
            else None,
            "can_result": acts and tender.status == TenderStatus.OPENED,
            "can_award": acts and tender.status == TenderStatus.PUBLICITY,
            "can_fee": (acts or Role.FINANCE in viewer_of(user).roles)
            and tender.status in WON_STATUSES
            and not tender.bond_refunded,
            "can_team": (tender.owner_id == user.pk or leader)
            and tender.status
            in {
                TenderStatus.REPORTED,
                TenderStatus.DECIDING,
                TenderStatus.PREPARING,
                TenderStatus.SUBMITTED,
            },
            "bond": _bond_forms(user, tender),
            "people": _people() if (tender.owner_id == user.pk or leader) else [],
            "team_ids": team_ids,
        },
    )


def _bidders_from(request) -> list[dict]:
    formset = BidderFormSet(request.POST, prefix="bidders")
    if not formset.is_valid():
        raise BusinessRuleError("BR-DEAL-04", _("请检查开标记录各行。"))
    us = request.POST.get("us", "")
    rows = []
    for i, form in enumerate(formset.forms):
        data = form.cleaned_data
        if not data.get("name"):
            continue
        rows.append({**data, "is_us": us == str(i) or bool(data.get("is_us"))})
    return rows


def _run(request, tender_id: int, action: str) -> str:
    post = request.POST
    actor = request.user
    if action == "decide":
        services.tender_decide(actor=actor, tender_id=tender_id)
        return _("已提交投标决策。")
    if action == "team":
        services.tender_set_team(actor=actor, tender_id=tender_id, members=post.getlist("members"))
        return _("投标小组已更新。")
    if action == "step":
        services.tender_record_step(
            actor=actor,
            tender_id=tender_id,
            step=post.get("step", ""),
            note=post.get("note", ""),
        )
        return _("步骤已登记。")
    if action == "price":
        services.tender_set_price(
            actor=actor,
            tender_id=tender_id,
            price=post.get("price", ""),
            duration_days=post.get("duration_days") or None,
        )
        return _("投标报价已确定（保密）。")
    if action == "opening":
        services.tender_record_opening(
            actor=actor, tender_id=tender_id, bidders=_bidders_from(request),
            note=post.get("note", ""),
        )  # fmt: skip
        return _("开标记录已登记。")
    if action == "result":
        services.tender_record_result(
            actor=actor,
            tender_id=tender_id,
            won=post.get("won") == "1",
            note=post.get("note", ""),
            publicity_start=post.get("publicity_start") or None,
            publicity_end=post.get("publicity_end") or None,
        )
        return _("投标结果已登记。")
    if action == "award":
        services.tender_record_award(
            actor=actor, tender_id=tender_id, notice_date=post.get("notice_date") or None
        )
        return _("中标通知书已登记。")
    if action == "service_fee":
        services.tender_record_service_fee(
            actor=actor,
            tender_id=tender_id,
            service_fee=post.get("service_fee", ""),
            invoice=post.get("invoice", ""),
        )
        return _("中标服务费及发票已登记。")
    raise BusinessRuleError("BR-DEAL-04", _("未知操作。"))


@login_required
@require_POST
def tender_action(request, pk: int, action: str):
    tender = selectors.tender_get(viewer=request.user, tender_id=pk)
    try:
        done = _run(request, tender.pk, action)
    except BusinessRuleError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, done)
    return redirect("deals:tender", pk=tender.pk)
