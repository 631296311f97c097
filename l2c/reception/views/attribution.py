"""客户区分 pages: the list (managers see their department's disputes first), one decision
with its shares, and the actions — dispute, verify a complaint, resolve (BR-ATT-04, 10, 11)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from l2c.core.errors import BusinessRuleError
from l2c.core.scope import viewer_of
from l2c.reception import selectors, services
from l2c.reception.forms import ConfirmMoveForm, DisputeForm, ResolveForm, VerifyForm
from l2c.reception.models import DecisionStatus, Pending
from l2c.reception.permissions import RESOLVE_ROLES, VERIFY_ROLES
from l2c.reception.views._common import error_message, form_errors

PAGE_SIZE = 30
TABS = (
    ("open", gettext_lazy("待处理")),
    ("disputed", DecisionStatus.DISPUTED.label),
    ("all", gettext_lazy("全部")),
)


@login_required
def attributions(request):
    tab = request.GET.get("tab", "open")
    if tab not in {t for t, _l in TABS}:
        tab = "open"
    qs = selectors.attribution_list(
        viewer=request.user,
        status=DecisionStatus.DISPUTED if tab == "disputed" else None,
        open_only=tab == "open",
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reception/attributions.html", {"page": page, "tab": tab, "tabs": TABS})


FLAGS = (
    ("forgot", gettext_lazy("忘记谁接待（BR-ATT-07）")),
    ("refuses_earlier", gettext_lazy("不愿找原接待人（BR-ATT-02）")),
    ("complaint", gettext_lazy("投诉原接待人（BR-ATT-04）")),
    ("nth_visit_named", gettext_lazy("第 N 次来访指定接待（BR-ATT-08）")),
    ("seeks_discount", gettext_lazy("为争取折扣找他人（BR-ATT-06）")),
    ("event", gettext_lazy("活动/开盘（BR-ATT-10）")),
)


def _answer_lines(decision) -> list[tuple[str, str]]:
    """The desk's answers and the facts, in words."""
    a, f = decision.answers, decision.facts
    ids = {a.get("earlier_rep"), a.get("wanted_rep"), a.get("helper_rep"), f.get("owner")}
    ids |= set(a.get("named_reps") or []) | set(f.get("earlier_receivers") or [])
    names = selectors.names_of(ids)
    lines = [(label, _("是")) for key, label in FLAGS if a.get(key)]
    for key, label in (
        ("earlier_rep", _("客户说的原接待人")),
        ("wanted_rep", _("客户现在要找的置业顾问")),
        ("helper_rep", _("协助接待人")),
    ):
        if a.get(key):
            lines.append((label, names.get(a[key], "?")))
    if a.get("named_reps"):
        lines.append(
            (_("说出的多名置业顾问"), "、".join(names.get(u, "?") for u in a["named_reps"]))
        )
    owner = f.get("owner")
    lines.append(
        (
            _("登记中的负责人"),
            f"{names.get(owner, '?')}（{_('卡有效') if f.get('owner_valid') else _('卡已失效')}）"
            if owner
            else _("无"),
        )
    )
    if f.get("earlier_receivers"):
        lines.append(
            (_("此前接待过"), "、".join(names.get(u, "?") for u in f["earlier_receivers"]))
        )
    return lines


@login_required
def attribution_detail(request, pk: int):
    decision = selectors.attribution_get(viewer=request.user, decision_id=pk)
    viewer = viewer_of(request.user)
    leader = viewer.is_superuser or bool(viewer.roles & (VERIFY_ROLES | RESOLVE_ROLES))
    can_resolve = (viewer.is_superuser or bool(viewer.roles & RESOLVE_ROLES)) and (
        decision.status == DecisionStatus.DISPUTED or decision.pending == Pending.MANAGER
    )
    shares = [s for s in decision.shares.all() if s.active]
    involved = {decision.receiver_id, decision.deal_owner_id, decision.facts.get("owner")}
    involved |= {s.user_id for s in shares}
    return render(
        request,
        "reception/attribution_detail.html",
        {
            "decision": decision,
            "shares": shares,
            "history": [s for s in decision.shares.all() if not s.active],
            "can_verify": leader
            and bool(viewer.roles & VERIFY_ROLES or viewer.is_superuser)
            and decision.pending == Pending.SUPERVISOR,
            "can_resolve": can_resolve,
            "can_dispute": (request.user.pk in involved or leader)
            and decision.status in (DecisionStatus.CONFIRMED, DecisionStatus.PROPOSED),
            "answer_lines": _answer_lines(decision),
            "dispute_form": DisputeForm(),
            "verify_form": VerifyForm() if decision.rule == "BR-ATT-04" else ConfirmMoveForm(),
            "resolve_form": ResolveForm(department_id=decision.department_id)
            if can_resolve
            else None,
        },
    )


def _act(request, pk, form, action, success):
    if not form.is_valid():
        form_errors(request, form)
        return redirect("reception:attribution", pk=pk)
    try:
        action(form.cleaned_data)
    except BusinessRuleError as exc:
        error_message(request, exc)
    else:
        messages.success(request, success)
    return redirect("reception:attribution", pk=pk)


@login_required
@require_POST
def attribution_dispute(request, pk: int):
    return _act(
        request,
        pk,
        DisputeForm(request.POST),
        lambda d: services.attribution_dispute(
            actor=request.user, decision_id=pk, reason=d["reason"]
        ),
        _("已提出异议，等待部门经理裁定。"),
    )


@login_required
@require_POST
def attribution_verify(request, pk: int):
    return _act(
        request,
        pk,
        VerifyForm(request.POST),
        lambda d: services.attribution_verify_complaint(
            actor=request.user, decision_id=pk, upheld=d["upheld"], note=d["note"]
        ),
        _("已记录核实结果。"),
    )


@login_required
@require_POST
def attribution_resolve(request, pk: int):
    decision = selectors.attribution_get(viewer=request.user, decision_id=pk)
    form = ResolveForm(request.POST, department_id=decision.department_id)
    return _act(
        request,
        pk,
        form,
        lambda d: services.attribution_resolve(
            actor=request.user,
            decision_id=pk,
            how=d["how"],
            note=d["note"],
            shares=form.shares(),
            deal_owner_id=d.get("person_1"),
        ),
        _("已裁定并记录。"),
    )
