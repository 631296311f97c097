"""The to-do panel's sections from activities (BR-RPT-05, BR-ACT-04), each a fixed small
number of queries: customers to contact today, customers about to drop to the pool,
visit reports to write and to review, promised tasks, birthdays, coming holidays."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from l2c import policy
from l2c.activities.models import FollowUp
from l2c.activities.policies import birthday_days, holidays_starting, next_birthday, setting
from l2c.activities.selectors import visits
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.core.todo import TodoItem, TodoSection
from l2c.customers.models import Customer
from l2c.customers.policies import VOID_REASONS
from l2c.policy.models import CalendarDay, CalendarDayKind

SHOWN = 5
# Items due on a *date* carry it in their note: the home page formats ``due`` with a time.
#: who owns customers, and so gets the customer reminders
OWNER_ROLES = frozenset({Role.REP, Role.SUPERVISOR, Role.MANAGER})
FOLLOW_UP_REASONS = ("first_follow_up", "follow_up")


#: who leads reps, and so reviews their visit reports
LEADER_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM})


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _owner(user) -> bool:
    return _signed_in(user) and bool(viewer_of(user).roles & OWNER_ROLES)


def _leader(user) -> bool:
    return _signed_in(user) and bool(viewer_of(user).roles & LEADER_ROLES)


PROVIDERS: dict[str, Callable[[object], TodoSection | None]] = {}


def _provider(
    key: str, label, icon: str, order: int, *, who=_signed_in, more: str = "", shown=SHOWN
):
    """Make ``gather(user)`` — the items of one section and how many there are in all
    (``None`` or no items: no section) — the to-do provider of section ``key``: it asks
    ``who`` whether the user gets the section at all, shows the first ``shown`` items (all
    for ``None``) and links ``more`` (a url name, optionally with a query) for the rest."""

    def wrap(gather):
        @functools.wraps(gather)
        def provider(user) -> TodoSection | None:
            if not who(user):
                return None
            found = gather(user)
            if not found or not found[0]:
                return None
            items, total = found
            name, _sep, query = more.partition("?")
            return TodoSection(
                key=key,
                label=str(label),
                icon=icon,
                order=order,
                items=items[:shown],
                total=total,
                more_url=reverse(name) + _sep + query if name else "",
            )

        PROVIDERS[key] = provider
        return provider

    return wrap


def _day_bounds(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + dt.timedelta(days=1)


def customer_url(customer_id: int) -> str:
    """The customer page (customers app) when it exists, else the follow-up page."""
    try:
        return reverse("customers:detail", args=[customer_id])
    except NoReverseMatch:
        return reverse("activities:follow_up_new", args=[customer_id])


def _live(user):
    return Customer.objects.filter(owner=user, deal_at__isnull=True, locked=False, archived_at=None)


@_provider(
    "activities.contact_today",
    gettext_lazy("今日需联系的客户"),
    "telephone-outbound",
    10,
    who=_owner,
    more="activities:follow_ups",
)
def contact_today(user):
    """Cards whose follow-up deadline (BR-CUS-04) falls today, and customers whose next
    follow-up was planned for today and has not happened yet. Two queries."""
    now = timezone.now()
    start, end = _day_bounds(now)
    today = start.date()
    deadline = list(
        _live(user)
        .filter(void_at__gt=now, void_at__lt=end, void_reason__in=FOLLOW_UP_REASONS)
        .order_by("void_at", "id")
        .values_list("id", "name", "void_at", "void_reason")[:100]
    )
    later = FollowUp.objects.filter(customer=OuterRef("customer_id"), at__gt=OuterRef("at"))
    planned = list(
        FollowUp.objects.filter(rep=user, next_date=today, customer__owner=user)
        .filter(~Exists(later))
        .order_by("at", "id")
        .values_list("customer_id", "customer__name", "outcome")[:100]
    )
    items, seen = [], set()
    for pk, name, void_at, reason in deadline:
        seen.add(pk)
        items.append(
            TodoItem(
                title=name,
                url=reverse("activities:follow_up_new", args=[pk]),
                due=void_at,
                note=str(VOID_REASONS.get(reason, "")) + _("期限今天到期"),
            )
        )
    for pk, name, outcome in planned:
        if pk in seen:
            continue
        seen.add(pk)
        items.append(
            TodoItem(
                title=name,
                url=reverse("activities:follow_up_new", args=[pk]),
                note=_("计划今日跟进：%(last)s") % {"last": outcome[:40]},
            )
        )
    return items, len(items)


@_provider(
    "activities.about_to_drop",
    gettext_lazy("即将掉入公海的客户"),
    "exclamation-triangle",
    11,
    who=_owner,
    more="activities:tracking",
)
def about_to_drop(user):
    """Cards that become void within ``customers.drop_reminder_days`` (BR-CUS-07), except
    those already listed to contact today. Three queries."""
    now = timezone.now()
    _start, end = _day_bounds(now)
    ahead = dt.timedelta(days=policy.value("customers.drop_reminder_days", at=now))
    qs = (
        _live(user)
        .filter(void_at__gt=now, void_at__lte=now + ahead)
        .exclude(Q(void_at__lt=end) & Q(void_reason__in=FOLLOW_UP_REASONS))
        .order_by("void_at", "id")
    )
    rows = list(qs.values_list("id", "name", "void_at", "void_reason")[:SHOWN])
    items = [
        TodoItem(
            title=name,
            url=reverse("activities:follow_up_new", args=[pk]),
            due=void_at,
            note=str(VOID_REASONS.get(reason, "")),
        )
        for pk, name, void_at, reason in rows
    ]
    return items, _total(qs, rows)


def _total(qs, rows) -> int:
    """How many in all, when the first ``SHOWN`` rows are ``rows`` (a count only if full)."""
    return qs.count() if len(rows) == SHOWN else len(rows)


@_provider(
    "activities.reports_due",
    gettext_lazy("待写拜访报告"),
    "journal-text",
    40,
    more="activities:reports",
)
def reports_due(user):
    """Visit reports to write (BR-ACT-02). Three queries."""
    due = visits.reports_due(user=user)
    items = [
        TodoItem(
            title=d.label,
            url=d.new_url,
            overdue=d.overdue,
            note=_("拜访日 %(d)s，报告期限 %(due)s")
            % {"d": d.visited_on.strftime("%m-%d"), "due": d.due_on.strftime("%m-%d")},
        )
        for d in due[:SHOWN]
    ]
    return items, len(due)


@_provider(
    "activities.reports_to_review",
    gettext_lazy("待审核拜访报告"),
    "clipboard-check",
    41,
    who=_leader,
    more="activities:reports?state=submitted",
)
def reports_to_review(user):
    """Submitted visit reports of the people I lead (BR-ACT-02). Two queries."""
    qs = visits.reports_to_review(viewer=user)
    rows = list(qs[:SHOWN])
    items = [
        TodoItem(
            title=f"{r.rep.person.name} · {r.label}",
            url=reverse("activities:report", args=[r.pk]),
            note=_("拜访于 %(d)s") % {"d": timezone.localtime(r.visited_at).strftime("%m-%d")},
        )
        for r in rows
    ]
    return items, _total(qs, rows)


@_provider(
    "activities.tasks",
    gettext_lazy("答应客户的事项"),
    "check2-circle",
    45,
    more="activities:tasks",
)
def tasks_due(user):
    """Open promises to customers, soonest first (BR-ACT-02). Two queries."""
    today = timezone.localdate()
    qs = visits.task_list(viewer=user, scope="mine")
    rows = list(qs[:SHOWN])
    items = [
        TodoItem(
            title=t.title,
            url=reverse("activities:tasks"),
            overdue=t.due_on < today,
            note=" · ".join(
                filter(
                    None,
                    [
                        _("期限 %(d)s") % {"d": t.due_on.strftime("%m-%d")},
                        t.customer.name if t.customer is not None else "",
                    ],
                )
            ),
        )
        for t in rows
    ]
    return items, _total(qs, rows)


@_provider("activities.birthdays", gettext_lazy("客户生日"), "gift", 50, who=_owner)
def birthdays(user):
    """My customers' birthdays today and tomorrow (BR-ACT-04). Two queries."""
    now = timezone.now()
    today = timezone.localdate(now)
    ahead = setting("activities.birthday_reminder_days", at=now)
    match = Q()
    for month, day in birthday_days(today, ahead):
        match |= Q(birthday__month=month, birthday__day=day)
    rows = list(
        Customer.objects.filter(match, owner=user, archived_at=None)
        .filter(Q(deal_at__isnull=False) | Q(locked=True) | Q(void_at__gt=now))
        .values_list("id", "name", "birthday")[:50]
    )
    dated = sorted((next_birthday(b, today), pk, name) for pk, name, b in rows if b is not None)
    items = [
        TodoItem(
            title=name,
            url=customer_url(pk),
            note=_("今天生日，请送上祝福") if day == today else _("明天生日，请准备祝福"),
        )
        for day, pk, name in dated[:SHOWN]
    ]
    return items, len(dated)


@_provider("activities.holidays", gettext_lazy("节日问候"), "balloon", 51, who=_owner, shown=None)
def holidays(user):
    """Statutory holidays starting within ``activities.holiday_reminder_days``: greet the
    customers (BR-ACT-04). Two queries."""
    now = timezone.now()
    today = timezone.localdate(now)
    ahead = setting("activities.holiday_reminder_days", at=now)
    days = CalendarDay.objects.filter(
        kind=CalendarDayKind.HOLIDAY,
        date__gte=today - dt.timedelta(days=1),
        date__lte=today + dt.timedelta(days=ahead),
    ).values_list("date", "name")
    items = [
        TodoItem(
            title=_("%(name)s（%(day)s）：给客户发送节日问候")
            % {"name": name or _("法定节假日"), "day": day.strftime("%m-%d")},
            url=reverse("activities:follow_ups"),
        )
        for day, name in holidays_starting(days, today)
    ]
    return items, None
