"""What ``l2c_tick`` does for the catalog (BR-CAT-03): record that expired holds went back
to available and tell the rep who held them. Idempotent: a unit already returned is not
held any more, so running the tick twice, late or not at all changes nothing that is true —
every read and every service already treats an expired hold as available."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.catalog.models import Unit, UnitEvent, UnitState
from l2c.catalog.policies import short_time

BATCH = 500
RULE = "BR-CAT-03"


def return_expired_holds(now: dt.datetime) -> dict[str, int]:
    from l2c.notifications.services import notify

    returned = notified = 0
    while True:
        with transaction.atomic():
            units = list(
                Unit.objects.select_for_update(skip_locked=True)
                .filter(state=UnitState.HELD, held_until__lte=now)
                .order_by("held_until", "id")[:BATCH]
            )
            if not units:
                break
            holders = {
                u.pk: u
                for u in Unit.objects.filter(pk__in=[x.pk for x in units]).select_related("holder")
            }
            for unit in units:
                holder = holders[unit.pk].holder
                expired_at = unit.held_until
                UnitEvent.objects.create(
                    unit=unit,
                    from_state=UnitState.HELD,
                    to_state=UnitState.AVAILABLE,
                    at=expired_at,
                    actor=None,
                    reason=str(_("销控保留到期")),
                    rule=RULE,
                )
                before = {"holder": unit.holder_id, "customer": unit.customer_id}
                unit.state = UnitState.AVAILABLE
                unit.state_changed_at = expired_at
                unit.holder = None
                unit.customer = None
                unit.held_until = None
                unit.save_versioned(
                    update_fields=["state", "state_changed_at", "holder", "customer", "held_until"]
                )
                audit_record(
                    actor=None,
                    action="unit.hold_expired",
                    obj=unit,
                    rule=RULE,
                    changes={
                        "state": [UnitState.HELD, UnitState.AVAILABLE],
                        "holder": [before["holder"], None],
                        "customer": [before["customer"], None],
                    },
                )
                returned += 1
                if holder is not None:
                    notified += len(
                        notify(
                            recipients=[holder],
                            kind="catalog.hold_expired",
                            title=_("销控保留已到期：%(code)s") % {"code": unit.code},
                            body=_("您对 %(code)s 的销控保留已于 %(at)s 到期，该单位已恢复可售。")
                            % {"code": unit.code, "at": short_time(expired_at)},
                            url=reverse("catalog:unit", args=[unit.pk]),
                            obj=unit,
                            key=f"unit-{unit.pk}-hold-expired-{expired_at.timestamp():.0f}",
                        )
                    )
    return {"returned": returned, "notified": notified}
