"""Web pages of activities. Thin: selectors to read, services to act."""

from l2c.activities.views.followups import (
    follow_up_confirm,
    follow_up_list,
    follow_up_new,
    follow_up_pick,
    tracking,
    tracking_customer,
    tracking_review,
)
from l2c.activities.views.logs import (
    summaries,
    summary_detail,
    summary_send,
    work_log,
    work_log_detail,
)
from l2c.activities.views.reports import (
    report_detail,
    report_edit,
    report_list,
    report_new,
    report_review,
    task_complete,
    task_list,
    task_new,
)
from l2c.activities.views.visits import (
    plan_detail,
    plan_item_add,
    plan_item_cancel,
    plan_item_remove,
    plan_list,
    plan_new,
    plan_submit,
)

__all__ = [
    "follow_up_confirm",
    "follow_up_list",
    "follow_up_new",
    "follow_up_pick",
    "plan_detail",
    "plan_item_add",
    "plan_item_cancel",
    "plan_item_remove",
    "plan_list",
    "plan_new",
    "plan_submit",
    "report_detail",
    "report_edit",
    "report_list",
    "report_new",
    "report_review",
    "summaries",
    "summary_detail",
    "summary_send",
    "task_complete",
    "task_list",
    "task_new",
    "tracking",
    "tracking_customer",
    "tracking_review",
    "work_log",
    "work_log_detail",
]
