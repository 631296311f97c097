"""Follow-ups, visits and logs (BR-ACT-01…04, BR-CUS-02, 04, 05)."""

from l2c.activities.models.followups import FollowUp, FollowUpKind, TrackingReview
from l2c.activities.models.logs import DailySummary, WorkLog
from l2c.activities.models.visits import (
    PlanStatus,
    ReportState,
    Task,
    VisitPlan,
    VisitPlanItem,
    VisitPurpose,
    VisitReport,
)

__all__ = [
    "DailySummary",
    "FollowUp",
    "FollowUpKind",
    "PlanStatus",
    "ReportState",
    "Task",
    "TrackingReview",
    "VisitPlan",
    "VisitPlanItem",
    "VisitPurpose",
    "VisitReport",
    "WorkLog",
]
