"""Every write of activities: follow-ups and tracking reviews (BR-CUS-02, 04, 05), visit
plans (BR-ACT-01), visit reports and tasks (BR-ACT-02), work logs and daily summaries
(BR-ACT-03). One business action = one service = one transaction = one audit record."""

from l2c.activities.services.followups import (
    follow_up_confirm,
    follow_up_record,
    tracking_review_create,
)
from l2c.activities.services.logs import (
    daily_summary_save,
    daily_summary_send,
    summary_recipients,
    work_log_save,
    work_log_update,
)
from l2c.activities.services.plans import (
    visit_plan_create,
    visit_plan_item_add,
    visit_plan_item_cancel,
    visit_plan_item_remove,
    visit_plan_submit,
    visit_plan_update,
)
from l2c.activities.services.reports import (
    task_complete,
    task_create,
    visit_report_create,
    visit_report_review,
    visit_report_update,
)

__all__ = [
    "daily_summary_save",
    "daily_summary_send",
    "follow_up_confirm",
    "follow_up_record",
    "summary_recipients",
    "task_complete",
    "task_create",
    "tracking_review_create",
    "visit_plan_create",
    "visit_plan_item_add",
    "visit_plan_item_cancel",
    "visit_plan_item_remove",
    "visit_plan_submit",
    "visit_plan_update",
    "visit_report_create",
    "visit_report_review",
    "visit_report_update",
    "work_log_save",
    "work_log_update",
]
