"""/api/v1/ routes of activities."""

from django.urls import path

from l2c.activities.apis import followups, logs, plans, reports

app_name = "activities_api"

P = "activities/"

urlpatterns = [
    path(f"{P}follow-ups/", followups.FollowUpsApi.as_view(), name="follow-ups"),
    path(
        f"{P}follow-ups/<int:follow_up_id>/",
        followups.FollowUpDetailApi.as_view(),
        name="follow-up-detail",
    ),
    path(f"{P}tracking/", followups.TrackingApi.as_view(), name="tracking"),
    path(f"{P}tracking-reviews/", followups.TrackingReviewsApi.as_view(), name="tracking-reviews"),
    path(f"{P}visit-plans/", plans.PlansApi.as_view(), name="visit-plans"),
    path(f"{P}visit-plans/<int:plan_id>/", plans.PlanDetailApi.as_view(), name="visit-plan-detail"),
    path(
        f"{P}visit-plans/<int:plan_id>/items/",
        plans.PlanItemsApi.as_view(),
        name="visit-plan-items",
    ),
    path(
        f"{P}visit-plans/<int:plan_id>/items/<int:item_id>/",
        plans.PlanItemDetailApi.as_view(),
        name="visit-plan-item-detail",
    ),
    path(
        f"{P}visit-plans/<int:plan_id>/items/<int:item_id>/cancel/",
        plans.PlanItemCancelApi.as_view(),
        name="visit-plan-item-cancel",
    ),
    path(
        f"{P}visit-plans/<int:plan_id>/submit/",
        plans.PlanSubmitApi.as_view(),
        name="visit-plan-submit",
    ),
    path(f"{P}visit-reports/", reports.ReportsApi.as_view(), name="visit-reports"),
    path(f"{P}visit-reports/due/", reports.ReportsDueApi.as_view(), name="visit-reports-due"),
    path(
        f"{P}visit-reports/<int:report_id>/",
        reports.ReportDetailApi.as_view(),
        name="visit-report-detail",
    ),
    path(
        f"{P}visit-reports/<int:report_id>/review/",
        reports.ReportReviewApi.as_view(),
        name="visit-report-review",
    ),
    path(f"{P}tasks/", reports.TasksApi.as_view(), name="tasks"),
    path(
        f"{P}tasks/<int:task_id>/complete/", reports.TaskCompleteApi.as_view(), name="task-complete"
    ),
    path(f"{P}work-logs/", logs.WorkLogsApi.as_view(), name="work-logs"),
    path(f"{P}work-logs/<int:log_id>/", logs.WorkLogDetailApi.as_view(), name="work-log-detail"),
    path(f"{P}daily-summaries/", logs.SummariesApi.as_view(), name="daily-summaries"),
    path(
        f"{P}daily-summaries/<int:summary_id>/",
        logs.SummaryDetailApi.as_view(),
        name="daily-summary-detail",
    ),
    path(
        f"{P}daily-summaries/<int:summary_id>/send/",
        logs.SummarySendApi.as_view(),
        name="daily-summary-send",
    ),
]
