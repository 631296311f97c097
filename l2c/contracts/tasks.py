"""What ``l2c_tick`` does for contracts (BR-CON-05): remind the department's sales assistant
and the team's supervisor of every signed original still not archived after the
``contracts.archive_by_day`` of the month after signing (002 art. 7 管理 ①: 销售助理每月5日前
将上一月的所有合同原件编号整理成冊，主管进行监督).

Idempotent: each notice carries the key ``contracts-archive-<id>-<YYYYMM>`` — one notice
per contract and recipient per month, however often or late the tick runs. Whether a
contract is overdue never depends on this job (``selectors.contracts_to_archive``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.contracts.selectors import overdue_archive_qs
from l2c.core.roles import Role
from l2c.org.models import Person

BATCH = 2000


def remind_archiving(now: dt.datetime) -> dict[str, int]:
    from l2c.notifications.services import notify

    contracts = list(
        overdue_archive_qs(now)
        .order_by("signed_at", "id")[:BATCH]
        .values("pk", "number", "signed_at", "department_id", "team_id")
    )
    if not contracts:
        return {"overdue": 0, "notified": 0}
    keepers: dict[tuple[str, int], list] = defaultdict(list)
    people = (
        Person.objects.filter(
            roles__role__in=[Role.ASSISTANT, Role.SUPERVISOR],
            left_on__isnull=True,
            user__is_active=True,
        )
        .filter(
            department_id__in={c["department_id"] for c in contracts},
        )
        .select_related("user")
        .prefetch_related("roles", "led_teams")
        .distinct()
    )
    for person in people:
        codes = set(person.role_codes)
        if Role.ASSISTANT in codes:
            keepers[("dept", person.department_id)].append(person.user)
        if Role.SUPERVISOR in codes:
            for team_id in person.scope_team_ids:
                keepers[("team", team_id)].append(person.user)
    month = timezone.localtime(now).strftime("%Y%m")
    url = reverse("contracts:archive")
    notified = 0
    for c in contracts:
        recipients = keepers[("dept", c["department_id"])] + keepers[("team", c["team_id"])]
        signed = timezone.localtime(c["signed_at"])
        rows = notify(
            recipients=recipients,
            kind="contracts.archive",
            title=_("合同原件未归档：%(n)s（%(m)s月签约）") % {"n": c["number"], "m": signed.month},
            body=_("上月合同原件应在本月规定日期前编号整理成册归档（BR-CON-05）。"),
            url=url,
            key=f"contracts-archive-{c['pk']}-{month}",
        )
        notified += len(rows)
    return {"overdue": len(contracts), "notified": notified}
