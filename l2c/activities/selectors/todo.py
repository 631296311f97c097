"""The to-do panel's sections from activities (BR-RPT-05, BR-ACT-04), each a fixed small
number of queries: customers to contact today, customers about to drop to the pool,
visit reports to write and to review, promised tasks, birthdays, coming holidays."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.activities.models import FollowUp
from l2c.activities.policies import birthday_days, holidays_starting, next_birthday, setting
from l2c.activities.selectors import visits
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.customers.models import Customer
from l2c.customers.policies import VOID_REASONS
from l2c.policy.models import CalendarDay, CalendarDayKind

SHOWN = 5
# Items due on a *date* carry it in their note: the home page formats ``due`` with a time.
#: who owns customers, and so gets the customer reminders
OWNER_ROLES = frozenset({Role.REP, Role.SUPERVISOR, Role.MANAGER})
FOLLOW_UP_REASONS = ("first_follow_up", "follow_up")


def _owner(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(viewer_of(user).roles & OWNER_ROLES)


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


def contact_today(user):
    """Cards whose follow-up deadline (BR-CUS-04) falls today, and customers whose next
    follow-up was planned for today and has not happened yet. Two queries."""
    from l2c.web.todo import TodoItem, TodoSection

    if not _owner(user):
        return None
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
    if not items:
        return None
    return TodoSection(
        key="activities.contact_today",
        label=_("今日需联系的客户"),
        icon="telephone-outbound",
        order=10,
        items=items[:SHOWN],
        total=len(items),
        more_url=reverse("activities:follow_ups"),
    )


def about_to_drop(user):
    """Cards that become void within ``customers.drop_reminder_days`` (BR-CUS-07), except
    those already listed to contact today. Three queries."""
    from l2c.web.todo import TodoItem, TodoSection

    if not _owner(user):
        return None
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
    if not rows:
        return None
    total = qs.count() if len(rows) == SHOWN else len(rows)
    return TodoSection(
        key="activities.about_to_drop",
        label=_("即将掉入公海的客户"),
        icon="exclamation-triangle",
        order=11,
        items=[
            TodoItem(
                title=name,
                url=reverse("activities:follow_up_new", args=[pk]),
                due=void_at,
                note=str(VOID_REASONS.get(reason, "")),
            )
            for pk, name, void_at, reason in rows
        ],
        total=total,
        more_url=reverse("activities:tracking"),
    )


def reports_due(user):
    """Visit reports to write (BR-ACT-02). Three queries."""
    from l2c.web.todo import TodoItem, TodoSection

    if not getattr(user, "is_authenticated", False):
        return None
    due = visits.reports_due(user=user)
    if not due:
        return None
    return TodoSection(
        key="activities.reports_due",
        label=_("待写拜访报告"),
        icon="journal-text",
        order=40,
        items=[
            TodoItem(
                title=d.label,
                url=d.new_url,
                overdue=d.overdue,
                note=_("拜访日 %(d)s，报告期限 %(due)s")
                % {"d": d.visited_on.strftime("%m-%d"), "due": d.due_on.strftime("%m-%d")},
            )
            for d in due[:SHOWN]
        ],
        total=len(due),
        more_url=reverse("activities:reports"),
    )


def reports_to_review(user):
    """Submitted visit reports of the people I lead (BR-ACT-02). Two queries."""
    from l2c.web.todo import TodoItem, TodoSection

    if not getattr(user, "is_authenticated", False):
        return None
    if not viewer_of(user).roles & {Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM}:
        return None
    qs = visits.reports_to_review(viewer=user)
    rows = list(qs[:SHOWN])
    if not rows:
        return None
    return TodoSection(
        key="activities.reports_to_review",
        label=_("待审核拜访报告"),
        icon="clipboard-check",
        order=41,
        items=[
            TodoItem(
                title=f"{r.rep.person.name} · {r.label}",
                url=reverse("activities:report", args=[r.pk]),
                note=_("拜访于 %(d)s") % {"d": timezone.localtime(r.visited_at).strftime("%m-%d")},
            )
            for r in rows
        ],
        total=qs.count() if len(rows) == SHOWN else len(rows),
        more_url=reverse("activities:reports") + "?state=submitted",
    )


def tasks_due(user):
    """Open promises to customers, soonest first (BR-ACT-02). Two queries."""
    from l2c.web.todo import TodoItem, TodoSection

    if not getattr(user, "is_authenticated", False):
        return None
    today = timezone.localdate()
    qs = visits.task_list(viewer=user, scope="mine")
    rows = list(qs[:SHOWN])
    if not rows:
        return None
    return TodoSection(
        key="activities.tasks",
        label=_("答应客户的事项"),
        icon="check2-circle",
        order=45,
        items=[
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
        ],
        total=qs.count() if len(rows) == SHOWN else len(rows),
        more_url=reverse("activities:tasks"),
    )


def birthdays(user):
    """My customers' birthdays today and tomorrow (BR-ACT-04). Two queries."""
    from l2c.web.todo import TodoItem, TodoSection

    if not _owner(user):
        return None
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
    if not rows:
        return None
    dated = sorted((next_birthday(b, today), pk, name) for pk, name, b in rows if b is not None)
    return TodoSection(
        key="activities.birthdays",
        label=_("客户生日"),
        icon="gift",
        order=50,
        items=[
            TodoItem(
                title=name,
                url=customer_url(pk),
                note=_("今天生日，请送上祝福") if day == today else _("明天生日，请准备祝福"),
            )
            for day, pk, name in dated[:SHOWN]
        ],
        total=len(dated),
    )


def holidays(user):
    """Statutory holidays starting within ``activities.holiday_reminder_days``: greet the
    customers (BR-ACT-04). Two queries."""
    from l2c.web.todo import TodoItem, TodoSection

    if not _owner(user):
        return None
    now = timezone.now()
    today = timezone.localdate(now)
    ahead = setting("activities.holiday_reminder_days", at=now)
    days = CalendarDay.objects.filter(
        kind=CalendarDayKind.HOLIDAY,
        date__gte=today - dt.timedelta(days=1),
        date__lte=today + dt.timedelta(days=ahead),
    ).values_list("date", "name")
    coming = holidays_starting(days, today)
    if not coming:
        return None
    return TodoSection(
        key="activities.holidays",
        label=_("节日问候"),
        icon="balloon",
        order=51,
        items=[
            TodoItem(
                title=_("%(name)s（%(day)s）：给客户发送节日问候")
                % {"name": name or _("法定节假日"), "day": day.strftime("%m-%d")},
                url=reverse("activities:follow_ups"),
            )
            for day, name in coming
        ],
    )


PROVIDERS = {
    "activities.contact_today": contact_today,
    "activities.about_to_drop": about_to_drop,
    "activities.reports_due": reports_due,
    "activities.reports_to_review": reports_to_review,
    "activities.tasks": tasks_due,
    "activities.birthdays": birthdays,
    "activities.holidays": holidays,
}
