"""Every read of the reception desk, scoped (BR-ORG-02)."""

from l2c.reception.selectors.attribution import (
    active_shares,
    attribution_get,
    attribution_list,
    customer_timeline,
)
from l2c.reception.selectors.desk import (
    DeskState,
    desk_state,
    names_of,
    roster_get,
    rosters_for_day,
    rotation_now,
    slots_of,
    teams_of,
)
from l2c.reception.selectors.registers import (
    DayStats,
    first_message_todo,
    reception_get,
    reception_list,
    reception_stats,
    shown_mobile,
)

__all__ = [
    "DayStats",
    "DeskState",
    "active_shares",
    "attribution_get",
    "attribution_list",
    "customer_timeline",
    "desk_state",
    "first_message_todo",
    "names_of",
    "reception_get",
    "reception_list",
    "reception_stats",
    "roster_get",
    "rosters_for_day",
    "rotation_now",
    "shown_mobile",
    "slots_of",
    "teams_of",
]
