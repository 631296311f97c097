"""Follow-ups (BR-CUS-04, 05) and the supervisor's review of the A/B tracking table
(BR-CUS-02)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.activities.models import FollowUp, FollowUpKind, TrackingReview
from l2c.activities.policies import is_real_contact
from l2c.activities.services._common import (
    LEADER_ROLES,
    as_date,
    as_moment,
    is_leader_over,
    not_in_future,
    person_of,
    text,
)
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.scope import can_see, viewer_of
from l2c.customers import selectors as customer_selectors
from l2c.customers import services as customer_services
from l2c.customers.models import Customer
from l2c.customers.policies import VOID_REASONS


def _check_owner_may_record(customer: Customer, at: dt.datetime, now: dt.datetime) -> None:
    if not customer_services.is_effectively_owned(customer, now):
        reason = VOID_REASONS.get(customer.void_reason, _("废卡"))
        raise BusinessRuleError(
            "BR-CUS-04",
            _("该客户卡已于 %(when)s 失效（%(reason)s），跟进不再计入；客户已进入公海。")
            % {
                "when": timezone.localtime(customer.void_at).strftime("%Y-%m-%d %H:%M"),
                "reason": reason,
            },
            code="card_void",
        )
    start = customer.owned_since or customer.registered_at
    if at < start:
        raise BusinessRuleError(
            "BR-CUS-04",
            _("跟进时间不能早于您开始负责该客户的时间（%(t)s）。")
            % {"t": timezone.localtime(start).strftime("%Y-%m-%d %H:%M")},
            field="at",
        )


def record_follow_up(
    *,
    actor,
    customer: Customer,
    kind: str,
    at: dt.datetime,
    outcome: str,
    next_date: dt.date | None,
    answered: bool,
    now: dt.datetime,
) -> FollowUp:
    """The follow-up row and its effect on ownership, without an audit row (for the
    services that record a follow-up as part of their own action)."""
    owner = customer.owner_id == actor.pk
    if owner:
        _check_owner_may_record(customer, at, now)
    elif not is_leader_over(actor, customer):
        raise PermissionDeniedError("BR-CUS-04", _("只有客户负责人（或其上级）可以记录跟进。"))
    person = person_of(actor, rule="BR-CUS-04")
    real = is_real_contact(kind, answered)
    counted = owner and customer.deal_at is None
    # BR-CUS-04a: with the switch on, the owner's follow-up counts once the supervisor
    # confirms it (from when it was made, if confirmed within the window)
    awaiting = counted and customer_services.confirmation_required(now)
    if awaiting:
        counted = False
    follow_up = FollowUp.objects.create(
        customer=customer,
        rep=actor,
        team_id=person.team_id,
        department_id=person.department_id,
        kind=kind,
        answered=bool(answered) and kind == FollowUpKind.MESSAGE,
        at=at,
        outcome=outcome,
        next_date=next_date,
        real=real,
        counted=counted,
        awaiting_confirmation=awaiting,
    )
    if counted:
        customer_services.customer_record_contact(
            actor=actor, customer_id=customer.pk, at=at, real=real
        )
    return follow_up


@transaction.atomic
def follow_up_confirm(*, actor, follow_up_id: int) -> FollowUp:
    """The supervisor confirms a follow-up (BR-CUS-04a): within the window it counts from
    when it was made, later from the confirmation."""
    try:
        follow_up = (
            FollowUp.objects.select_for_update().select_related("rep").get(pk=int(follow_up_id))
        )
    except (FollowUp.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-CUS-04a", _("未找到该跟进记录。")) from exc
    if not follow_up.awaiting_confirmation:
        raise ConflictError("BR-CUS-04a", _("该跟进无需确认或已确认。"), code="not_awaiting")
    customer_services.require_confirmer(actor, follow_up.rep_id)
    now = timezone.now()
    effective = customer_services.effective_contact_time(follow_up.at, now)
    customer_services.customer_record_contact(
        actor=follow_up.rep, customer_id=follow_up.customer_id, at=effective, real=follow_up.real
    )
    follow_up.awaiting_confirmation = False
    follow_up.confirmed_at = now
    follow_up.counted = True
    follow_up.save_versioned(update_fields=["awaiting_confirmation", "confirmed_at", "counted"])
    audit_record(
        actor=actor,
        action="follow_up.confirm",
        obj=follow_up,
        rule="BR-CUS-04a",
        extra={"effective_at": effective.isoformat()},
    )
    return follow_up


@transaction.atomic
def follow_up_record(
    *,
    actor,
    customer_id: int,
    kind: str,
    outcome: str,
    at: dt.datetime | str | None = None,
    next_date: dt.date | str | None = None,
    answered: bool = False,
) -> FollowUp:
    """The owner followed a customer up (BR-CUS-04, 05): a real contact restarts the
    follow-up clock; a message-only one does not, and the third in a row voids the card at
    once. A leader of the owner may add a note, which never counts for ownership."""
    now = timezone.now()
    if kind not in FollowUpKind.values:
        raise BusinessRuleError("BR-CUS-05", _("请选择跟进方式。"), field="kind")
    moment = as_moment(at, rule="BR-CUS-04", field="at") or now
    not_in_future(moment, now, rule="BR-CUS-04", field="at")
    outcome = text(
        {"outcome": outcome}, "outcome", rule="BR-CUS-04", required=True, label=_("跟进内容")
    )
    next_on = as_date(next_date, rule="BR-CUS-04", field="next_date")
    if next_on is not None and next_on < timezone.localdate(moment):
        raise BusinessRuleError("BR-CUS-04", _("下次跟进日期不能早于本次跟进。"), field="next_date")
    customer = customer_selectors.customer_get(viewer=actor, customer_id=customer_id)
    follow_up = record_follow_up(
        actor=actor,
        customer=customer,
        kind=kind,
        at=moment,
        outcome=outcome,
        next_date=next_on,
        answered=answered,
        now=now,
    )
    customer.refresh_from_db(fields=["void_at", "void_reason", "message_streak"])
    audit_record(
        actor=actor,
        action="follow_up.record",
        obj=follow_up,
        rule="BR-CUS-04" if follow_up.real else "BR-CUS-05",
        extra={
            "customer": customer.pk,
            "kind": kind,
            "real": follow_up.real,
            "counted": follow_up.counted,
            "message_streak": customer.message_streak,
            "void_at": customer.void_at.isoformat() if customer.void_at else None,
            "void_reason": customer.void_reason,
        },
    )
    follow_up.customer = customer
    return follow_up


def _tracking_classes() -> list[str]:
    return list(policy.value("customers.tracking_classes"))


@transaction.atomic
def tracking_review_create(*, actor, customer_id: int, comment: str = "") -> TrackingReview:
    """The supervisor (or a leader above) reviews an A/B customer's tracking table (客户追踪表,
    BR-CUS-02); the owner is told."""
    from l2c.notifications.services import notify

    viewer = viewer_of(actor)
    if not viewer.roles & LEADER_ROLES:
        raise PermissionDeniedError("BR-CUS-02", _("只有主管或经理可以审阅客户追踪表。"))
    customer = customer_selectors.customer_get(viewer=actor, customer_id=customer_id)
    if customer.owner_id is None or not can_see(actor, customer):
        raise PermissionDeniedError("BR-CUS-02", _("只能审阅本组（本部门）客户的追踪表。"))
    if customer.owner_id == actor.pk:
        raise PermissionDeniedError(
            "BR-CUS-02", _("不能审阅自己负责的客户，请由您的上级审阅。"), code="own_customer"
        )
    classes = _tracking_classes()
    if customer.klass not in classes:
        raise BusinessRuleError(
            "BR-CUS-02",
            _("只有 %(c)s 类客户需要建立追踪表。") % {"c": "、".join(classes)},
            code="not_tracked",
        )
    comment = text({"comment": comment}, "comment", rule="BR-CUS-02", label=_("审阅意见"))
    review = TrackingReview.objects.create(
        customer=customer, reviewer=actor, at=timezone.now(), comment=comment
    )
    notify(
        recipients=[customer.owner],
        kind="activities.tracking_review",
        title=_("主管已审阅客户追踪表：%(name)s") % {"name": customer.name},
        body=comment,
        url=reverse("activities:tracking_customer", args=[customer.pk]),
        obj=customer,
        key=f"tracking-review-{review.pk}",
    )
    audit_record(
        actor=actor,
        action="tracking.review",
        obj=review,
        rule="BR-CUS-02",
        extra={"customer": customer.pk, "comment": comment},
    )
    return review
