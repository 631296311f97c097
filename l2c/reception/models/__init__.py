"""Reception models: the desk (roster, out/back, registers) and attribution decisions."""

from l2c.reception.models.attribution import (
    AttributionDecision,
    AttributionShare,
    Condition,
    DecisionStatus,
    Pending,
    Resolution,
)
from l2c.reception.models.desk import (
    Assignment,
    DeskEvent,
    DeskEventKind,
    DutyRoster,
    OutReason,
    Reception,
    ReceptionKind,
    RosterSlot,
    Source,
)

__all__ = [
    "Assignment",
    "AttributionDecision",
    "AttributionShare",
    "Condition",
    "DecisionStatus",
    "DeskEvent",
    "DeskEventKind",
    "DutyRoster",
    "OutReason",
    "Pending",
    "Reception",
    "ReceptionKind",
    "Resolution",
    "RosterSlot",
    "Source",
]
